/**
 * The comlink face of the worker (EngineWorkerApi): wires the run controller, the asset cache and
 * the checkpoint service together, turns every failure into a typed wire error, keeps the page's
 * one event callback, says "alive" every HEARTBEAT_MS, and holds the worker's life lock.
 */
import { releaseProxy, type Remote } from 'comlink';
import type { DefenseResult, EvalReport, HumanAttack, LabSettings, PromptInspection, Role, SampleResult } from '../engine/api';
import { shippedRewardLM } from '../engine/config/assets';
import { toErrorInfo } from '../engine/errors';
import { AssetCache } from './asset-cache';
import { CheckpointService } from './checkpoint-service';
import { CheckpointStore } from './checkpoint-store';
import { EventHub } from './events';
import {
  HEARTBEAT_MS,
  type CheckpointMeta,
  type EngineWorkerApi,
  type EvalSource,
  type EventSink,
  type LoadOptions,
  type RunSnapshot,
  type RunState,
  type StartOptions,
  type StorageInfo,
  type WireError,
  type WorkerEnv,
  type WorldPrompt,
} from './protocol';
import { RunController, type LabFactory } from './run-controller';
import { holdForLife, RunLeases, type Locks } from './run-leases';

export type { LabFactory } from './run-controller';
export { checkpointFilename } from './checkpoint-service';

function toWire(e: unknown): WireError {
  if (e && typeof e === 'object' && (e as WireError).__labError) return e as WireError;
  return { __labError: true, ...toErrorInfo(e) };
}

/** Run a command; any failure leaves as a typed wire error. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toWire(e);
  }
}

export interface EngineServiceOptions {
  store?: CheckpointStore;
  /** The Web Locks API of this worker (navigator.locks); tests pass a fake. */
  locks: Locks;
  fetch?: ConstructorParameters<typeof AssetCache>[0];
}

export class EngineService implements EngineWorkerApi {
  private readonly events = new EventHub();
  private readonly assets: AssetCache;
  private readonly checkpoints: CheckpointService;
  private readonly run: RunController;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    factory: LabFactory,
    private readonly opts: EngineServiceOptions,
  ) {
    this.assets = new AssetCache(opts.fetch);
    this.checkpoints = new CheckpointService(opts.store ?? new CheckpointStore(), factory.readCheckpointSummary, this.events);
    this.run = new RunController({
      factory,
      assets: this.assets,
      checkpoints: this.checkpoints,
      events: this.events,
      leases: new RunLeases(opts.locks),
    });
  }

  init(env: WorkerEnv): Promise<RunState> {
    return guard(async () => {
      this.assets.configure(env.assetBase, env.assetStallMs);
      this.run.configure(env);
      if (env.lifeLock) await holdForLife(this.opts.locks, env.lifeLock);
      // Warm the cache of the judge in the background; errors surface when a run starts.
      this.assets.get(shippedRewardLM('v1')).catch(() => undefined);
      return this.run.state();
    });
  }

  async connect(sink: EventSink): Promise<void> {
    await this.disconnect();
    this.events.setSink(sink);
    this.heartbeat = setInterval(() => this.events.emit({ type: 'heartbeat' }), HEARTBEAT_MS);
  }

  async disconnect(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const old = this.events.setSink(null) as Remote<EventSink> | null;
    if (old && typeof (old as unknown as Record<symbol, unknown>)[releaseProxy] === 'function') old[releaseProxy]();
  }

  snapshot(): Promise<RunSnapshot> {
    return guard(() => ({ state: this.run.state(), history: this.run.history(), games: this.run.recentGames(), humanAttacks: this.run.humanAttacks() }));
  }

  setAutosaveEvery(n: number): Promise<RunState> {
    return guard(() => this.run.setAutosaveEvery(n));
  }

  start(opts?: StartOptions): Promise<RunState> {
    return guard(() => this.run.start(opts));
  }

  pause(): Promise<RunState> {
    return guard(() => this.run.pause());
  }

  step(opts?: StartOptions): Promise<RunState> {
    return guard(() => this.run.step(opts));
  }

  stop(): Promise<RunState> {
    return guard(() => this.run.stop());
  }

  evaluate(source: EvalSource): Promise<EvalReport> {
    return guard(() => this.run.evaluate(source));
  }

  sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult> {
    return guard(() => this.run.sample(role, text, requestId, seedKind, settings));
  }

  inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<PromptInspection> {
    return guard(() => this.run.inspectPrompt(role, text, seedKind, settings));
  }

  addHumanAttack(nickname: string, text: string): Promise<HumanAttack> {
    return guard(() => this.run.addHumanAttack(nickname, text));
  }

  scoreDefense(prompt: string, answer: string, settings?: LabSettings): Promise<DefenseResult> {
    return guard(() => this.run.scoreDefense(prompt, answer, settings));
  }

  worldPrompt(settings?: LabSettings): Promise<WorldPrompt> {
    return guard(() => this.run.worldPrompt(settings));
  }

  save(): Promise<CheckpointMeta> {
    return guard(() => this.run.saveSnapshot());
  }

  load(id: string, backend?: LabSettings['backend'], opts?: LoadOptions): Promise<RunState> {
    return guard(() => this.run.load(id, backend, opts));
  }

  runOpenElsewhere(runId: string): Promise<boolean> {
    return guard(() => this.run.runOpenElsewhere(runId));
  }

  list(): Promise<CheckpointMeta[]> {
    return guard(() => this.checkpoints.list());
  }

  delete(id: string): Promise<void> {
    return guard(() => this.checkpoints.delete(id));
  }

  export(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    return guard(() => this.checkpoints.export(id));
  }

  import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta> {
    return guard(() => this.checkpoints.import(bytes, filename));
  }

  storageInfo(): Promise<StorageInfo> {
    return guard(() => this.checkpoints.storageInfo());
  }
}

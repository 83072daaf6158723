/**
 * Page side of the engine worker: starts the dedicated module worker, wraps it with comlink and turns
 * wire errors back into `LabError`s. Large buffers cross by transfer, never by copy.
 *
 * Health: the worker holds a Web Lock named after this client for its whole life and the page queues
 * for the same lock, so the page is granted it the moment the worker is gone (closed, terminated,
 * crashed), however busy it was before. Death rejects every command still waiting for an answer.
 * An uncaught error inside a live worker is reported as such: the worker goes on.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { DefenseResult, EvalReport, HumanAttack, LabSettings, PromptInspection, Role, SampleResult } from '../engine/api';
import { LabError } from '../engine/errors';
import { newId } from './mutex';
import {
  isWireError,
  type CheckpointMeta,
  type EngineWorkerApi,
  type EvalSource,
  type EventSink,
  type LoadOptions,
  type RunSnapshot,
  type RunState,
  type StartOptions,
  type StorageInfo,
  type WorkerEnv,
  type WorldPrompt,
} from './protocol';

export function toLabError(e: unknown): LabError {
  if (e instanceof LabError) return e;
  if (isWireError(e)) return new LabError(e.code, e.message);
  const message = e instanceof Error ? e.message : String(e);
  return new LabError('internal', message || 'Unknown engine error');
}

export interface WorkerHealth {
  /** The worker is gone: nothing it was doing will finish. */
  onDeath(reason: string): void;
  /** The worker threw outside any command and carries on. */
  onUncaught(err: LabError): void;
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly remote: Remote<EngineWorkerApi>;
  private readonly lifeLock = `self-redteam-worker:${newId()}${newId()}`;
  private readonly lifeWatch = new AbortController();
  private started = false;
  private dead = false;
  private readonly death: Promise<never>;
  private die: (reason: string) => void = () => {};

  constructor(private readonly health: WorkerHealth) {
    this.death = new Promise<never>((_, reject) => {
      this.die = (reason) => {
        if (this.dead) return;
        this.dead = true;
        reject(new LabError('internal', reason));
        this.health.onDeath(reason);
      };
    });
    this.death.catch(() => undefined);
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'self-redteam-engine' });
    this.worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      const what = ev.message || 'it could not be loaded';
      if (!this.started) this.die(`The engine worker failed to start: ${what}`);
      else this.health.onUncaught(new LabError('internal', `The engine hit an unexpected error: ${what}`));
    });
    this.worker.addEventListener('messageerror', () =>
      this.health.onUncaught(new LabError('internal', 'A message from the engine worker could not be read.')),
    );
    this.remote = wrap<EngineWorkerApi>(this.worker);
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Every answer races the worker's death: a dead worker never answers, its callers hear why. */
  private async typed<T>(p: Promise<T>): Promise<T> {
    try {
      return await Promise.race([p, this.death]);
    } catch (e) {
      throw toLabError(e);
    }
  }

  async init(env: WorkerEnv): Promise<RunState> {
    const locks = globalThis.navigator?.locks;
    const state = await this.typed(this.remote.init({ ...env, lifeLock: locks ? this.lifeLock : undefined }));
    this.started = true;
    // The worker holds its life lock by now: queue for it; the grant means the worker is gone.
    locks
      ?.request(this.lifeLock, { signal: this.lifeWatch.signal }, () => this.die('The engine worker stopped: it closed or crashed.'))
      .catch(() => undefined);
    return state;
  }
  /** Register the one event callback. */
  connect(sink: EventSink): Promise<void> {
    return this.typed(this.remote.connect(proxy(sink)));
  }
  disconnect(): Promise<void> {
    return this.typed(this.remote.disconnect());
  }
  snapshot(): Promise<RunSnapshot> {
    return this.typed(this.remote.snapshot());
  }
  setAutosaveEvery(n: number): Promise<RunState> {
    return this.typed(this.remote.setAutosaveEvery(n));
  }
  start(opts?: StartOptions): Promise<RunState> {
    return this.typed(this.remote.start(opts));
  }
  pause(): Promise<RunState> {
    return this.typed(this.remote.pause());
  }
  step(opts?: StartOptions): Promise<RunState> {
    return this.typed(this.remote.step(opts));
  }
  stop(): Promise<RunState> {
    return this.typed(this.remote.stop());
  }
  evaluate(source: EvalSource): Promise<EvalReport> {
    return this.typed(this.remote.evaluate(source));
  }
  sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult> {
    return this.typed(this.remote.sample(role, text, requestId, seedKind, settings));
  }
  inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<PromptInspection> {
    return this.typed(this.remote.inspectPrompt(role, text, seedKind, settings));
  }
  addHumanAttack(nickname: string, text: string): Promise<HumanAttack> {
    return this.typed(this.remote.addHumanAttack(nickname, text));
  }
  scoreDefense(prompt: string, answer: string, settings?: LabSettings): Promise<DefenseResult> {
    return this.typed(this.remote.scoreDefense(prompt, answer, settings));
  }
  worldPrompt(settings?: LabSettings): Promise<WorldPrompt> {
    return this.typed(this.remote.worldPrompt(settings));
  }
  save(): Promise<CheckpointMeta> {
    return this.typed(this.remote.save());
  }
  load(id: string, backend?: LabSettings['backend'], opts?: LoadOptions): Promise<RunState> {
    return this.typed(this.remote.load(id, backend, opts));
  }
  runOpenElsewhere(runId: string): Promise<boolean> {
    return this.typed(this.remote.runOpenElsewhere(runId));
  }
  list(): Promise<CheckpointMeta[]> {
    return this.typed(this.remote.list());
  }
  delete(id: string): Promise<void> {
    return this.typed(this.remote.delete(id));
  }
  export(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    return this.typed(this.remote.export(id));
  }
  /** The bytes are moved to the worker (the caller's buffer is detached afterwards). */
  import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta> {
    return this.typed(this.remote.import(transfer(bytes, [bytes.buffer]), filename));
  }
  storageInfo(): Promise<StorageInfo> {
    return this.typed(this.remote.storageInfo());
  }

  /** Stop the worker on purpose (not reported as a death). */
  async dispose(): Promise<void> {
    const wasAlive = !this.dead;
    this.dead = true;
    this.lifeWatch.abort();
    if (this.started && wasAlive) {
      try {
        await Promise.race([this.remote.disconnect(), new Promise((r) => setTimeout(r, 1000))]);
      } catch {
        /* worker already gone */
      }
    }
    this.remote[releaseProxy]();
    this.worker.terminate();
  }
}

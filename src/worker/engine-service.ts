/**
 * The worker side of the page <-> engine contract: owns the one live Lab, runs the training loop
 * (lab.step() until paused), autosaves, keeps checkpoints in IndexedDB and streams events through
 * one callback. Engine functions are injected so the file carries no engine code of its own.
 */
import { releaseProxy, transfer, type Remote } from 'comlink';
import type { CheckpointSummary, EvalReport, Lab, LabSettings, Progress, Role, SampleResult } from '../engine/api';
import { LabError, toErrorInfo } from '../engine/errors';
import { CheckpointStore } from './checkpoint-store';
import { SHIPPED_REWARD_LM, shippedCheckpoint } from '../engine/config/assets';
import type {
  CheckpointMeta,
  EngineWorkerApi,
  EvalSource,
  EventSink,
  RunSnapshot,
  RunState,
  RunStatus,
  StartOptions,
  StorageInfo,
  TaskName,
  WireError,
  WorkerEnv,
  WorkerEvent,
} from './protocol';

type Backend = LabSettings['backend'];

/** The engine entry points the service needs (src/engine/lab.ts). */
export interface LabFactory {
  createLab(opts: {
    settings: LabSettings;
    warmStart: Uint8Array;
    rewardLM: Uint8Array;
    wasmPaths?: string;
    wasmThreads?: boolean;
    onProgress?: (p: Progress) => void;
  }): Promise<Lab>;
  restoreLab(opts: {
    checkpoint: Uint8Array;
    rewardLM: Uint8Array;
    backend: Backend;
    wasmPaths?: string;
    wasmThreads?: boolean;
    onProgress?: (p: Progress) => void;
  }): Promise<Lab>;
  readCheckpointSummary(bytes: Uint8Array): Promise<CheckpointSummary>;
}


/** Serialises access to the lab: one step / evaluate / sample / save at a time. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

const newId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID().slice(0, 8)
    : Math.random().toString(36).slice(2, 10);

function toWire(e: unknown): WireError {
  if (e && typeof e === 'object' && (e as WireError).__labError) return e as WireError;
  const info = toErrorInfo(e);
  return { __labError: true, code: info.code, message: info.message };
}

/** Store metadata of a checkpoint: identity given by the caller, the rest read off its summary. */
function checkpointMeta(
  summary: CheckpointSummary,
  bytes: Uint8Array,
  identity: Pick<CheckpointMeta, 'id' | 'kind' | 'runId' | 'name'>,
): CheckpointMeta {
  return {
    ...identity,
    step: summary.step,
    savedAt: summary.savedAt,
    storedAt: new Date().toISOString(),
    size: bytes.byteLength,
    settings: summary.settings,
    lastMetrics: summary.lastMetrics,
  };
}

export function checkpointFilename(meta: Pick<CheckpointMeta, 'settings' | 'step'>): string {
  const s = meta.settings;
  return `selfredteam-${s.preset}-${s.mode}${s.cot ? '' : '-nocot'}-seed${s.seed}-step${meta.step}.ckpt`;
}

export class EngineService implements EngineWorkerApi {
  private env: WorkerEnv | null = null;
  private sink: Remote<EventSink> | EventSink | null = null;
  private lab: Lab | null = null;
  private runId: string | null = null;
  private status: RunStatus = 'empty';
  private autosaveEvery = 10;
  private lastSavedIteration: number | null = null;
  private loop: Promise<void> | null = null;
  private stopRequested = false;
  private readonly mutex = new Mutex();
  private readonly assets = new Map<string, Promise<Uint8Array>>();
  private lastProgressAt = 0;
  private lastProgressKey = '';

  constructor(
    private readonly factory: LabFactory,
    private readonly store = new CheckpointStore(),
  ) {}

  // ---------------------------------------------------------------- plumbing

  private emit(e: WorkerEvent): void {
    const sink = this.sink;
    if (!sink) return;
    try {
      void Promise.resolve((sink as EventSink)(e)).catch(() => undefined);
    } catch {
      /* page gone */
    }
  }

  private progress(task: TaskName, p: Progress): void {
    // Throttle to ~10 events/s, but never drop a phase change or a completion.
    const now = Date.now();
    const key = `${task}:${p.phase}`;
    if (key === this.lastProgressKey && p.done < p.total && now - this.lastProgressAt < 100) return;
    this.lastProgressAt = now;
    this.lastProgressKey = key;
    this.emit({ type: 'progress', task, progress: { ...p } });
  }

  private state(): RunState {
    return {
      status: this.status,
      runId: this.runId,
      iteration: this.lab?.iteration() ?? 0,
      settings: this.lab ? { ...this.lab.settings } : null,
      backend: this.lab ? { ...this.lab.backend, adapter: this.lab.backend.adapter && { ...this.lab.backend.adapter } } : null,
      autosaveEvery: this.autosaveEvery,
      lastSavedIteration: this.lastSavedIteration,
    };
  }

  private setStatus(s: RunStatus): RunState {
    this.status = s;
    const st = this.state();
    this.emit({ type: 'state', state: st });
    return st;
  }

  /** Run a command; any failure leaves as a typed wire error. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toWire(e);
    }
  }

  private asset(path: string): Promise<Uint8Array> {
    let p = this.assets.get(path);
    if (!p) {
      if (!this.env) throw new LabError('internal', 'The engine worker was not initialised.');
      const url = new URL(path, this.env.assetBase).href;
      p = fetch(url).then(async (r) => {
        // A static host's SPA fallback answers a missing file with index.html: treat that as missing too.
        if (!r.ok || (r.headers.get('content-type') ?? '').includes('text/html'))
          throw new LabError('checkpoint-missing', `Could not download ${path} (HTTP ${r.ok ? 'returned a web page' : r.status}). Is the site complete?`);
        return new Uint8Array(await r.arrayBuffer());
      });
      p.catch(() => this.assets.delete(path));
      this.assets.set(path, p);
    }
    // Hand the engine its own copy: the cache must survive whatever the engine does with the bytes.
    return p.then((b) => b.slice());
  }

  private backendOpts(): { wasmPaths?: string; wasmThreads?: boolean } {
    return { wasmPaths: this.env?.wasmPaths, wasmThreads: this.env?.wasmThreads };
  }

  private requireLab(): Lab {
    if (!this.lab) throw new LabError('checkpoint-missing', 'There is no run yet: press Start, or load a checkpoint.');
    return this.lab;
  }

  private async createRun(settings: LabSettings): Promise<void> {
    if (this.status === 'loading') throw new LabError('busy', 'A run is already being prepared.');
    await this.haltLoop();
    if (this.lab && this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
    const previous = this.lab;
    this.setStatus('loading');
    try {
      const [warmStart, rewardLM] = await Promise.all([this.asset(shippedCheckpoint(settings.preset)), this.asset(SHIPPED_REWARD_LM)]);
      const lab = await this.factory.createLab({
        settings,
        warmStart,
        rewardLM,
        ...this.backendOpts(),
        onProgress: (p) => this.progress('create', p),
      });
      previous?.dispose();
      this.lab = lab;
      this.runId = newId();
      this.lastSavedIteration = null;
      this.setStatus('ready');
    } catch (e) {
      this.setStatus(this.lab ? 'ready' : 'empty');
      throw e;
    }
  }

  private async ensureRun(opts?: StartOptions): Promise<void> {
    if (!this.lab || opts?.fresh) {
      if (!opts?.settings) throw new LabError('bad-settings', 'Settings are needed to start a new run.');
      await this.createRun(opts.settings);
    }
  }

  /** One iteration under the lock, plus the periodic autosave. */
  private async oneIteration(): Promise<void> {
    const lab = this.requireLab();
    await this.mutex.run(async () => {
      const { metrics, games } = await lab.step((p) => this.progress('train', p));
      // A non-finite loss/gradient: the engine skipped the update; pause with the last good state
      // (the loop's end autosaves it) instead of spinning on the same failure.
      if (metrics.skipped) this.stopRequested = true;
      this.emit({ type: 'iteration', metrics, games });
      this.emit({ type: 'state', state: this.state() });
    });
    if (this.autosaveEvery > 0 && lab.iteration() % this.autosaveEvery === 0) await this.autosave();
  }

  private async runLoop(): Promise<void> {
    try {
      while (!this.stopRequested && this.lab) {
        await this.oneIteration();
        // Let queued messages (pause, arena, list…) in between iterations.
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (e) {
      this.emit({ type: 'error', context: 'training', error: toErrorInfo(e) });
    } finally {
      this.loop = null;
    }
  }

  /** Stop the loop after the current iteration (no autosave). */
  private async haltLoop(): Promise<void> {
    if (this.loop) {
      this.stopRequested = true;
      if (this.status === 'running') this.setStatus('pausing');
      await this.loop;
    }
  }

  /** Save the current run as its autosave; failures are reported as events, never thrown. */
  private async autosave(): Promise<CheckpointMeta | null> {
    const lab = this.lab;
    if (!lab || !this.runId) return null;
    try {
      return await this.saveAs('auto');
    } catch (e) {
      this.emit({ type: 'error', context: 'autosave', error: toErrorInfo(e) });
      return null;
    }
  }

  private async saveAs(kind: 'auto' | 'snapshot'): Promise<CheckpointMeta> {
    const lab = this.requireLab();
    const runId = this.runId ?? newId();
    const { bytes, summary } = await this.mutex.run(async () => {
      this.progress('save', { phase: 'save', done: 0, total: 1, label: 'Saving checkpoint' });
      const bytes = await lab.save();
      return { bytes, summary: lab.summary() };
    });
    const meta = checkpointMeta(summary, bytes, {
      id: kind === 'auto' ? `auto:${runId}` : `snap:${runId}:${summary.step}:${newId()}`,
      kind,
      runId,
      name: kind === 'auto' ? `Autosave · ${summary.settings.preset} ${summary.settings.mode}` : `Snapshot · step ${summary.step}`,
    });
    await this.store.put(meta, bytes);
    this.progress('save', { phase: 'save', done: 1, total: 1, label: 'Saved' });
    if (lab === this.lab) this.lastSavedIteration = summary.step;
    this.emit({ type: 'saved', meta });
    this.emit({ type: 'state', state: this.state() });
    return meta;
  }

  private async verify(bytes: Uint8Array): Promise<CheckpointSummary> {
    try {
      return await this.factory.readCheckpointSummary(bytes);
    } catch (e) {
      if (e instanceof LabError) throw e;
      throw new LabError('checkpoint-corrupt', `This is not a readable checkpoint: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private async restore(bytes: Uint8Array, backend: Backend, task: TaskName): Promise<Lab> {
    return this.factory.restoreLab({
      checkpoint: bytes,
      rewardLM: await this.asset(SHIPPED_REWARD_LM),
      backend,
      ...this.backendOpts(),
      onProgress: (p) => this.progress(task, p),
    });
  }

  // ---------------------------------------------------------------- API

  init(env: WorkerEnv): Promise<RunState> {
    return this.guard(async () => {
      this.env = env;
      // Warm the cache of the judge in the background; errors surface when a run starts.
      this.asset(SHIPPED_REWARD_LM).catch(() => undefined);
      return this.state();
    });
  }

  async connect(sink: EventSink): Promise<void> {
    await this.disconnect();
    this.sink = sink;
  }

  async disconnect(): Promise<void> {
    const old = this.sink as Remote<EventSink> | null;
    this.sink = null;
    if (old && typeof (old as unknown as Record<symbol, unknown>)[releaseProxy] === 'function') old[releaseProxy]();
  }

  snapshot(): Promise<RunSnapshot> {
    return this.guard(async () => ({ state: this.state(), history: this.lab ? this.lab.history().map((m) => ({ ...m })) : [] }));
  }

  setAutosaveEvery(n: number): Promise<RunState> {
    return this.guard(async () => {
      if (!Number.isInteger(n) || n < 0 || n > 1000) throw new LabError('bad-settings', 'Autosave interval must be a whole number from 0 (off) to 1000.');
      this.autosaveEvery = n;
      return this.setStatus(this.status);
    });
  }

  start(opts?: StartOptions): Promise<RunState> {
    return this.guard(async () => {
      if (this.status === 'running' && !opts?.fresh) return this.state();
      if (this.status === 'pausing') await this.loop;
      await this.ensureRun(opts);
      this.stopRequested = false;
      this.setStatus('running');
      this.loop = this.runLoop().then(() => {
        if (this.status === 'running') {
          // Ended by an error (not by pause): persist what we have.
          void this.autosave().finally(() => this.setStatus(this.lab ? 'ready' : 'empty'));
        }
      });
      return this.state();
    });
  }

  pause(): Promise<RunState> {
    return this.guard(async () => {
      if (!this.loop) return this.state();
      await this.haltLoop();
      if (this.lab && this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
      return this.setStatus(this.lab ? 'ready' : 'empty');
    });
  }

  step(opts?: StartOptions): Promise<RunState> {
    return this.guard(async () => {
      if (this.loop || this.status === 'running' || this.status === 'pausing')
        throw new LabError('busy', 'Training is running: pause it before stepping one iteration.');
      await this.ensureRun(opts);
      this.setStatus('running');
      try {
        await this.oneIteration();
      } finally {
        this.setStatus('ready');
      }
      return this.state();
    });
  }

  stop(): Promise<RunState> {
    return this.guard(async () => {
      await this.haltLoop();
      if (this.lab && this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
      await this.mutex.run(async () => {
        this.lab?.dispose();
        this.lab = null;
      });
      this.runId = null;
      this.lastSavedIteration = null;
      return this.setStatus('empty');
    });
  }

  evaluate(source: EvalSource): Promise<EvalReport> {
    return this.guard(async () => {
      const onProgress = (p: Progress) => this.progress('evaluate', p);
      if (source.kind === 'current') {
        const lab = this.requireLab();
        return this.mutex.run(() => lab.evaluate(onProgress));
      }
      // A temporary lab: a stored checkpoint or the shipped warm start.
      return this.mutex.run(async () => {
        let temp: Lab;
        if (source.kind === 'checkpoint') {
          const { bytes } = await this.store.get(source.id);
          await this.verify(bytes);
          temp = await this.restore(bytes, source.backend ?? this.lab?.settings.backend ?? 'auto', 'evaluate');
        } else {
          const [warmStart, rewardLM] = await Promise.all([
            this.asset(shippedCheckpoint(source.settings.preset)),
            this.asset(SHIPPED_REWARD_LM),
          ]);
          temp = await this.factory.createLab({ settings: source.settings, warmStart, rewardLM, ...this.backendOpts(), onProgress });
        }
        try {
          return await temp.evaluate(onProgress);
        } finally {
          temp.dispose();
        }
      });
    });
  }

  sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult> {
    return this.guard(async () => {
      if (!text.trim()) throw new LabError('bad-settings', 'Type something first.');
      await this.ensureRun(settings ? { settings } : undefined);
      const lab = this.requireLab();
      return this.mutex.run(() =>
        lab.sample(role, text, (soFar) => this.emit({ type: 'sample-text', requestId, soFar }), seedKind),
      );
    });
  }

  save(): Promise<CheckpointMeta> {
    return this.guard(() => this.saveAs('snapshot'));
  }

  load(id: string, backend?: Backend): Promise<RunState> {
    return this.guard(async () => {
      const { meta, bytes } = await this.store.get(id);
      const summary = await this.verify(bytes);
      if (this.status === 'loading') throw new LabError('busy', 'A run is already being prepared.');
      await this.pause();
      const previous = this.lab;
      this.setStatus('loading');
      try {
        const lab = await this.restore(bytes, backend ?? summary.settings.backend, 'load');
        await this.mutex.run(async () => previous?.dispose());
        this.lab = lab;
        // Continuing an autosave continues its run; anything else branches into a new run.
        this.runId = meta.kind === 'auto' ? meta.runId : newId();
        this.lastSavedIteration = meta.kind === 'auto' ? lab.iteration() : null;
        return this.setStatus('ready');
      } catch (e) {
        this.setStatus(this.lab ? 'ready' : 'empty');
        throw e;
      }
    });
  }

  list(): Promise<CheckpointMeta[]> {
    return this.guard(() => this.store.list());
  }

  delete(id: string): Promise<void> {
    return this.guard(() => this.store.delete(id));
  }

  export(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    return this.guard(async () => {
      const { meta, bytes } = await this.store.get(id);
      const out = { bytes, filename: checkpointFilename(meta) };
      return transfer(out, [bytes.buffer]);
    });
  }

  import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta> {
    return this.guard(async () => {
      this.progress('import', { phase: 'load', done: 0, total: 1, label: 'Checking file integrity' });
      const summary = await this.verify(bytes);
      const meta = checkpointMeta(summary, bytes, {
        id: `import:${newId()}`,
        kind: 'import',
        runId: newId(),
        name: filename.replace(/\.[^.]+$/, '') || 'Imported checkpoint',
      });
      await this.store.put(meta, bytes);
      this.progress('import', { phase: 'load', done: 1, total: 1, label: 'Imported' });
      return meta;
    });
  }

  storageInfo(): Promise<StorageInfo> {
    return this.guard(async () => {
      const sm = (globalThis.navigator as Navigator | undefined)?.storage;
      if (!sm) return { usage: null, quota: null, persisted: null };
      const [est, persisted] = await Promise.all([
        sm.estimate().catch(() => ({}) as StorageEstimate),
        sm.persisted ? sm.persisted().catch(() => null) : Promise.resolve(null),
      ]);
      return { usage: est.usage ?? null, quota: est.quota ?? null, persisted };
    });
  }
}

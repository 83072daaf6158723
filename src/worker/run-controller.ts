/**
 * The run state machine of the worker: the one live Lab, its status (empty → loading → ready ⇄
 * running → pausing → ready), the training loop (lab.step() until paused), autosaves, and the run's
 * lease (only the tab holding it writes the run's autosave record). Engine entry points come in
 * through LabFactory, so tests drive this with a fake Lab.
 */
import type { CheckpointSummary, DefenseResult, EvalReport, GameRecord, HumanAttack, Lab, LabSettings, Progress, PromptInspection, Role, SampleResult, WorldVersion } from '../engine/api';
import { shippedCheckpoint, shippedRewardLM } from '../engine/config/assets';
import { getPreset } from '../engine/config/presets';
import { inspectPrompt } from '../engine/game/promptInspection';
import { worldTokenizer } from '../engine/tokenizer/worldTokenizer';
import { PAGE_SETTINGS_SCHEMA, checkValue } from '../engine/config/settings';
import { LabError, skippedUpdateError, toErrorInfo } from '../engine/errors';
import type { AssetCache } from './asset-cache';
import type { CheckpointService } from './checkpoint-service';
import { deviceLossMessage, isDeviceLossError } from './device-loss';
import type { EventHub } from './events';
import { Mutex, newId } from './mutex';
import type { CheckpointMeta, EvalSource, LoadOptions, RunState, RunStatus, StartOptions, TaskName, WorldPrompt } from './protocol';
import { RUN_OPEN_ELSEWHERE, type Lease, type RunLeases } from './run-leases';
import { defaultProbeCache } from './probe-cache';
import type { ProbeCache } from '../engine/backend/probe';
import type { RewardLMSource } from '../engine/lab';

type Backend = LabSettings['backend'];

/** The engine entry points the worker needs (src/engine/lab.ts). */
export interface LabFactory {
  createLab(opts: {
    settings: LabSettings;
    warmStart: Uint8Array;
    rewardLM: Uint8Array;
    wasmPaths?: string;
    wasmThreads?: boolean;
    probeCache?: ProbeCache;
    onProgress?: (p: Progress) => void;
  }): Promise<Lab>;
  restoreLab(opts: {
    checkpoint: Uint8Array;
    /** The judge of the checkpoint's world, fetched once the checkpoint says which world. */
    rewardLM: RewardLMSource;
    backend: Backend;
    wasmPaths?: string;
    wasmThreads?: boolean;
    probeCache?: ProbeCache;
    onProgress?: (p: Progress) => void;
  }): Promise<Lab>;
  readCheckpointSummary(bytes: Uint8Array): Promise<CheckpointSummary>;
  /** Settles with the reason when the active WebGPU device is lost; null when WebGPU is not active. */
  deviceLost?(): Promise<string> | null;
}

export interface RunControllerDeps {
  factory: LabFactory;
  assets: AssetCache;
  checkpoints: CheckpointService;
  events: EventHub;
  leases: RunLeases;
}

export class RunController {
  private status: RunStatus = 'empty';
  private lab: Lab | null = null;
  private runId: string | null = null;
  private lease: Lease | null = null;
  private autosaveEvery = PAGE_SETTINGS_SCHEMA.autosave.default;
  private lastSavedIteration: number | null = null;
  private loop: Promise<void> | null = null;
  private stopRequested = false;
  /** Why the live lab's GPU device was lost (null: it was not). */
  private gpuLost: string | null = null;
  private readonly mutex = new Mutex();
  /** `auto`'s probe decisions per device and preset, kept across reloads (IndexedDB). */
  private readonly probeCache = defaultProbeCache();
  private backendOpts: { wasmPaths?: string; wasmThreads?: boolean; probeCache: ProbeCache } = { probeCache: this.probeCache };

  constructor(private readonly deps: RunControllerDeps) {}

  configure(opts: { wasmPaths?: string; wasmThreads?: boolean }): void {
    this.backendOpts = { wasmPaths: opts.wasmPaths, wasmThreads: opts.wasmThreads, probeCache: this.probeCache };
  }

  // ---------------------------------------------------------------- state

  state(): RunState {
    const lab = this.lab;
    return {
      status: this.status,
      runId: this.runId,
      iteration: lab?.iteration() ?? 0,
      settings: lab ? { ...lab.settings } : null,
      backend: lab ? { ...lab.backend, adapter: lab.backend.adapter && { ...lab.backend.adapter } } : null,
      autosaveEvery: this.autosaveEvery,
      lastSavedIteration: this.lastSavedIteration,
    };
  }

  history() {
    return this.lab ? this.lab.history().map((m) => ({ ...m })) : [];
  }

  recentGames(): GameRecord[] {
    return this.lab ? this.lab.recentGames() : [];
  }

  humanAttacks(): HumanAttack[] {
    return this.lab ? this.lab.humanAttacks() : [];
  }

  private setStatus(s: RunStatus): RunState {
    this.status = s;
    const st = this.state();
    this.deps.events.emit({ type: 'state', state: st });
    return st;
  }

  /** The status as of now (it changes across awaits, which control-flow narrowing does not see). */
  private now(): RunStatus {
    return this.status;
  }

  private requireLab(): Lab {
    if (!this.lab) throw new LabError('checkpoint-missing', 'There is no run yet: press Start, or load a checkpoint.');
    return this.lab;
  }

  setAutosaveEvery(n: number): RunState {
    const r = checkValue(PAGE_SETTINGS_SCHEMA.autosave, n);
    if (!r.ok) throw new LabError('bad-settings', `Autosave interval ${r.message} (0 turns it off).`);
    this.autosaveEvery = n;
    return this.setStatus(this.status);
  }

  // ---------------------------------------------------------------- run lifecycle

  /** The lease on a run, or a typed error when another tab has it open (and we do not take it over). */
  private async claim(runId: string, takeOver: boolean): Promise<Lease> {
    const lease = await this.deps.leases.acquire(runId, { steal: takeOver, onLost: (id) => this.onLeaseLost(id) });
    if (!lease) throw new LabError('busy', RUN_OPEN_ELSEWHERE);
    return lease;
  }

  /** Make `lab` the live run (the previous lab must already be disposed). */
  private adopt(lab: Lab, runId: string, lease: Lease, lastSavedIteration: number | null): void {
    if (this.lease && this.lease !== lease) this.lease.release();
    this.lab = lab;
    this.runId = runId;
    this.lease = lease;
    this.lastSavedIteration = lastSavedIteration;
    this.gpuLost = null;
    const lost = this.deps.factory.deviceLost?.();
    lost?.then((reason) => {
      if (this.lab === lab) this.onDeviceLost(reason);
    });
  }

  /** Drop the live run (its checkpoints stay). */
  private async discard(): Promise<void> {
    await this.mutex.run(async () => {
      try {
        this.lab?.dispose();
      } finally {
        this.lab = null;
      }
    });
    this.lease?.release();
    this.lease = null;
    this.runId = null;
    this.lastSavedIteration = null;
  }

  private async createRun(settings: LabSettings): Promise<void> {
    if (this.status === 'loading') throw new LabError('busy', 'A run is already being prepared.');
    await this.haltLoop();
    if (this.lab && this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
    const previous = this.lab;
    this.setStatus('loading');
    const runId = newId();
    let lease: Lease | null = null;
    try {
      lease = await this.claim(runId, false);
      const [warmStart, rewardLM] = await Promise.all([
        this.deps.assets.get(shippedCheckpoint(settings.preset, settings.world)),
        this.deps.assets.get(shippedRewardLM(settings.world)),
      ]);
      const lab = await this.deps.factory.createLab({
        settings,
        warmStart,
        rewardLM,
        ...this.backendOpts,
        onProgress: (p) => this.deps.events.progress('create', p),
      });
      await this.mutex.run(async () => previous?.dispose());
      this.adopt(lab, runId, lease, null);
      this.setStatus('ready');
    } catch (e) {
      lease?.release();
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

  // ---------------------------------------------------------------- training

  /** One iteration under the lock, plus the periodic autosave. */
  private async oneIteration(): Promise<void> {
    const lab = this.requireLab();
    await this.mutex.run(async () => {
      const { metrics, games } = await lab.step((p) => this.deps.events.progress('train', p));
      // A non-finite loss/gradient: the engine skipped the update; pause with the last good state
      // (the loop's end autosaves it) instead of spinning on the same failure.
      if (metrics.skipped) this.stopRequested = true;
      this.deps.events.emit({ type: 'iteration', metrics, games });
      if (metrics.skipped) this.deps.events.emit({ type: 'error', context: 'training', error: toErrorInfo(skippedUpdateError(metrics.iter + 1)) });
      if (games.some((g) => g.human)) this.deps.events.emit({ type: 'human-attacks', attacks: lab.humanAttacks() });
      this.deps.events.emit({ type: 'state', state: this.state() });
    });
    if (this.autosaveEvery > 0 && lab.iteration() % this.autosaveEvery === 0) await this.autosave();
  }

  private async runLoop(): Promise<void> {
    try {
      while (!this.stopRequested && this.lab && !this.gpuLost) {
        await this.oneIteration();
        // Let queued messages (pause, arena, list…) in between iterations.
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (e) {
      if (!this.isGpuLoss(e)) this.deps.events.emit({ type: 'error', context: 'training', error: toErrorInfo(e) });
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

  async start(opts?: StartOptions): Promise<RunState> {
    if (this.status === 'running' && !opts?.fresh) return this.state();
    if (this.status === 'pausing') await this.loop;
    await this.ensureRun(opts);
    this.stopRequested = false;
    this.setStatus('running');
    this.loop = this.runLoop().then(async () => {
      if (this.gpuLost) await this.dropLostDevice();
      else if (this.status === 'running') {
        // Ended by an error (not by pause): persist what we have.
        await this.autosave();
        this.setStatus(this.lab ? 'ready' : 'empty');
      }
    });
    return this.state();
  }

  async pause(): Promise<RunState> {
    if (!this.loop) return this.state();
    await this.haltLoop();
    if (!this.lab) return this.state();
    if (this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
    return this.setStatus('ready');
  }

  async step(opts?: StartOptions): Promise<RunState> {
    if (this.loop || this.status === 'running' || this.status === 'pausing')
      throw new LabError('busy', 'Training is running: pause it before stepping one iteration.');
    await this.ensureRun(opts);
    this.setStatus('running');
    try {
      await this.oneIteration();
    } catch (e) {
      if (!this.isGpuLoss(e)) throw e;
      throw await this.dropLostDevice(false);
    } finally {
      if (this.now() === 'running') this.setStatus('ready');
    }
    return this.state();
  }

  async stop(): Promise<RunState> {
    await this.haltLoop();
    if (this.lab && this.lab.iteration() !== this.lastSavedIteration) await this.autosave();
    await this.discard();
    return this.setStatus('empty');
  }

  // ---------------------------------------------------------------- saving

  private async capture(lab: Lab): Promise<{ bytes: Uint8Array; summary: CheckpointSummary }> {
    return this.mutex.run(async () => {
      this.deps.events.progress('save', { phase: 'save', done: 0, total: 1, label: 'Saving checkpoint' });
      const bytes = await lab.save();
      return { bytes, summary: lab.summary() };
    });
  }

  private saved(lab: Lab, meta: CheckpointMeta): void {
    this.deps.events.progress('save', { phase: 'save', done: 1, total: 1, label: 'Saved' });
    if (lab === this.lab && meta.kind === 'auto') this.lastSavedIteration = meta.step;
    this.deps.events.emit({ type: 'state', state: this.state() });
  }

  /** This tab may write the run's autosave record only while it holds the run's lease. */
  private ownsRun(runId: string | null): runId is string {
    return runId !== null && this.lease?.runId === runId;
  }

  /** Save the live run as its autosave; failures are reported as events, never thrown. */
  private async autosave(): Promise<CheckpointMeta | null> {
    const lab = this.lab;
    const runId = this.runId;
    if (!lab || !this.ownsRun(runId)) return null;
    try {
      const { bytes, summary } = await this.capture(lab);
      // The lease may have been taken while the bytes were read out: check again before writing.
      if (!this.ownsRun(runId)) return null;
      const meta = await this.deps.checkpoints.record('auto', runId, bytes, summary);
      this.saved(lab, meta);
      return meta;
    } catch (e) {
      this.deps.events.emit({ type: 'error', context: 'autosave', error: toErrorInfo(e) });
      return null;
    }
  }

  /** A named snapshot of the live run (a record of its own, never the autosave). */
  async saveSnapshot(): Promise<CheckpointMeta> {
    const lab = this.requireLab();
    const runId = this.runId ?? newId();
    const { bytes, summary } = await this.capture(lab);
    const meta = await this.deps.checkpoints.record('snapshot', runId, bytes, summary);
    this.saved(lab, meta);
    return meta;
  }

  // ---------------------------------------------------------------- loading

  async load(id: string, backend?: Backend, opts: LoadOptions = {}): Promise<RunState> {
    const { meta: head } = await this.deps.checkpoints.get(id);
    if (this.status === 'loading') throw new LabError('busy', 'A run is already being prepared.');
    // Continuing an autosave continues its run (one owner across tabs); anything else branches.
    const runId = head.kind === 'auto' ? head.runId : newId();
    const lease = this.lease?.runId === runId ? this.lease : await this.claim(runId, !!opts.takeOver);
    try {
      // Read the bytes only now that the run is ours: a tab we took it from has stopped writing.
      const { meta, bytes } = await this.deps.checkpoints.get(id);
      const summary = await this.deps.checkpoints.verify(bytes);
      await this.pause();
      const previous = this.lab;
      this.setStatus('loading');
      const lab = await this.restore(bytes, backend ?? summary.settings.backend, 'load');
      await this.mutex.run(async () => previous?.dispose());
      this.adopt(lab, runId, lease, meta.kind === 'auto' ? lab.iteration() : null);
      return this.setStatus('ready');
    } catch (e) {
      if (lease !== this.lease) lease.release();
      if (this.now() === 'loading') this.setStatus(this.lab ? 'ready' : 'empty');
      throw e;
    }
  }

  /** Whether another tab holds this run. */
  async runOpenElsewhere(runId: string): Promise<boolean> {
    if (this.lease?.runId === runId) return false;
    return this.deps.leases.held(runId);
  }

  private async restore(bytes: Uint8Array, backend: Backend, task: TaskName): Promise<Lab> {
    return this.deps.factory.restoreLab({
      checkpoint: bytes,
      // The run's world (and so its judge) is known once the checkpoint is read.
      rewardLM: (world: WorldVersion) => this.deps.assets.get(shippedRewardLM(world)),
      backend,
      ...this.backendOpts,
      onProgress: (p) => this.deps.events.progress(task, p),
    });
  }

  // ---------------------------------------------------------------- losing the run

  /** Another tab took the run over: stop training it and drop it, writing nothing more for it. */
  private onLeaseLost(runId: string): void {
    if (this.lease?.runId !== runId) return;
    this.lease = null; // from here on autosave() refuses to write this run's record
    void (async () => {
      await this.haltLoop();
      if (this.runId !== runId) return;
      const iteration = this.lab?.iteration() ?? 0;
      await this.discard();
      this.setStatus('empty');
      this.deps.events.emit({ type: 'taken-over', runId, iteration });
    })();
  }

  private onDeviceLost(reason: string): void {
    if (this.gpuLost) return;
    this.gpuLost = reason || 'unknown reason';
    // A running loop notices and ends; an idle run is dropped now.
    if (!this.loop && this.status !== 'running') void this.dropLostDevice();
  }

  /** A failure that comes from the lab's WebGPU device being gone (the flag, or its tell-tale text). */
  private isGpuLoss(e: unknown): boolean {
    if (this.lab?.backend.backend !== 'webgpu') return false;
    if (!this.gpuLost && isDeviceLossError(e)) this.gpuLost = toErrorInfo(e).message;
    return this.gpuLost !== null;
  }

  /**
   * The GPU device is gone and the lab with it: drop the run (no autosave: its weights cannot be
   * read back) and say so as a backend-unavailable error that points at wasm.
   */
  private async dropLostDevice(report = true): Promise<LabError> {
    const iteration = this.lab?.iteration() ?? 0;
    const saved = this.lastSavedIteration;
    const err = new LabError('backend-unavailable', deviceLossMessage(this.gpuLost ?? 'unknown reason', iteration, saved));
    await this.discard().catch(() => undefined);
    this.gpuLost = null;
    this.setStatus('empty');
    if (report) this.deps.events.emit({ type: 'error', context: 'backend', error: toErrorInfo(err) });
    return err;
  }

  // ---------------------------------------------------------------- using the run

  async evaluate(source: EvalSource): Promise<EvalReport> {
    const onProgress = (p: Progress) => this.deps.events.progress('evaluate', p);
    if (source.kind === 'current') {
      const lab = this.requireLab();
      return this.mutex.run(() => lab.evaluate(onProgress));
    }
    // A temporary lab: a stored checkpoint or the shipped warm start.
    return this.mutex.run(async () => {
      let temp: Lab;
      if (source.kind === 'checkpoint') {
        const { bytes } = await this.deps.checkpoints.get(source.id);
        await this.deps.checkpoints.verify(bytes);
        temp = await this.restore(bytes, source.backend ?? this.lab?.settings.backend ?? 'auto', 'evaluate');
      } else {
        const [warmStart, rewardLM] = await Promise.all([
          this.deps.assets.get(shippedCheckpoint(source.settings.preset, source.settings.world)),
          this.deps.assets.get(shippedRewardLM(source.settings.world)),
        ]);
        temp = await this.deps.factory.createLab({ settings: source.settings, warmStart, rewardLM, ...this.backendOpts, onProgress });
      }
      try {
        return await temp.evaluate(onProgress);
      } finally {
        temp.dispose();
      }
    });
  }

  async addHumanAttack(nickname: string, text: string): Promise<HumanAttack> {
    const lab = this.requireLab();
    const added = await this.mutex.run(() => lab.addHumanAttack(nickname, text));
    this.deps.events.emit({ type: 'human-attacks', attacks: lab.humanAttacks() });
    // Training autosaves on its own; an idle run is saved now so a reload keeps the attack.
    if (this.autosaveEvery > 0 && this.status === 'ready' && lab === this.lab) await this.autosave();
    return added;
  }

  async scoreDefense(prompt: string, answer: string, settings?: LabSettings): Promise<DefenseResult> {
    await this.ensureRun(settings ? { settings } : undefined);
    const lab = this.requireLab();
    return this.mutex.run(() => lab.scoreDefense(prompt, answer));
  }

  async worldPrompt(settings?: LabSettings): Promise<WorldPrompt> {
    await this.ensureRun(settings ? { settings } : undefined);
    return this.requireLab().worldPrompt();
  }

  /**
   * Arena: what the model reads of `text`. Pure tokenizer work, so it takes no engine lock and
   * answers between the awaits of a training iteration.
   */
  async inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<PromptInspection> {
    if (this.lab) return this.lab.inspectPrompt(role, text, seedKind);
    if (!settings) throw new LabError('bad-settings', 'Settings are needed to read a prompt before a run exists.');
    // No run yet: the run these settings start comes from the shipped warm start, trained with the
    // world's tokenizer (checked in promptInspection.test.ts), so the pieces are the ones it will read.
    return inspectPrompt(worldTokenizer(), getPreset(settings.preset), role, text, settings.cot, seedKind);
  }

  async sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult> {
    if (!text.trim()) throw new LabError('bad-settings', 'Type something first.');
    await this.ensureRun(settings ? { settings } : undefined);
    const lab = this.requireLab();
    return this.mutex.run(() =>
      lab.sample(role, text, (soFar) => this.deps.events.emit({ type: 'sample-text', requestId, soFar }), seedKind),
    );
  }
}

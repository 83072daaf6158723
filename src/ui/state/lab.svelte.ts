/**
 * The page's view of the engine worker: run state, metric history, game feed, progress, checkpoints,
 * storage, notices. Every command goes through `run()` so failures become visible notices.
 */
import type { EvalReport, GameRecord, IterationMetrics, LabSettings, Progress, Role, SampleResult } from '../../engine/api';
import { LabError } from '../../engine/errors';
import { EngineClient, toLabError } from '../../worker/client';
import type { CheckpointMeta, EvalSource, RunState, StorageInfo, TaskName, WorkerEvent } from '../../worker/protocol';
import { settings } from './settings.svelte';

export type NoticeTone = 'error' | 'warning' | 'success' | 'info';
export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  text: string;
  code?: string;
}

const MAX_GAMES = 300;

const EMPTY_RUN: RunState = {
  status: 'empty',
  runId: null,
  iteration: 0,
  settings: null,
  backend: null,
  autosaveEvery: 10,
  lastSavedIteration: null,
};

const ERROR_TITLES: Record<string, string> = {
  'bad-settings': 'Invalid setting',
  'backend-unavailable': 'Compute backend unavailable',
  'checkpoint-corrupt': 'Checkpoint refused: damaged file',
  'checkpoint-foreign': 'Checkpoint refused: not from this lab',
  'checkpoint-missing': 'Nothing to load',
  'storage-quota': 'Browser storage is full',
  'non-finite': 'Training became unstable',
  busy: 'Busy',
  internal: 'Something went wrong',
};

let noticeSeq = 0;
let requestSeq = 0;

class LabStore {
  client: EngineClient | null = null;
  /** The worker answered init. */
  connected = $state(false);
  /** The worker itself failed (unrecoverable without reload). */
  crashed = $state(false);
  run = $state<RunState>({ ...EMPTY_RUN });
  history = $state.raw<IterationMetrics[]>([]);
  /** Newest first. */
  games = $state.raw<GameRecord[]>([]);
  progress = $state<Partial<Record<TaskName, Progress>>>({});
  checkpoints = $state.raw<CheckpointMeta[]>([]);
  storage = $state<StorageInfo | null>(null);
  notices = $state<Notice[]>([]);
  /** The autosave offered for resuming after a reload. */
  resumeOffer = $state<CheckpointMeta | null>(null);
  /** Commands in flight, by name. */
  busy = $state<Record<string, boolean>>({});
  /** Streaming arena text, by request id. */
  streams = $state<Record<string, string>>({});
  /** Evaluation reports, by source key ("current@<iter>", "ckpt:<id>", "warmstart:<preset>"). */
  reports = $state.raw<Record<string, EvalReport>>({});

  private wakeLock: { release(): Promise<void> } | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  get hasRun(): boolean {
    return this.run.status !== 'empty' && this.run.settings !== null;
  }
  get training(): boolean {
    return this.run.status === 'running' || this.run.status === 'pausing';
  }
  /** The URL settings differ from the live run's (backend excluded: a device choice, not a setup). */
  get settingsDiffer(): boolean {
    const r = this.run.settings;
    if (!r) return false;
    const s = settings.value;
    return (Object.keys(s) as (keyof LabSettings)[]).some((k) => k !== 'backend' && s[k] !== r[k]);
  }

  async init(): Promise<void> {
    if (this.client) return;
    const client = new EngineClient((err) => {
      this.crashed = true;
      this.notify('error', err.message, 'The engine stopped', err.code);
    });
    this.client = client;
    const base = new URL(import.meta.env.BASE_URL, location.href);
    try {
      await client.connect((e) => this.onEvent(e));
      this.run = await client.init({
        assetBase: base.href,
        wasmPaths: new URL('tfjs-wasm/', base).href,
        // Minified builds break tfjs-wasm's pthread workers (feasibility.md pitfall 6): threads only in dev.
        wasmThreads: import.meta.env.DEV ? undefined : false,
      });
      await client.setAutosaveEvery(settings.autosaveEvery);
      this.connected = true;
    } catch (e) {
      this.crashed = true;
      this.report(e);
      return;
    }
    this.requestPersistence();
    await this.refreshCheckpoints();
    const auto = this.checkpoints.find((c) => c.kind === 'auto');
    if (auto && this.run.status === 'empty') this.resumeOffer = auto;
  }

  // ------------------------------------------------------------ events

  private onEvent(e: WorkerEvent): void {
    switch (e.type) {
      case 'state':
        this.run = e.state;
        if (e.state.status === 'running') this.resumeOffer = null;
        this.updateWakeLock();
        break;
      case 'progress':
        this.progress = { ...this.progress, [e.task]: e.progress };
        break;
      case 'iteration': {
        if (e.metrics.skipped)
          this.notify('warning', `Iteration ${e.metrics.iter} produced a non-finite loss; its update was skipped, training paused and the last good weights kept.`, 'Update skipped');
        const h = this.history;
        const keep = h.length && h[h.length - 1].iter >= e.metrics.iter ? h.filter((m) => m.iter < e.metrics.iter) : h;
        // Skipped updates are not part of the run's history (lab.history() leaves them out too).
        if (!e.metrics.skipped) this.history = [...keep, e.metrics];
        const fresh = [...e.games].reverse();
        this.games = [...fresh, ...this.games].slice(0, MAX_GAMES);
        this.progress = { ...this.progress, train: undefined };
        break;
      }
      case 'saved':
        this.scheduleRefresh();
        break;
      case 'sample-text':
        this.streams = { ...this.streams, [e.requestId]: e.soFar };
        break;
      case 'error': {
        const where = e.context === 'autosave' ? 'Autosave failed' : e.context === 'training' ? 'Training stopped' : 'Saving failed';
        const title = e.error.code === 'storage-quota' ? `${where}: browser storage is full` : where;
        this.notify('error', e.error.message, title, e.error.code);
        break;
      }
    }
  }

  // ------------------------------------------------------------ notices

  notify(tone: NoticeTone, text: string, title = '', code?: string): void {
    const n: Notice = { id: ++noticeSeq, tone, title, text, code };
    this.notices = [...this.notices.filter((x) => x.text !== text), n].slice(-5);
    if (tone === 'success' || tone === 'info') setTimeout(() => this.dismiss(n.id), 6000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  report(e: unknown): LabError {
    const err = toLabError(e);
    this.notify('error', err.message, ERROR_TITLES[err.code] ?? 'Error', err.code);
    return err;
  }

  /** Run a command with a busy flag; failures become notices (and resolve to undefined). */
  private async cmd<T>(name: string, fn: (c: EngineClient) => Promise<T>): Promise<T | undefined> {
    const c = this.client;
    if (!c || !this.connected) {
      this.notify('error', 'The engine is still starting or failed to start. Reload the page to try again.', 'Engine not ready');
      return undefined;
    }
    this.busy = { ...this.busy, [name]: true };
    try {
      return await fn(c);
    } catch (e) {
      this.report(e);
      return undefined;
    } finally {
      this.busy = { ...this.busy, [name]: false };
    }
  }

  // ------------------------------------------------------------ training

  async start(fresh = false): Promise<void> {
    const newRun = fresh || !this.hasRun;
    if (newRun) this.resetRunView();
    await this.cmd('start', (c) => c.start(newRun ? { settings: { ...settings.value }, fresh: true } : undefined));
  }

  async step(): Promise<void> {
    const newRun = !this.hasRun;
    if (newRun) this.resetRunView();
    await this.cmd('step', (c) => c.step(newRun ? { settings: { ...settings.value }, fresh: true } : undefined));
  }

  async pause(): Promise<void> {
    await this.cmd('pause', (c) => c.pause());
  }

  async stop(): Promise<void> {
    await this.cmd('stop', (c) => c.stop());
  }

  async setAutosaveEvery(n: number): Promise<void> {
    if (!settings.setAutosaveEvery(n)) return;
    await this.cmd('autosave', (c) => c.setAutosaveEvery(n));
  }

  private resetRunView(): void {
    this.history = [];
    this.games = [];
    this.progress = {};
  }

  // ------------------------------------------------------------ arena / eval

  /** Arena: returns the request id at once (to follow `streams[id]`) and the result when done. */
  sample(role: Role, text: string, seedKind?: 'harmful' | 'benign'): { id: string; done: Promise<SampleResult | undefined> } {
    const id = `s${++requestSeq}`;
    this.streams = { ...this.streams, [id]: '' };
    const done = this.cmd(`sample-${role}`, (c) => c.sample(role, text, id, seedKind, { ...settings.value })).finally(() => {
      const { [id]: _drop, ...rest } = this.streams;
      this.streams = rest;
    });
    return { id, done };
  }

  async evaluate(source: EvalSource, key: string): Promise<EvalReport | undefined> {
    this.progress = { ...this.progress, evaluate: { phase: 'evaluate', done: 0, total: 1, label: 'Preparing' } };
    const report = await this.cmd('evaluate', (c) => c.evaluate(source));
    this.progress = { ...this.progress, evaluate: undefined };
    if (report) this.reports = { ...this.reports, [key]: report };
    return report;
  }

  // ------------------------------------------------------------ checkpoints

  async refreshCheckpoints(): Promise<void> {
    const c = this.client;
    if (!c || !this.connected) return;
    try {
      const [list, storage] = await Promise.all([c.list(), c.storageInfo()]);
      this.checkpoints = list;
      this.storage = storage;
    } catch (e) {
      this.report(e);
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshCheckpoints();
    }, 150);
  }

  async saveSnapshot(): Promise<void> {
    const meta = await this.cmd('save', (c) => c.save());
    if (meta) this.notify('success', `Saved a snapshot at step ${meta.step}.`, 'Snapshot saved');
    await this.refreshCheckpoints();
  }

  /** Replace the live run by a stored checkpoint; `andTrain` continues training right away. */
  async load(meta: CheckpointMeta, andTrain = false): Promise<boolean> {
    const state = await this.cmd('load', (c) => c.load(meta.id, settings.value.backend));
    if (!state) return false;
    this.resumeOffer = null;
    const snap = await this.cmd('snapshot', (c) => c.snapshot());
    this.history = snap?.history ?? [];
    this.games = [];
    this.progress = {};
    if (state.settings) settings.replace({ ...state.settings, backend: settings.value.backend });
    if (andTrain) await this.cmd('start', (c) => c.start());
    else this.notify('success', `Loaded “${meta.name}” at step ${meta.step}.`, 'Checkpoint loaded');
    return true;
  }

  async remove(meta: CheckpointMeta): Promise<void> {
    await this.cmd(`delete-${meta.id}`, (c) => c.delete(meta.id));
    if (this.resumeOffer?.id === meta.id) this.resumeOffer = null;
    await this.refreshCheckpoints();
  }

  async exportFile(meta: CheckpointMeta): Promise<void> {
    const out = await this.cmd(`export-${meta.id}`, (c) => c.export(meta.id));
    if (!out) return;
    const url = URL.createObjectURL(new Blob([out.bytes as BlobPart], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = out.filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async importFile(file: File): Promise<CheckpointMeta | undefined> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const meta = await this.cmd('import', (c) => c.import(bytes, file.name));
    this.progress = { ...this.progress, import: undefined };
    if (meta) this.notify('success', `Imported “${meta.name}” (step ${meta.step}). Load it from the list to continue it.`, 'Checkpoint imported');
    await this.refreshCheckpoints();
    return meta;
  }

  // ------------------------------------------------------------ browser niceties

  private requestPersistence(): void {
    const sm = navigator.storage;
    if (!sm?.persist) return;
    sm.persisted()
      .then((p) => (p ? true : sm.persist()))
      .then(() => this.refreshCheckpoints())
      .catch(() => undefined);
  }

  private updateWakeLock(): void {
    const wl = (navigator as Navigator & { wakeLock?: { request(t: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
    if (this.training && !this.wakeLock && wl && document.visibilityState === 'visible') {
      wl.request('screen')
        .then((l) => {
          if (this.training) this.wakeLock = l;
          else void l.release();
        })
        .catch(() => undefined);
    } else if (!this.training && this.wakeLock) {
      void this.wakeLock.release().catch(() => undefined);
      this.wakeLock = null;
    }
  }
}

export const lab = new LabStore();

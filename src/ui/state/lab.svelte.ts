/**
 * The page's view of the engine worker: run state, metric history, game feed, progress, checkpoints,
 * storage, notices, and the worker's health. Every command goes through `cmd()` so failures become
 * visible notices.
 */
import type { BackendChoice, DefenseResult, EvalReport, GameRecord, HumanAttack, IterationMetrics, LabSettings, Progress, PromptInspection, Role, SampleResult } from '../../engine/api';
import { LabError } from '../../engine/errors';
import { EngineClient, toLabError } from '../../worker/client';
import type { CheckpointMeta, EvalSource, RunState, StorageInfo, TaskName, WorkerEvent, WorldPrompt } from '../../worker/protocol';
import { RUN_OPEN_ELSEWHERE } from '../../worker/run-leases';
import { settings } from './settings.svelte';
import { DEFAULT_AUTOSAVE_EVERY } from './url';

export type NoticeTone = 'error' | 'warning' | 'success' | 'info';
export interface NoticeAction {
  label: string;
  run: () => unknown;
}
export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  text: string;
  code?: string;
  /** What kind of notice (for replacing and for tests): 'engine-dead', 'unresponsive', 'taken-over'… */
  key?: string;
  action?: NoticeAction;
}

/**
 * Knobs a test may set before the page loads (`window.__srtTest`), so a hanging download or a silent
 * worker is noticed in seconds instead of the production defaults.
 */
interface TestHooks {
  assetStallMs?: number;
  heartbeatStallMs?: number;
}

/** No word from the worker for this long: it is reported as not responding (it may be stuck). */
const HEARTBEAT_STALL_MS = 30_000;

const MAX_GAMES = 300;

/** Where the page keeps a student's nickname (typed once, kept across reloads). */
const NICKNAME_KEY = 'srt-lab.nickname';

function storedNickname(): string {
  try {
    return globalThis.localStorage?.getItem(NICKNAME_KEY) ?? '';
  } catch {
    return ''; // storage blocked (privacy mode): the nickname lasts for this page only
  }
}

const EMPTY_RUN: RunState = {
  status: 'empty',
  runId: null,
  iteration: 0,
  settings: null,
  backend: null,
  autosaveEvery: DEFAULT_AUTOSAVE_EVERY,
  lastSavedIteration: null,
};

const ERROR_TITLES: Record<string, string> = {
  'bad-settings': 'Invalid setting',
  'backend-unavailable': 'Compute backend unavailable',
  'checkpoint-corrupt': 'Checkpoint refused: damaged file',
  'checkpoint-foreign': 'Checkpoint refused: not from this lab',
  'checkpoint-missing': 'Not available',
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
  /** The worker is gone (closed, crashed or never started): only a restart brings it back. */
  crashed = $state(false);
  /** The worker has said nothing for a while (it may be stuck in a long computation). */
  unresponsive = $state(false);
  /** The offered autosave's run is open in another tab. */
  resumeElsewhere = $state(false);
  run = $state<RunState>({ ...EMPTY_RUN });
  history = $state.raw<IterationMetrics[]>([]);
  /** Newest first. */
  games = $state.raw<GameRecord[]>([]);
  /** The class attacks board: human attacks in the run's game, with their score sheets. */
  humanAttacks = $state.raw<HumanAttack[]>([]);
  /** The student's nickname for the board. */
  nickname = $state(storedNickname());
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
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  /** The last live run of this tab and whether it was training: what a restart resumes. */
  private lastRun: { runId: string; training: boolean } | null = null;
  private restarting = false;

  get hasRun(): boolean {
    return this.run.status !== 'empty' && this.run.settings !== null;
  }
  /** The worker is training (a dead worker trains nothing, whatever it said last). */
  get training(): boolean {
    return !this.crashed && (this.run.status === 'running' || this.run.status === 'pausing');
  }
  /** The URL settings differ from the live run's (backend excluded: a device choice, not a setup). */
  get settingsDiffer(): boolean {
    const r = this.run.settings;
    if (!r) return false;
    const s = settings.value;
    return (Object.keys(s) as (keyof LabSettings)[]).some((k) => k !== 'backend' && s[k] !== r[k]);
  }

  async init(offerResume = true): Promise<void> {
    if (this.client) return;
    const hooks = (globalThis as { __srtTest?: TestHooks }).__srtTest ?? {};
    const client = new EngineClient({
      onDeath: (reason) => this.onDeath(client, reason),
      onUncaught: (err) => this.notify('error', `${err.message} (The engine is still running.)`, 'Unexpected engine error', err.code),
    });
    this.client = client;
    const base = new URL(import.meta.env.BASE_URL, location.href);
    try {
      await client.connect((e) => this.onEvent(e));
      this.run = await client.init({
        assetBase: base.href,
        wasmPaths: new URL('tfjs-wasm/', base).href,
        // Minified builds break tfjs-wasm's pthread workers (setBackend('wasm') never resolves): threads only in dev.
        wasmThreads: import.meta.env.DEV ? undefined : false,
        assetStallMs: hooks.assetStallMs,
      });
      await client.setAutosaveEvery(settings.autosaveEvery);
      this.connected = true;
    } catch (e) {
      if (this.client !== client) return;
      this.crashed = true;
      this.report(e);
      return;
    }
    this.watchHeartbeat(hooks.heartbeatStallMs ?? HEARTBEAT_STALL_MS);
    if (!globalThis.navigator?.locks)
      this.notify(
        'warning',
        'This page is not in a secure context (https or localhost), so the browser offers no Web Locks: the lab cannot see whether another tab has the same run open. Keep the lab open in one tab only.',
        'Tabs are not coordinated',
        undefined,
        { key: 'no-locks' },
      );
    this.requestPersistence();
    await this.refreshCheckpoints();
    const auto = this.checkpoints.find((c) => c.kind === 'auto');
    if (offerResume && auto && this.run.status === 'empty') {
      this.resumeElsewhere = await client.runOpenElsewhere(auto.runId).catch(() => false);
      this.resumeOffer = auto;
      // The other tab may close or stop the run meanwhile: look again whenever this tab is shown.
      document.addEventListener('visibilitychange', () => void this.recheckResumeOffer());
    }
  }

  private async recheckResumeOffer(): Promise<void> {
    const offer = this.resumeOffer;
    const c = this.client;
    if (!offer || !c || !c.alive || document.visibilityState !== 'visible') return;
    const elsewhere = await c.runOpenElsewhere(offer.runId).catch(() => this.resumeElsewhere);
    if (this.resumeOffer === offer) this.resumeElsewhere = elsewhere;
  }

  // ------------------------------------------------------------ worker health

  private onDeath(client: EngineClient, reason: string): void {
    if (this.client !== client) return; // a worker we stopped on purpose
    this.crashed = true;
    this.unresponsive = false;
    this.dismissKey('unresponsive');
    const saved = this.run.lastSavedIteration;
    const resume = !this.lastRun
      ? ''
      : saved !== null
        ? ` Restart resumes this run from its autosave at iteration ${saved}.`
        : ' This run had no autosave yet.';
    this.notify('error', `${reason}${resume}`, 'The engine stopped', 'internal', { key: 'engine-dead', action: { label: 'Restart', run: () => this.restart() } });
    this.updateWakeLock();
  }

  /** Any word from the worker counts as a heartbeat; silence past `stallMs` is reported. */
  private watchHeartbeat(stallMs: number): void {
    this.lastHeard = Date.now();
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = setInterval(() => {
      if (!this.connected || this.crashed || this.unresponsive) return;
      const silent = Date.now() - this.lastHeard;
      if (silent < stallMs) return;
      this.unresponsive = true;
      this.notify('warning', `The engine has not answered for ${Math.round(silent / 1000)} s. It may be stuck in a long computation; Restart resumes from the last autosave.`, 'The engine is not responding', undefined, {
        key: 'unresponsive',
        action: { label: 'Restart', run: () => this.restart() },
      });
    }, Math.min(1000, stallMs));
  }

  /**
   * A fresh worker; the run this tab had is continued from its autosave (training again if it was
   * training). `backend` switches the compute backend first (e.g. to wasm after a lost GPU).
   */
  async restart(backend?: BackendChoice, train?: boolean): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      await this.restartWorker(backend, train);
    } finally {
      this.restarting = false;
    }
  }

  private async restartWorker(backend?: BackendChoice, train?: boolean): Promise<void> {
    const last = this.lastRun;
    const old = this.client;
    this.client = null;
    this.connected = false;
    this.crashed = false;
    this.unresponsive = false;
    for (const key of ['engine-dead', 'unresponsive', 'backend']) this.dismissKey(key);
    this.run = { ...EMPTY_RUN, autosaveEvery: settings.autosaveEvery };
    this.busy = {};
    this.resetRunView();
    await old?.dispose();
    if (backend) settings.set('backend', backend);
    await this.init(false);
    if (!this.connected) return;
    const auto = last && this.checkpoints.find((c) => c.id === `auto:${last.runId}`);
    if (auto) await this.load(auto, train ?? last.training, true);
    else this.notify('info', 'The engine restarted. The run had no autosave to resume: press Start to train again.', 'Engine restarted');
  }

  // ------------------------------------------------------------ events

  private onEvent(e: WorkerEvent): void {
    this.lastHeard = Date.now();
    if (this.unresponsive) {
      this.unresponsive = false;
      this.dismissKey('unresponsive');
    }
    switch (e.type) {
      case 'heartbeat':
        break;
      case 'state':
        this.run = e.state;
        if (e.state.runId) this.lastRun = { runId: e.state.runId, training: e.state.status === 'running' || e.state.status === 'pausing' };
        if (e.state.status === 'running') this.resumeOffer = null;
        this.updateWakeLock();
        break;
      case 'taken-over':
        this.lastRun = null;
        this.resetRunView();
        this.notify(
          'warning',
          `Another tab took this run over at iteration ${e.iteration} and trains it there now; this tab stopped and no longer saves it. Start a new run here, or take it back from the Checkpoints list.`,
          'Run moved to another tab',
          undefined,
          { key: 'taken-over' },
        );
        break;
      case 'progress':
        this.progress = { ...this.progress, [e.task]: e.progress };
        break;
      case 'iteration': {
        const h = this.history;
        const keep = h.length && h[h.length - 1].iter >= e.metrics.iter ? h.filter((m) => m.iter < e.metrics.iter) : h;
        // Skipped updates are not part of the run's history (lab.history() leaves them out too).
        if (!e.metrics.skipped) this.history = [...keep, e.metrics];
        const fresh = [...e.games].reverse();
        this.games = [...fresh, ...this.games].slice(0, MAX_GAMES);
        this.progress = { ...this.progress, train: undefined };
        break;
      }
      case 'human-attacks':
        this.humanAttacks = e.attacks;
        break;
      case 'saved':
        this.scheduleRefresh();
        break;
      case 'sample-text':
        this.streams = { ...this.streams, [e.requestId]: e.soFar };
        break;
      case 'error': {
        if (e.error.code === 'backend-unavailable') {
          // The GPU device was lost: this worker's WebGPU is gone; a fresh worker on wasm continues.
          this.notify('error', e.error.message, ERROR_TITLES['backend-unavailable'], e.error.code, {
            key: 'backend',
            action: { label: 'Continue on wasm', run: () => this.restart('wasm', true) },
          });
          break;
        }
        const where = e.context === 'autosave' ? 'Autosave failed' : e.context === 'training' ? 'Training stopped' : 'Saving failed';
        const title = e.error.code === 'storage-quota' ? `${where}: browser storage is full` : where;
        this.notify('error', e.error.message, title, e.error.code);
        break;
      }
    }
  }

  // ------------------------------------------------------------ notices

  notify(tone: NoticeTone, text: string, title = '', code?: string, extra: Pick<Notice, 'key' | 'action'> = {}): void {
    const n: Notice = { id: ++noticeSeq, tone, title, text, code, ...extra };
    this.notices = [...this.notices.filter((x) => x.text !== text && (!n.key || x.key !== n.key)), n].slice(-5);
    if ((tone === 'success' || tone === 'info') && !n.action) setTimeout(() => this.dismiss(n.id), 6000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  private dismissKey(key: string): void {
    this.notices = this.notices.filter((n) => n.key !== key);
  }

  /** Show a failure; `action` offers the way out where there is one. */
  report(e: unknown, action?: NoticeAction): LabError {
    const err = toLabError(e);
    if (!action && err.code === 'backend-unavailable' && settings.value.backend !== 'wasm')
      action = {
        label: 'Use wasm instead',
        run: () => {
          settings.set('backend', 'wasm');
          if (!this.hasRun) void this.start();
        },
      };
    this.notify('error', err.message, ERROR_TITLES[err.code] ?? 'Error', err.code, { action });
    return err;
  }

  /** Run a command with a busy flag; failures become notices (and resolve to undefined). */
  private async cmd<T>(name: string, fn: (c: EngineClient) => Promise<T>, onError?: (err: LabError) => NoticeAction | undefined): Promise<T | undefined> {
    const c = this.client;
    if (!c || !this.connected || this.crashed) {
      this.notify('error', this.crashed ? 'The engine stopped: press Restart in its notice first.' : 'The engine is still starting.', 'Engine not ready');
      return undefined;
    }
    this.busy = { ...this.busy, [name]: true };
    try {
      return await fn(c);
    } catch (e) {
      // A worker that died or was replaced: its death notice already says what happened.
      if (this.client !== c || !c.alive) return undefined;
      const err = toLabError(e);
      this.report(err, onError?.(err));
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
    this.humanAttacks = [];
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

  /**
   * Arena: what the model reads of `text` (token pieces, the window's cut, sampling). Called as the
   * person types, so it sets no busy flag and stays quiet while the engine is not ready.
   */
  async inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign'): Promise<PromptInspection | undefined> {
    const c = this.client;
    if (!c || !this.connected || this.crashed) return undefined;
    try {
      return await c.inspectPrompt(role, text, seedKind, { ...settings.value });
    } catch (e) {
      if (this.client === c && c.alive) this.report(e);
      return undefined;
    }
  }

  setNickname(name: string): void {
    this.nickname = name.trim();
    try {
      globalThis.localStorage?.setItem(NICKNAME_KEY, this.nickname);
    } catch {
      // storage blocked: kept for this page only
    }
  }

  /** Add a person's attack to the live run's game (under the stored nickname). */
  async addHumanAttack(text: string): Promise<HumanAttack | undefined> {
    const added = await this.cmd('add-human', (c) => c.addHumanAttack(this.nickname, text));
    if (added)
      this.notify('success', `“${added.text}” joins the game from iteration ${added.addedAt + 1}: the defender will answer it while it trains.`, 'Attack added to the game');
    return added;
  }

  /** Play the defender: label and score a person's answer to `prompt`. */
  scoreDefense(prompt: string, answer: string): Promise<DefenseResult | undefined> {
    return this.cmd('score-defense', (c) => c.scoreDefense(prompt, answer, { ...settings.value }));
  }

  worldPrompt(): Promise<WorldPrompt | undefined> {
    return this.cmd('world-prompt', (c) => c.worldPrompt({ ...settings.value }));
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
      if (this.client === c && c.alive) this.report(e);
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

  /**
   * Replace the live run by a stored checkpoint; `andTrain` continues training right away. An
   * autosave whose run is open in another tab is refused unless `takeOver` (that tab then drops it).
   */
  async load(meta: CheckpointMeta, andTrain = false, takeOver = false): Promise<boolean> {
    const state = await this.cmd(
      'load',
      (c) => c.load(meta.id, settings.value.backend, { takeOver }),
      (err) => {
        if (err.message !== RUN_OPEN_ELSEWHERE) return undefined;
        if (this.resumeOffer?.id === meta.id) this.resumeElsewhere = true;
        return { label: 'Take over here', run: () => this.load(meta, andTrain, true) };
      },
    );
    if (!state) return false;
    this.resumeOffer = null;
    this.resumeElsewhere = false;
    this.dismissKey('taken-over');
    const snap = await this.cmd('snapshot', (c) => c.snapshot());
    this.history = snap?.history ?? [];
    // The checkpoint keeps the run's last games and its class attacks: the feed and board come back.
    this.games = [...(snap?.games ?? [])].reverse();
    this.humanAttacks = snap?.humanAttacks ?? [];
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

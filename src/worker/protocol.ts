/**
 * The page <-> engine-worker contract. Commands are comlink calls on `EngineWorkerApi`; everything the
 * worker pushes (progress, metrics, games, autosaves, streamed text, background errors) goes through
 * ONE proxied callback registered with `connect`. Pure types: imported by both sides, no runtime code
 * except the error marker helpers.
 */
import type {
  BackendInfo,
  DefenseResult,
  EvalReport,
  GameRecord,
  HumanAttack,
  IterationMetrics,
  LabSettings,
  Progress,
  PromptInspection,
  Role,
  SampleResult,
} from '../engine/api';
import type { ErrorInfo } from '../engine/errors';

/** What the worker is doing with its one live run. */
export type RunStatus =
  | 'empty' // no run yet
  | 'loading' // creating / restoring a run
  | 'ready' // a run exists, not training
  | 'running' // training loop active
  | 'pausing'; // finishing the current iteration, then autosave

export interface RunState {
  status: RunStatus;
  runId: string | null;
  iteration: number;
  settings: LabSettings | null;
  backend: BackendInfo | null;
  autosaveEvery: number;
  /** Iteration of the last successful autosave of this run (null: none yet). */
  lastSavedIteration: number | null;
}

export type CheckpointKind = 'auto' | 'snapshot' | 'import';

/** One stored checkpoint (the bytes live in a separate store, read only on load/export). */
export interface CheckpointMeta {
  id: string;
  kind: CheckpointKind;
  runId: string;
  name: string;
  step: number;
  savedAt: string; // ISO time from the checkpoint
  storedAt: string; // ISO time it entered IndexedDB
  size: number; // bytes
  settings: LabSettings;
  lastMetrics: IterationMetrics | null;
}

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

/** Long tasks the page shows progress for. */
export type TaskName = 'create' | 'train' | 'evaluate' | 'save' | 'load' | 'import' | 'sample';

export type { ErrorInfo } from '../engine/errors';

export type WorkerEvent =
  | { type: 'state'; state: RunState }
  | { type: 'progress'; task: TaskName; progress: Progress }
  | { type: 'iteration'; metrics: IterationMetrics; games: GameRecord[] }
  /** The class attacks board changed (an attack was added, or an iteration replayed some). */
  | { type: 'human-attacks'; attacks: HumanAttack[] }
  | { type: 'saved'; meta: CheckpointMeta }
  | { type: 'sample-text'; requestId: string; soFar: string }
  /** A failure outside any command's promise (autosave, the training loop, the GPU device). */
  | { type: 'error'; context: 'autosave' | 'training' | 'save' | 'backend'; error: ErrorInfo }
  /** Another tab took this run over: the worker dropped it and writes nothing more for it. */
  | { type: 'taken-over'; runId: string; iteration: number }
  /** The worker's event loop is alive (sent every HEARTBEAT_MS while a page listens). */
  | { type: 'heartbeat' };

/** How often the worker says it is alive. */
export const HEARTBEAT_MS = 1000;

export type EventSink = (e: WorkerEvent) => void;

export interface WorkerEnv {
  /** Absolute URL of the site root (where public/ files are served). */
  assetBase: string;
  /** Absolute URL of the folder holding the tfjs *.wasm binaries. */
  wasmPaths: string;
  /** Multithreaded wasm; false in production builds (minified builds break tfjs's pthread workers). */
  wasmThreads?: boolean;
  /** A download that sends nothing for this long fails with a notice (default 30 s; tests shorten it). */
  assetStallMs?: number;
  /** A Web Lock the worker holds for its whole life: the page is granted it when the worker dies. */
  lifeLock?: string;
}

export interface RunSnapshot {
  state: RunState;
  history: IterationMetrics[];
  /** The run's last games, oldest first (restored with a checkpoint, so the feed comes back). */
  games: GameRecord[];
  humanAttacks: HumanAttack[];
}

/** A prompt from the world for a person to answer as the defender. */
export interface WorldPrompt {
  text: string;
  kind: 'harmful' | 'benign';
  /** Wrapped in a template jailbreak (else the plain seed). */
  attack: boolean;
}

export interface StartOptions {
  /** Settings for a new run; ignored when continuing the current run unless `fresh`. */
  settings?: LabSettings;
  /** Discard the current run (it stays in storage if autosaved) and start from the warm start. */
  fresh?: boolean;
}

export interface LoadOptions {
  /** Take the run over from the tab that has it open. */
  takeOver?: boolean;
}

/** What to evaluate: the live run, a stored checkpoint, or the shipped warm start (the baseline). */
export type EvalSource =
  | { kind: 'current' }
  | { kind: 'checkpoint'; id: string; backend?: LabSettings['backend'] }
  | { kind: 'warmstart'; settings: LabSettings };

/** The typed API the worker exposes. Every method rejects with a `LabError` (see client.ts). */
export interface EngineWorkerApi {
  init(env: WorkerEnv): Promise<RunState>;
  /** Register the one event callback (a comlink proxy); replaces and releases any previous one. */
  connect(sink: EventSink): Promise<void>;
  /** Release the event callback. */
  disconnect(): Promise<void>;
  snapshot(): Promise<RunSnapshot>;
  setAutosaveEvery(n: number): Promise<RunState>;

  /** Create a run if needed and start the training loop; resolves once the loop is running. */
  start(opts?: StartOptions): Promise<RunState>;
  /** Stop after the current iteration, autosave, resolve when paused. */
  pause(): Promise<RunState>;
  /** Run exactly one iteration (creating the run if needed). */
  step(opts?: StartOptions): Promise<RunState>;
  /** Pause, autosave and drop the live run (its checkpoints stay). */
  stop(): Promise<RunState>;

  evaluate(source: EvalSource): Promise<EvalReport>;
  /** Arena. Streams `sample-text` events tagged with requestId; creates a run from `settings` if there is none. */
  sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult>;
  /**
   * Arena: the token pieces the model reads of `text` and how it samples. Reads the live run's
   * tokenizer and preset; with no run, those of the run `settings` would start (creates none).
   * Never waits for a training iteration.
   */
  inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<PromptInspection>;

  /**
   * Human red-teamers: add a person's attack to the live run's game (replayed to the defender from the
   * next iteration on). Saved with the run: right away when it is not training (if autosave is on).
   */
  addHumanAttack(nickname: string, text: string): Promise<HumanAttack>;
  /** Play the defender: label and score a person's answer; creates a run from `settings` if there is none. */
  scoreDefense(prompt: string, answer: string, settings?: LabSettings): Promise<DefenseResult>;
  /** A world prompt to answer as the defender; creates a run from `settings` if there is none. */
  worldPrompt(settings?: LabSettings): Promise<WorldPrompt>;

  /** Save a named snapshot of the current run (autosaves happen on their own). */
  save(): Promise<CheckpointMeta>;
  /**
   * Replace the current run by a stored checkpoint (integrity verified first). An autosave continues
   * its run, which must not be open in another tab unless `takeOver` (that tab then drops it).
   */
  load(id: string, backend?: LabSettings['backend'], opts?: LoadOptions): Promise<RunState>;
  /** Whether another tab has this run open (holds its lease). */
  runOpenElsewhere(runId: string): Promise<boolean>;
  list(): Promise<CheckpointMeta[]>;
  delete(id: string): Promise<void>;
  export(id: string): Promise<{ bytes: Uint8Array; filename: string }>;
  /** Verify and store a checkpoint file as a new entry; nothing is overwritten. */
  import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta>;
  storageInfo(): Promise<StorageInfo>;
}

/** How an error crosses comlink: a plain object (comlink would drop `code` from an Error). */
export type WireError = ErrorInfo & { __labError: true };

export function isWireError(v: unknown): v is WireError {
  return typeof v === 'object' && v !== null && (v as WireError).__labError === true;
}

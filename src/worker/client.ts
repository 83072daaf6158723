/**
 * Page side of the engine worker: starts the dedicated module worker, wraps it with comlink and turns
 * wire errors back into `LabError`s. Large buffers cross by transfer, never by copy.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { EvalReport, LabSettings, Role, SampleResult } from '../engine/api';
import { LabError } from '../engine/errors';
import {
  isWireError,
  type CheckpointMeta,
  type EngineWorkerApi,
  type EvalSource,
  type EventSink,
  type RunSnapshot,
  type RunState,
  type StartOptions,
  type StorageInfo,
  type WorkerEnv,
} from './protocol';

export function toLabError(e: unknown): LabError {
  if (e instanceof LabError) return e;
  if (isWireError(e)) return new LabError(e.code, e.message);
  const message = e instanceof Error ? e.message : String(e);
  return new LabError('internal', message || 'Unknown engine error');
}

async function typed<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toLabError(e);
  }
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly remote: Remote<EngineWorkerApi>;

  /** `onCrash` hears about failures of the worker itself (script failed to load, uncaught errors). */
  constructor(onCrash: (err: LabError) => void) {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'self-redteam-engine' });
    this.worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      onCrash(new LabError('internal', `The engine worker failed: ${ev.message || 'it could not be loaded'}`));
    });
    this.worker.addEventListener('messageerror', () => onCrash(new LabError('internal', 'A message from the engine worker could not be read.')));
    this.remote = wrap<EngineWorkerApi>(this.worker);
  }

  init(env: WorkerEnv): Promise<RunState> {
    return typed(this.remote.init(env));
  }
  /** Register the one event callback. */
  connect(sink: EventSink): Promise<void> {
    return typed(this.remote.connect(proxy(sink)));
  }
  disconnect(): Promise<void> {
    return typed(this.remote.disconnect());
  }
  snapshot(): Promise<RunSnapshot> {
    return typed(this.remote.snapshot());
  }
  setAutosaveEvery(n: number): Promise<RunState> {
    return typed(this.remote.setAutosaveEvery(n));
  }
  start(opts?: StartOptions): Promise<RunState> {
    return typed(this.remote.start(opts));
  }
  pause(): Promise<RunState> {
    return typed(this.remote.pause());
  }
  step(opts?: StartOptions): Promise<RunState> {
    return typed(this.remote.step(opts));
  }
  stop(): Promise<RunState> {
    return typed(this.remote.stop());
  }
  evaluate(source: EvalSource): Promise<EvalReport> {
    return typed(this.remote.evaluate(source));
  }
  sample(role: Role, text: string, requestId: string, seedKind?: 'harmful' | 'benign', settings?: LabSettings): Promise<SampleResult> {
    return typed(this.remote.sample(role, text, requestId, seedKind, settings));
  }
  save(): Promise<CheckpointMeta> {
    return typed(this.remote.save());
  }
  load(id: string, backend?: LabSettings['backend']): Promise<RunState> {
    return typed(this.remote.load(id, backend));
  }
  list(): Promise<CheckpointMeta[]> {
    return typed(this.remote.list());
  }
  delete(id: string): Promise<void> {
    return typed(this.remote.delete(id));
  }
  export(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    return typed(this.remote.export(id));
  }
  /** The bytes are moved to the worker (the caller's buffer is detached afterwards). */
  import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta> {
    return typed(this.remote.import(transfer(bytes, [bytes.buffer]), filename));
  }
  storageInfo(): Promise<StorageInfo> {
    return typed(this.remote.storageInfo());
  }

  async dispose(): Promise<void> {
    try {
      await this.remote.disconnect();
    } catch {
      /* worker already gone */
    }
    this.remote[releaseProxy]();
    this.worker.terminate();
  }
}

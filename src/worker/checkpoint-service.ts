/**
 * Checkpoints as the page sees them: verified before they are stored or loaded, named and described
 * from their own summary, listed, exported and imported. Bytes live in the CheckpointStore
 * (IndexedDB); this file decides what goes in and what comes out.
 */
import { transfer } from 'comlink';
import type { CheckpointSummary } from '../engine/api';
import { LabError } from '../engine/errors';
import type { CheckpointStore } from './checkpoint-store';
import type { EventHub } from './events';
import { newId } from './mutex';
import type { CheckpointMeta, StorageInfo } from './protocol';

export type ReadSummary = (bytes: Uint8Array) => Promise<CheckpointSummary>;

/** Store metadata of a checkpoint: identity given by the caller, the rest read off its summary. */
export function checkpointMeta(
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
  return `selfredteam-${s.preset}${s.world === 'v2' ? '-v2' : ''}-${s.mode}${s.cot ? '' : '-nocot'}-seed${s.seed}-step${meta.step}.ckpt`;
}

/** The one autosave record of a run: every autosave of the run replaces it. */
export const autosaveId = (runId: string): string => `auto:${runId}`;

export class CheckpointService {
  constructor(
    private readonly store: CheckpointStore,
    private readonly readSummary: ReadSummary,
    private readonly events: EventHub,
  ) {}

  /** The checkpoint's summary; anything unreadable becomes a typed error. */
  async verify(bytes: Uint8Array): Promise<CheckpointSummary> {
    try {
      return await this.readSummary(bytes);
    } catch (e) {
      if (e instanceof LabError) throw e;
      throw new LabError('checkpoint-corrupt', `This is not a readable checkpoint: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  /** Store the bytes of a live run as its autosave or as a new snapshot. */
  async record(kind: 'auto' | 'snapshot', runId: string, bytes: Uint8Array, summary: CheckpointSummary): Promise<CheckpointMeta> {
    const meta = checkpointMeta(summary, bytes, {
      id: kind === 'auto' ? autosaveId(runId) : `snap:${runId}:${summary.step}:${newId()}`,
      kind,
      runId,
      name: kind === 'auto' ? `Autosave · ${summary.settings.preset} ${summary.settings.mode}` : `Snapshot · step ${summary.step}`,
    });
    await this.store.put(meta, bytes);
    this.events.emit({ type: 'saved', meta });
    return meta;
  }

  get(id: string): Promise<{ meta: CheckpointMeta; bytes: Uint8Array }> {
    return this.store.get(id);
  }

  list(): Promise<CheckpointMeta[]> {
    return this.store.list();
  }

  delete(id: string): Promise<void> {
    return this.store.delete(id);
  }

  async export(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const { meta, bytes } = await this.store.get(id);
    return transfer({ bytes, filename: checkpointFilename(meta) }, [bytes.buffer]);
  }

  /** Verify and store a file as a new entry (nothing is overwritten). */
  async import(bytes: Uint8Array, filename: string): Promise<CheckpointMeta> {
    this.events.progress('import', { phase: 'load', done: 0, total: 1, label: 'Checking file integrity' });
    const summary = await this.verify(bytes);
    const meta = checkpointMeta(summary, bytes, {
      id: `import:${newId()}`,
      kind: 'import',
      runId: newId(),
      name: filename.replace(/\.[^.]+$/, '') || 'Imported checkpoint',
    });
    await this.store.put(meta, bytes);
    this.events.progress('import', { phase: 'load', done: 1, total: 1, label: 'Imported' });
    return meta;
  }

  async storageInfo(): Promise<StorageInfo> {
    const sm = (globalThis.navigator as Navigator | undefined)?.storage;
    if (!sm) return { usage: null, quota: null, persisted: null };
    const [est, persisted] = await Promise.all([
      sm.estimate().catch(() => ({}) as StorageEstimate),
      sm.persisted ? sm.persisted().catch(() => null) : Promise.resolve(null),
    ]);
    return { usage: est.usage ?? null, quota: est.quota ?? null, persisted };
  }
}

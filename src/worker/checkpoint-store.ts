/**
 * Checkpoints in IndexedDB (through idb). Lives in the worker. Two stores written in ONE transaction:
 * `meta` (small, listed often) and `bytes` (one ArrayBuffer per checkpoint, read only on load/export),
 * so a write is atomic: a failed write (e.g. QuotaExceededError) aborts and leaves the previous
 * checkpoint under the same id untouched.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { LabError } from '../engine/errors';
import type { CheckpointMeta } from './protocol';

export const DB_NAME = 'self-redteam-lab';
const DB_VERSION = 1;

interface Schema extends DBSchema {
  meta: { key: string; value: CheckpointMeta };
  bytes: { key: string; value: ArrayBuffer };
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (e instanceof Error && /quota/i.test(e.message));
}

export class CheckpointStore {
  private dbp: Promise<IDBPDatabase<Schema>> | null = null;

  constructor(private readonly dbName = DB_NAME) {}

  private db(): Promise<IDBPDatabase<Schema>> {
    if (!this.dbp) {
      this.dbp = openDB<Schema>(this.dbName, DB_VERSION, {
        upgrade(db) {
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'id' });
          if (!db.objectStoreNames.contains('bytes')) db.createObjectStore('bytes');
        },
        terminated: () => {
          this.dbp = null;
        },
      }).catch((e: unknown) => {
        this.dbp = null;
        throw new LabError('internal', `Could not open the checkpoint database (IndexedDB): ${String((e as Error)?.message ?? e)}`);
      });
    }
    return this.dbp;
  }

  /** Newest first. */
  async list(): Promise<CheckpointMeta[]> {
    const all = await (await this.db()).getAll('meta');
    return all.sort((a, b) => (a.storedAt < b.storedAt ? 1 : a.storedAt > b.storedAt ? -1 : 0));
  }

  async meta(id: string): Promise<CheckpointMeta | undefined> {
    return (await this.db()).get('meta', id);
  }

  async get(id: string): Promise<{ meta: CheckpointMeta; bytes: Uint8Array }> {
    const db = await this.db();
    const tx = db.transaction(['meta', 'bytes'], 'readonly');
    const [meta, buf] = await Promise.all([tx.objectStore('meta').get(id), tx.objectStore('bytes').get(id), tx.done]);
    if (!meta || !buf) throw new LabError('checkpoint-missing', `Checkpoint "${id}" is not in this browser's storage any more.`);
    return { meta, bytes: new Uint8Array(buf) };
  }

  /** Atomic insert-or-replace. Throws LabError('storage-quota') when the browser refuses the space. */
  async put(meta: CheckpointMeta, bytes: Uint8Array): Promise<void> {
    const db = await this.db();
    const buf = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    const tx = db.transaction(['meta', 'bytes'], 'readwrite');
    try {
      await Promise.all([tx.objectStore('bytes').put(buf as ArrayBuffer, meta.id), tx.objectStore('meta').put(meta), tx.done]);
    } catch (e) {
      const err = tx.error ?? e;
      if (isQuotaError(err) || isQuotaError(e)) {
        throw new LabError(
          'storage-quota',
          `The browser refused to store ${formatBytes(bytes.byteLength)} (storage quota exceeded). The previous checkpoint was kept. ` +
            'Free space by deleting or exporting old checkpoints.',
        );
      }
      throw new LabError('internal', `Saving the checkpoint failed: ${String((err as Error)?.message ?? err)}`);
    }
  }

  async delete(id: string): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['meta', 'bytes'], 'readwrite');
    await Promise.all([tx.objectStore('meta').delete(id), tx.objectStore('bytes').delete(id), tx.done]);
  }

  close(): void {
    void this.dbp?.then((db) => db.close());
    this.dbp = null;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

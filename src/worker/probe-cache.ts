/**
 * The `auto` backend probe's decisions in IndexedDB (through idb), one record per device and preset
 * (src/engine/backend/probe.ts makes the key), so a page reload starts at once on the backend the
 * probe picked last time. A database of its own: the checkpoint database's schema stays untouched.
 * Where IndexedDB does not exist (Node, the CLI), decisions live in the process's memory.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BackendProbe } from '../engine/api';
import { LabError } from '../engine/errors';
import { processProbeCache, type ProbeCache } from '../engine/backend/probe';

export const PROBE_DB_NAME = 'self-redteam-lab-backend-probe';

interface Schema extends DBSchema {
  results: { key: string; value: BackendProbe };
}

export class IdbProbeCache implements ProbeCache {
  private dbp: Promise<IDBPDatabase<Schema>> | null = null;

  constructor(private readonly dbName = PROBE_DB_NAME) {}

  private db(): Promise<IDBPDatabase<Schema>> {
    if (!this.dbp) {
      this.dbp = openDB<Schema>(this.dbName, 1, {
        upgrade(db) {
          if (!db.objectStoreNames.contains('results')) db.createObjectStore('results');
        },
        terminated: () => {
          this.dbp = null;
        },
      }).catch((e: unknown) => {
        this.dbp = null;
        throw new LabError('internal', `Could not open the backend probe database (IndexedDB): ${String((e as Error)?.message ?? e)}`);
      });
    }
    return this.dbp;
  }

  async get(key: string): Promise<BackendProbe | undefined> {
    return (await this.db()).get('results', key);
  }

  async set(key: string, value: BackendProbe): Promise<void> {
    await (await this.db()).put('results', value, key);
  }
}

/** IndexedDB where it exists (the worker), else this process's memory. */
export function defaultProbeCache(): ProbeCache {
  return typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'undefined' ? processProbeCache : new IdbProbeCache();
}

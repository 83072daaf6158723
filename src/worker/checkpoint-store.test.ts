import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../engine/config/settings';
import { LabError } from '../engine/errors';
import { CheckpointStore, isQuotaError } from './checkpoint-store';
import type { CheckpointMeta } from './protocol';

const meta = (id: string, step: number, storedAt: string): CheckpointMeta => ({
  id,
  kind: 'auto',
  runId: 'r1',
  name: id,
  step,
  savedAt: storedAt,
  storedAt,
  size: 4,
  settings: DEFAULT_SETTINGS,
  lastMetrics: null,
});

describe('CheckpointStore', () => {
  it('stores, lists newest first, reads back bytes and deletes', async () => {
    const store = new CheckpointStore(`test-${Math.random()}`);
    await store.put(meta('a', 1, '2025-01-01T00:00:00Z'), new Uint8Array([1, 2, 3, 4]));
    await store.put(meta('b', 2, '2025-01-02T00:00:00Z'), new Uint8Array([5, 6, 7, 8]));
    expect((await store.list()).map((m) => m.id)).toEqual(['b', 'a']);
    const { bytes } = await store.get('a');
    expect([...bytes]).toEqual([1, 2, 3, 4]);
    await store.delete('a');
    expect((await store.list()).map((m) => m.id)).toEqual(['b']);
    await expect(store.get('a')).rejects.toMatchObject({ code: 'checkpoint-missing' });
  });

  it('replaces an entry under the same id atomically (autosave)', async () => {
    const store = new CheckpointStore(`test-${Math.random()}`);
    await store.put(meta('auto:r1', 1, '2025-01-01T00:00:00Z'), new Uint8Array([1]));
    await store.put(meta('auto:r1', 5, '2025-01-01T00:01:00Z'), new Uint8Array([9, 9]));
    const list = await store.list();
    expect(list).toHaveLength(1);
    expect(list[0].step).toBe(5);
    expect([...(await store.get('auto:r1')).bytes]).toEqual([9, 9]);
  });

  it('stores a view into a larger buffer exactly', async () => {
    const store = new CheckpointStore(`test-${Math.random()}`);
    const big = new Uint8Array([0, 1, 2, 3, 4, 5]);
    await store.put(meta('v', 1, '2025-01-01T00:00:00Z'), big.subarray(2, 5));
    expect([...(await store.get('v')).bytes]).toEqual([2, 3, 4]);
  });

  it('recognises quota errors', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('nope'))).toBe(false);
    expect(new LabError('storage-quota', 'x').code).toBe('storage-quota');
  });
});

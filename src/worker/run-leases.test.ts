import { describe, expect, it } from 'vitest';
import { FakeLocks, until } from './fakes.test-support';
import { holdForLife, RUN_LOCK_PREFIX, RunLeases } from './run-leases';

describe('RunLeases', () => {
  it('one holder per run; a second acquire gets null; release frees it', async () => {
    const locks = new FakeLocks();
    const a = new RunLeases(locks);
    const b = new RunLeases(locks);
    const lost: string[] = [];
    const lease = await a.acquire('r1', { onLost: (id) => lost.push(id) });
    expect(lease?.runId).toBe('r1');
    expect(await b.held('r1')).toBe(true);
    expect(await b.acquire('r1', { onLost: () => {} })).toBeNull();
    lease!.release();
    await new Promise((r) => setTimeout(r, 0)); // the browser frees the lock once the holder's callback settles
    expect(await b.held('r1')).toBe(false);
    expect(await b.acquire('r1', { onLost: () => {} })).not.toBeNull();
    expect(lost).toEqual([]);
  });

  it('steal takes the run and tells the old holder', async () => {
    const locks = new FakeLocks();
    const lost: string[] = [];
    await new RunLeases(locks).acquire('r2', { onLost: (id) => lost.push(id) });
    const taken = await new RunLeases(locks).acquire('r2', { steal: true, onLost: () => {} });
    expect(taken?.runId).toBe('r2');
    await until(() => lost.length === 1, 'old holder told');
    expect(lost).toEqual(['r2']);
    expect((await locks.query()).held?.map((l) => l.name)).toEqual([RUN_LOCK_PREFIX + 'r2']);
  });

  it('the life lock is held once', async () => {
    const locks = new FakeLocks();
    await holdForLife(locks, 'life-1');
    await expect(holdForLife(locks, 'life-1')).rejects.toThrow(/already taken/);
  });
});

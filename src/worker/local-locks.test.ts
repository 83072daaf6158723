import { describe, expect, it } from 'vitest';
import { LocalLocks } from './local-locks';

describe('LocalLocks (Web Locks where the browser has none)', () => {
  it('grants a free lock, refuses a held one with ifAvailable, and frees it when the holder settles', async () => {
    const locks = new LocalLocks();
    let release = () => {};
    const held = locks.request('x', { ifAvailable: true }, () => new Promise<void>((r) => (release = r)));
    expect((await locks.query()).held?.map((l) => l.name)).toEqual(['x']);
    expect(await locks.request('x', { ifAvailable: true }, (lock: Lock | null) => lock)).toBeNull();
    release();
    await held;
    expect((await locks.query()).held).toEqual([]);
  });

  it('steal takes the lock and rejects the old holder with AbortError', async () => {
    const locks = new LocalLocks();
    const old = locks.request('y', {}, () => new Promise<void>(() => {}));
    const taken = locks.request('y', { steal: true }, (lock: Lock | null) => lock?.name);
    await expect(old).rejects.toMatchObject({ name: 'AbortError' });
    expect(await taken).toBe('y');
  });

  it('refuses to wait (the worker never needs to)', async () => {
    const locks = new LocalLocks();
    void locks.request('z', {}, () => new Promise<void>(() => {}));
    await expect(locks.request('z', {}, () => undefined)).rejects.toMatchObject({ code: 'internal' });
  });
});

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointStore } from './checkpoint-store';
import { EngineService } from './engine-service';
import { fakeFactory, FakeLocks, Recorder, SETTINGS, tableFetch, until } from './fakes.test-support';
import { HEARTBEAT_MS } from './protocol';

const FILES = { 'checkpoints/tiny.ckpt': new Uint8Array([1]), 'judge/reward-lm.bin': new Uint8Array([2]) };

function service(locks = new FakeLocks()) {
  const fake = fakeFactory();
  const svc = new EngineService(fake.factory, { locks, store: new CheckpointStore(`svc-${Math.random()}`), fetch: tableFetch(FILES).fn });
  return { svc, fake, locks };
}

describe('EngineService (the comlink face)', () => {
  afterEach(() => vi.useRealTimers());

  it('failures leave as plain wire errors with their code (comlink drops Error fields)', async () => {
    const { svc } = service();
    await svc.init({ assetBase: 'http://lab.test/', wasmPaths: 'http://lab.test/tfjs-wasm/' });
    await expect(svc.start()).rejects.toEqual({ __labError: true, code: 'bad-settings', message: 'Settings are needed to start a new run.' });
    await expect(svc.setAutosaveEvery(-1)).rejects.toMatchObject({ __labError: true, code: 'bad-settings' });
    await expect(svc.load('nope')).rejects.toMatchObject({ __labError: true, code: 'checkpoint-missing' });
  });

  it('holds its life lock from init on, and says it is alive every HEARTBEAT_MS', async () => {
    const { svc, locks } = service();
    await svc.init({ assetBase: 'http://lab.test/', wasmPaths: '', lifeLock: 'life-test' });
    expect((await locks.query()).held?.map((l) => l.name)).toContain('life-test');
    vi.useFakeTimers();
    const rec = new Recorder();
    await svc.connect(rec.sink);
    vi.advanceTimersByTime(3 * HEARTBEAT_MS);
    expect(rec.of('heartbeat')).toHaveLength(3);
    await svc.disconnect();
    vi.advanceTimersByTime(3 * HEARTBEAT_MS);
    expect(rec.of('heartbeat')).toHaveLength(3);
  });

  it('drives a run end to end: step, snapshot, list, export, import', async () => {
    const { svc, fake } = service();
    await svc.init({ assetBase: 'http://lab.test/', wasmPaths: '' });
    const stepping = svc.step({ settings: SETTINGS, fresh: true });
    await until(() => fake.labs.length === 1, 'lab created');
    fake.last().allow(1);
    expect(await stepping).toMatchObject({ status: 'ready', iteration: 1 });
    const snap = await svc.save();
    const out = await svc.export(snap.id);
    expect(out.filename).toBe('selfredteam-tiny-selfplay-seed1-step1.ckpt'.replace('seed1', `seed${SETTINGS.seed}`));
    const imported = await svc.import(out.bytes, 'mine.ckpt');
    expect(imported).toMatchObject({ kind: 'import', name: 'mine', step: 1 });
    expect((await svc.list()).map((m) => m.kind).sort()).toEqual(['import', 'snapshot']);
  });
});

import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, BackendError, findWebGPUAdapter } from './select';
import { LabError, toErrorInfo } from '../errors';
import { getPreset } from '../config/presets';
import { memoryProbeCache, type ProbeCache } from './probe';
import { makeProbeRunner, probeWorkFor } from './probeWork';
import type { BackendProbe } from '../api';

/** The tiny preset at a small batch: the real probe work, seconds at most on a loaded CPU. */
const tinyWork = probeWorkFor(getPreset('tiny'), 40, 4);
const hardware = { vendor: 'nvidia', architecture: 'ampere', description: 'RTX', isFallbackAdapter: false };

/** A cache that counts its reads and writes. */
function spyCache(): ProbeCache & { gets: number; sets: number } {
  const inner = memoryProbeCache();
  const c = {
    gets: 0,
    sets: 0,
    get: (k: string) => (c.gets++, inner.get(k)),
    set: (k: string, v: BackendProbe) => (c.sets++, inner.set(k, v)),
  };
  return c;
}

/** A stand-in for navigator.gpu returning a given adapter (or none). */
function fakeGpu(info: Record<string, unknown> | null): GPU {
  return {
    requestAdapter: async () =>
      info === null ? null : ({ info, features: new Set(), limits: {}, requestDevice: async () => { throw new Error('no device'); } } as unknown as GPUAdapter),
  } as unknown as GPU;
}

describe('selectBackend (Node)', () => {
  it('explicit wasm works and reports SIMD/threads', async () => {
    const info = await selectBackend('wasm');
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.reason).toMatch(/SIMD/);
  });

  it('auto without navigator.gpu falls back to wasm and says why', async () => {
    const info = await selectBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.adapter).toBeNull();
    expect(info.reason).toMatch(/not available/);
    expect(info.probe).toMatchObject({ status: 'skipped', measurements: [], why: expect.stringMatching(/not available.*only candidate/) });
  });

  it('auto skips a software (fallback) adapter', async () => {
    const gpu = fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true });
    const info = await selectBackend('auto', { gpu });
    expect(info.backend).toBe('wasm');
    expect(info.adapter).toEqual({ vendor: 'google', architecture: 'swiftshader', description: '', isFallback: true });
    expect(info.reason).toMatch(/software.*using wasm.*backend=webgpu/);
    expect(info.probe?.status).toBe('skipped'); // software adapters are never candidates
  });

  it('findWebGPUAdapter reports the adapter without starting a backend', async () => {
    const before = tf.getBackend();
    expect(await findWebGPUAdapter({ gpu: fakeGpu(hardware) })).toEqual({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'RTX', isFallback: false }, why: '' });
    expect(await findWebGPUAdapter({ gpu: fakeGpu(null) })).toEqual({ info: null, why: expect.stringMatching(/no adapter/) });
    expect(tf.getBackend()).toBe(before);
  });

  it('treats a SwiftShader name as software even without the flag', async () => {
    const gpu = fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '' });
    const info = await selectBackend('auto', { gpu });
    expect(info.adapter?.isFallback).toBe(true);
  });

  it('auto on a hardware adapter that fails to start falls back, reporting it', async () => {
    const gpu = fakeGpu(hardware);
    const cache = spyCache();
    const info = await selectBackend('auto', { gpu, probe: { work: tinyWork, cache } });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/failed to start.*no device/);
    expect(tf.getBackend()).toBe('wasm');
    // The probe timed wasm on the preset's work and recorded why WebGPU has no number.
    const p = info.probe!;
    expect(p.status).toBe('measured');
    expect(p.key).toMatch(/nvidia \/ ampere \/ RTX \| tiny .*batch 4/);
    expect(p.measurements.map((m) => m.backend)).toEqual(['wasm', 'webgpu']);
    expect(p.measurements[0].iterationMs).toBeGreaterThan(0);
    expect(p.measurements[1]).toMatchObject({ iterationMs: null, note: expect.stringMatching(/failed to start.*no device/) });
    expect(cache.sets).toBe(1);
    // Same device and preset again: the cached decision, no second probe.
    const again = await selectBackend('auto', { gpu, probe: { work: tinyWork, cache } });
    expect(again.probe?.status).toBe('cached');
    expect(again.probe?.measurements).toEqual(p.measurements);
    expect(again.reason).toMatch(/cached probe/);
    expect(cache.sets).toBe(1);
    // Another preset on the same device is a different entry.
    await selectBackend('auto', { gpu, probe: { work: probeWorkFor(getPreset('tiny'), 40, 8), cache } });
    expect(cache.sets).toBe(2);
  });

  it('the probe leaves no tensors behind (auto and the runner, on wasm and cpu)', async () => {
    await selectBackend('wasm');
    const before = tf.memory().numTensors;
    expect(before).toBe(0);
    await selectBackend('auto', { gpu: fakeGpu(hardware), probe: { work: tinyWork, cache: memoryProbeCache() } });
    expect(tf.memory().numTensors).toBe(before);
    for (const b of ['cpu', 'wasm'] as const) {
      await selectBackend(b);
      const r = makeProbeRunner(tinyWork);
      const start = tf.memory().numTensors;
      await r.generate(3);
      await r.trainStep();
      expect(tf.memory().numTensors).toBe(start); // a step leaves only the model and Adam state
      r.dispose();
      expect(tf.memory().numTensors).toBe(0);
    }
  });

  it('a cached WebGPU decision still falls back when the adapter cannot start now', async () => {
    const gpu = fakeGpu(hardware);
    const cache = memoryProbeCache();
    const first = await selectBackend('auto', { gpu, probe: { work: tinyWork, cache } });
    await cache.set(first.probe!.key, { ...first.probe!, chosen: 'webgpu', why: 'WebGPU measured faster' });
    const info = await selectBackend('auto', { gpu, probe: { work: tinyWork, cache } });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/failed to start.*no device/);
  });

  it('auto does not probe or switch while a loaded run has tensors on the active backend', async () => {
    await selectBackend('wasm');
    const live = tf.tensor1d([1, 2, 3]);
    const cache = spyCache();
    try {
      const info = await selectBackend('auto', { gpu: fakeGpu(hardware), probe: { work: tinyWork, cache } });
      expect(info.backend).toBe('wasm');
      expect(info.probe).toMatchObject({ status: 'skipped', chosen: 'wasm', measurements: [] });
      expect(info.reason).toMatch(/kept wasm without a probe: 1 tensors of a loaded run/);
      expect(cache.sets).toBe(0);
      expect(Array.from(await live.data())).toEqual([1, 2, 3]);
    } finally {
      live.dispose();
    }
  });

  it('forced choices never probe', async () => {
    const cache = spyCache();
    for (const b of ['cpu', 'wasm'] as const) {
      const info = await selectBackend(b, { gpu: fakeGpu(hardware), probe: { work: tinyWork, cache } });
      expect(info.probe).toBeUndefined();
    }
    expect(cache.gets + cache.sets).toBe(0);
  });

  it('explicit webgpu never switches silently', async () => {
    await expect(selectBackend('webgpu')).rejects.toBeInstanceOf(BackendError);
    await expect(selectBackend('webgpu', { gpu: fakeGpu(null) })).rejects.toThrow(/no adapter/);
    const gpu = fakeGpu({ vendor: 'x', architecture: 'y', isFallbackAdapter: false });
    const err = await selectBackend('webgpu', { gpu }).catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.backend).toBe('webgpu');
    expect(err).toBeInstanceOf(LabError);
    expect(toErrorInfo(err)).toEqual({ code: 'backend-unavailable', message: expect.stringMatching(/requestDevice failed.*no device/) });
    expect(tf.getBackend()).toBe('wasm'); // still on the previous backend
  });

  it('an unknown choice is bad-settings', async () => {
    await expect(selectBackend('tpu' as never)).rejects.toMatchObject({ code: 'bad-settings' });
  });

  it('explicit cpu works', async () => {
    const info = await selectBackend('cpu');
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});

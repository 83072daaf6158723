/**
 * Real WebGPU in Node through the `webgpu` (Dawn) package on SwiftShader. It needs Chromium's Vulkan
 * ICD, so `npm test` runs it through `npm run test:webgpu-node` where that exists; by hand:
 *   LAB_TEST_WEBGPU=1 LD_LIBRARY_PATH=/usr/lib/chromium \
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run src/engine/backend
 */
import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select';
import { GPT } from '../model/gpt';
import { packBatch } from '../model/batch';
import { clipByGlobalNorm } from '../optim/clip';
import { getPreset } from '../config/presets';
import { memoryProbeCache } from './probe';
import { probeWorkFor } from './probeWork';

async function read(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

const enabled = process.env.LAB_TEST_WEBGPU === '1';

describe.skipIf(!enabled)('WebGPU in Node (Dawn + SwiftShader)', () => {
  it('auto skips the software adapter; forced webgpu runs the GPT like wasm', async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, ... used by tfjs-backend-webgpu
    const gpu = create([]) as unknown as GPU;

    const auto = await selectBackend('auto', { gpu });
    expect(auto.backend).toBe('wasm');
    expect(auto.adapter?.isFallback).toBe(true);

    const cfg = { vocabSize: 13, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32, maxLen: 12 };
    const m = new GPT(cfg, 3);
    const batch = packBatch([[2, 3], [4]], [[5, 6, 7], [8]], 3, 7);
    const opts = { promptLen: 3, maxNew: 4, temperature: 0, topP: 1, random: Math.random, eosId: 1 };
    const lw = await read(m.logits(batch));
    const gw = await m.generate([[2, 3], [4]], opts);

    const forced = await selectBackend('webgpu', { gpu });
    expect(forced.backend).toBe('webgpu');
    expect(forced.reason).toMatch(/software adapter/);
    expect(tf.getBackend()).toBe('webgpu');
    const lg = await read(m.logits(batch));
    let maxDiff = 0;
    for (let i = 0; i < lw.length; i++) maxDiff = Math.max(maxDiff, Math.abs(lw[i] - lg[i]));
    expect(maxDiff).toBeLessThan(1e-4);
    const before = tf.memory().numTensors;
    const gg = await m.generate([[2, 3], [4]], opts);
    expect(gg.completions).toEqual(gw.completions);
    expect(tf.memory().numTensors).toBe(before);
    // one training step works (gradients of every custom op exist on webgpu)
    const opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-7);
    const cost = opt.minimize(() => m.sftLoss(batch), true, m.variables)!;
    expect(Number.isFinite((await cost.data())[0])).toBe(true);
    cost.dispose();
    opt.dispose();
    // Leaving WebGPU with live tensors would need a synchronous readback: refused.
    await expect(selectBackend('wasm')).rejects.toThrow(/tensors live on WebGPU/);
    expect(tf.getBackend()).toBe('webgpu');
    // The supported way: read weights out, dispose, switch, rebuild.
    const a = await read(m.logits(batch));
    const ws = await m.getWeights();
    m.dispose();
    await selectBackend('wasm');
    const m2 = new GPT(cfg, 0);
    m2.setWeights(ws);
    const b = await read(m2.logits(batch));
    m2.dispose();
    await selectBackend('webgpu', { gpu }); // reuses the backend started above
    const m3 = new GPT(cfg, 0);
    m3.setWeights(ws);
    const c = await read(m3.logits(batch));
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4);
      expect(Math.abs(a[i] - c[i])).toBeLessThan(1e-4);
    }
    m3.dispose();
  });

  it('sums more tensors than a WebGPU shader may bind (global gradient norm over 27 tensors)', async () => {
    expect(tf.getBackend()).toBe('webgpu');
    const grads = Array.from({ length: 27 }, (_, i) => tf.fill([3, 4], (i % 5) - 2));
    const expected = Math.sqrt(grads.reduce((acc, _, i) => acc + 12 * ((i % 5) - 2) ** 2, 0));
    const res = await clipByGlobalNorm(grads, 1);
    expect(res.finite).toBe(true);
    expect(res.norm).toBeCloseTo(expected, 3);
    tf.dispose([...grads, ...res.grads]);
  });

  it('auto probe with the software adapter let in: both backends timed, nothing leaked, SwiftShader loses', async () => {
    const { create } = await import('webgpu');
    const gpu = create([]) as unknown as GPU;
    expect(tf.memory().numTensors).toBe(0);
    const cache = memoryProbeCache();
    const work = probeWorkFor(getPreset('tiny'), 40, 4);
    const info = await selectBackend('auto', { gpu, probe: { work, cache, includeSoftwareAdapter: true } });
    const p = info.probe!;
    expect(p.status).toBe('measured');
    expect(p.measurements.map((m) => m.backend)).toEqual(['wasm', 'webgpu']);
    const [wasm, webgpu] = p.measurements;
    expect(wasm.iterationMs).toBeGreaterThan(0);
    // SwiftShader runs shaders on the CPU: it either ran out of its share or measured slower.
    if (webgpu.iterationMs !== null) expect(webgpu.iterationMs).toBeGreaterThan(wasm.iterationMs!);
    else expect(webgpu.note).toMatch(/over its .* share/);
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm'); // left WebGPU after the probe: it had disposed everything
    expect(tf.memory().numTensors).toBe(0);
    // A cached WebGPU decision for this device and preset starts WebGPU without probing again.
    await cache.set(p.key, { ...p, chosen: 'webgpu', why: 'test: WebGPU recorded as faster' });
    const again = await selectBackend('auto', { gpu, probe: { work, cache, includeSoftwareAdapter: true } });
    expect(again.backend).toBe('webgpu');
    expect(again.reason).toMatch(/software adapter.*cached probe: test/);
    expect(tf.getBackend()).toBe('webgpu');
  });
});

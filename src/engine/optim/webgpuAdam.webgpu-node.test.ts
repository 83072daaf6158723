/**
 * The fused WebGPU Adam (webgpuAdam.ts) against the op-by-op Adam on the cpu backend, on real
 * WebGPU in Node (Dawn + SwiftShader). Needs Chromium's Vulkan ICD, like backend/webgpu-node.test.ts:
 *   LAB_TEST_WEBGPU=1 LD_LIBRARY_PATH=/usr/lib/chromium \
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run src/engine/optim/webgpuAdam.webgpu-node.test.ts
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GpuCounter } from '../../../bench/lib/gpuCounts';
import type { NamedTensor } from '../model/paramTable';
import { Adam, type AdamConfig } from './adam';
import { setWebGpuAdam } from './webgpuAdam';

const enabled = process.env.LAB_TEST_WEBGPU === '1';

// 10 parameters of ranks 1–3 (two packed groups: 7 + 3), one of a single value.
const SHAPES = [[3, 4], [5], [2, 3, 4], [7], [1], [6, 2], [4, 4], [9], [3, 1, 2], [130]];
const CFG: AdamConfig = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8 };
const STEPS = 5;
const LRS = [1e-2, 3e-2, 5e-3, 2e-2, 1e-2, 1e-2, 1e-2];

/** Deterministic values in [-scale, scale) (no Math.random: the cpu and WebGPU runs must agree). */
function values(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const initParams = () => SHAPES.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(values(size(s), 1000 + i), s), false)));
const grads = (step: number) => SHAPES.map((s, i) => tf.tensor(values(size(s), 7 * step + 31 * i + 1, 0.5 + i / 10), s));

function step(opt: Adam, k: number): void {
  const g = grads(k);
  opt.apply(g, LRS[k]);
  tf.dispose(g);
}

/** Move tensors made from CPU values to the GPU (one sum each), so their upload is not counted later. */
async function resident(ts: tf.Tensor[]): Promise<void> {
  const s = tf.tidy(() => tf.addN(ts.map((t) => tf.sum(t))));
  await s.data();
  s.dispose();
}

async function read(ts: tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
}

/** Elementwise |a − b| ≤ tol·max(|b|, 1e-2·max|b|): relative, with a floor where b crosses zero. */
function expectClose(a: Float32Array[], b: Float32Array[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let t = 0; t < b.length; t++) {
    expect(a[t].length).toBe(b[t].length);
    const floor = 1e-2 * b[t].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    for (let i = 0; i < b[t].length; i++) {
      const err = Math.abs(a[t][i] - b[t][i]) / Math.max(Math.abs(b[t][i]), floor, 1e-30);
      if (!(err <= tol)) throw new Error(`tensor ${t}[${i}]: ${a[t][i]} vs ${b[t][i]} (rel ${err})`);
    }
  }
}

/** The reference: the op-by-op Adam on the cpu backend, STEPS steps. */
let refParams: Float32Array[] = [];
let refState: NamedTensor[] = [];

describe.skipIf(!enabled)('fused Adam on WebGPU in Node (Dawn + SwiftShader)', () => {
  let counter: GpuCounter;

  beforeAll(async () => {
    await selectBackend('cpu');
    const p = initParams();
    const opt = new Adam(p, CFG);
    for (let k = 0; k < STEPS; k++) step(opt, k);
    refParams = await read(p);
    refState = await opt.getState();
    opt.dispose();
    tf.dispose(p);

    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    counter = new GpuCounter();
    const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(create([]) as unknown as GPU) });
    expect(info.backend).toBe('webgpu');
  });

  afterEach(() => expect(tf.memory().numTensors).toBe(0)); // every test disposes all it made

  it('fused steps equal the cpu op-by-op Adam (params and moments), in few dispatches and no uploads', async () => {
    const p = initParams();
    const opt = new Adam(p, CFG);
    await read(p); // parameters resident, pipelines compiled by the first step below
    for (let k = 0; k < STEPS - 1; k++) step(opt, k);
    await read(p);
    const g = grads(STEPS - 1);
    await resident(g); // the step itself should then upload nothing
    const c = await counter.measure(async () => {
      opt.apply(g, LRS[STEPS - 1]);
      await p[p.length - 1].data();
    });
    // 2 groups (moments) + 10 parameters; scalars are uniforms, not uploads.
    expect(c.dispatches).toBe(2 + SHAPES.length);
    expect(c.uploads).toBe(0);
    tf.dispose(g);
    expectClose(await read(p), refParams);
    const state = await opt.getState();
    expect(state.map((t) => [t.name, t.shape])).toEqual(refState.map((t) => [t.name, t.shape]));
    expectClose(state.map((t) => t.data), refState.map((t) => t.data));
    opt.dispose();
    tf.dispose(p);
  });

  it('switching the fused path off and on mid-run keeps the same trajectory; off is the op-by-op path', async () => {
    const p = initParams();
    const opt = new Adam(p, CFG);
    try {
      step(opt, 0);
      step(opt, 1);
      expect(setWebGpuAdam(false)).toBe(true);
      await read(p);
      const g = grads(2);
      await resident(g);
      const c = await counter.measure(async () => {
        opt.apply(g, LRS[2]); // unpacks the moments, then ~15 ops per parameter
        await p[p.length - 1].data();
      });
      expect(c.dispatches).toBeGreaterThan(5 * SHAPES.length);
      tf.dispose(g);
    } finally {
      setWebGpuAdam(true);
    }
    for (let k = 3; k < STEPS; k++) step(opt, k); // packs them again
    expectClose(await read(p), refParams);
    expectClose((await opt.getState()).map((t) => t.data), refState.map((t) => t.data));
    opt.dispose();
    tf.dispose(p);
  });

  it('getState / setState round-trip: a restored optimizer continues exactly like the original', async () => {
    const pa = initParams();
    const a = new Adam(pa, CFG);
    for (let k = 0; k < 3; k++) step(a, k);
    const saved = await a.getState();

    const pb = initParams();
    for (let i = 0; i < pb.length; i++) pb[i].assign(pa[i]);
    const b = new Adam(pb, CFG);
    b.setState(new Map(saved.map((t) => [t.name, t])), a.step);
    expect(b.step).toBe(3);
    expect((await b.getState()).map((t) => Array.from(t.data))).toEqual(saved.map((t) => Array.from(t.data)));
    for (let k = 3; k < STEPS; k++) {
      step(a, k);
      step(b, k);
    }
    const [xa, xb] = [await read(pa), await read(pb)];
    expect(xb.map((x) => Array.from(x))).toEqual(xa.map((x) => Array.from(x)));
    expectClose(xa, refParams);
    expect((await b.getState()).map((t) => Array.from(t.data))).toEqual((await a.getState()).map((t) => Array.from(t.data)));
    a.dispose();
    b.dispose();
    tf.dispose([...pa, ...pb]);
  });

  it('no tensor leaks: numTensors flat over 10 fused steps (and after a checkpoint read)', async () => {
    const p = initParams();
    const opt = new Adam(p, CFG);
    step(opt, 0);
    await read(p);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) {
      step(opt, k % LRS.length);
      expect(tf.memory().numTensors).toBe(before);
    }
    await opt.getState();
    await read(p);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose(p);
    expect(tf.memory().numTensors).toBe(0);
  });
});

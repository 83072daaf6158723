/**
 * The fused WebGPU global-norm clip (webgpuClip.ts) against clipByGlobalNorm on the cpu backend, on
 * real WebGPU in Node (Dawn + SwiftShader). Needs Chromium's Vulkan ICD, like backend/webgpu-node.test.ts:
 *   LAB_TEST_WEBGPU=1 LD_LIBRARY_PATH=/usr/lib/chromium \
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run src/engine/optim/webgpuClip.webgpu-node.test.ts
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GpuCounter } from '../../../bench/lib/gpuCounts';
import { clipByGlobalNorm } from './clip';
import { setWebGpuClip } from './webgpuClip';

const enabled = process.env.LAB_TEST_WEBGPU === '1';

// 27 gradients like the classroom model (4 groups: 7+7+7+6), two big enough for several workgroups.
const SHAPES = Array.from({ length: 27 }, (_, i) => (i === 3 ? [70, 130] : i === 20 ? [9000] : i % 3 === 0 ? [5, 6] : i % 3 === 1 ? [11] : [2, 3, 4]));

function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const makeGrads = () => SHAPES.map((s, i) => tf.tensor(values(size(s), 17 + i, 0.01 + i / 100), s));

async function resident(ts: tf.Tensor[]): Promise<void> {
  const s = tf.tidy(() => tf.addN(ts.map((t) => tf.sum(t))));
  await s.data();
  s.dispose();
}
const read = (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));

interface Ref {
  norm: number;
  grads: Float32Array[];
}
const ref: Record<string, Ref> = {};
const MAX_NORMS = { clips: 0.5, keeps: 1e3 };

/** A gradient set with one special value put in, and the cpu norm it gives. */
const SPECIAL: Record<string, { at: [number, number]; value: number }[]> = {
  nan: [{ at: [5, 3], value: NaN }, { at: [9, 0], value: Infinity }],
  inf: [{ at: [20, 8000], value: -Infinity }],
  overflow: [{ at: [1, 0], value: 3e19 }, { at: [2, 1], value: 3e19 }],
};
function special(kind: string): tf.Tensor[] {
  return SHAPES.map((s, i) => {
    const v = values(size(s), 17 + i, 0.01 + i / 100);
    for (const { at, value } of SPECIAL[kind]) if (at[0] === i) v[at[1]] = value;
    return tf.tensor(v, s);
  });
}
const refSpecial: Record<string, number> = {};

describe.skipIf(!enabled)('fused global-norm clip on WebGPU in Node (Dawn + SwiftShader)', () => {
  let counter: GpuCounter;

  beforeAll(async () => {
    await selectBackend('cpu');
    for (const [name, maxNorm] of Object.entries(MAX_NORMS)) {
      const g = makeGrads();
      const r = await clipByGlobalNorm(g, maxNorm);
      ref[name] = { norm: r.norm, grads: await read(r.grads) };
      tf.dispose([...g, ...r.grads]);
    }
    for (const kind of Object.keys(SPECIAL)) {
      const g = special(kind);
      const r = await clipByGlobalNorm(g, 1);
      expect(r.finite).toBe(false);
      refSpecial[kind] = r.norm;
      tf.dispose(g);
    }
    expect(refSpecial.nan).toBeNaN();
    expect(refSpecial.inf).toBe(Infinity);
    expect(refSpecial.overflow).toBe(Infinity);

    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    counter = new GpuCounter();
    const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(create([]) as unknown as GPU) });
    expect(info.backend).toBe('webgpu');
  });

  afterEach(() => expect(tf.memory().numTensors).toBe(0));

  it.each(Object.keys(MAX_NORMS))('norm and clipped gradients equal the cpu clip (%s), in G+1 (+27) dispatches, no uploads', async (name) => {
    const g = makeGrads();
    await resident(g);
    const run = () => clipByGlobalNorm(g, MAX_NORMS[name as keyof typeof MAX_NORMS]);
    await run().then((r) => tf.dispose(r.grads)); // compiles the pipelines
    let r: Awaited<ReturnType<typeof run>> | null = null;
    const c = await counter.measure(async () => {
      r = await run();
      await r.grads[r.grads.length - 1].data();
    });
    const res = r!;
    expect(res.finite).toBe(true);
    expect(Math.abs(res.norm - ref[name].norm) / ref[name].norm).toBeLessThan(1e-5);
    const clips = name === 'clips';
    expect(ref[name].norm > MAX_NORMS.clips).toBe(true);
    // 4 sum-of-squares groups + 1 norm (+ 27 scalings when it clips); clones dispatch nothing.
    expect(c.dispatches).toBe(5 + (clips ? 27 : 0));
    expect(c.uploads).toBe(0);
    expect(c.readbacks).toBe(2); // the norm, and the last gradient read above
    const got = await read(res.grads);
    for (let t = 0; t < got.length; t++) {
      expect(res.grads[t].shape).toEqual(SHAPES[t]);
      for (let i = 0; i < got[t].length; i++) {
        const want = ref[name].grads[t][i];
        expect(Math.abs(got[t][i] - want)).toBeLessThanOrEqual(1e-5 * Math.abs(want) + 1e-12);
      }
    }
    tf.dispose([...g, ...res.grads]);
  });

  it.each(Object.keys(SPECIAL))('non-finite gradients (%s) are reported like the cpu clip: no grads, same norm', async (kind) => {
    const g = special(kind);
    const r = await clipByGlobalNorm(g, 1);
    expect(r.finite).toBe(false);
    expect(r.grads).toEqual([]);
    expect(Object.is(r.norm, refSpecial[kind])).toBe(true);
    tf.dispose(g);
  });

  it('switched off, WebGPU takes the op-by-op path (more dispatches) and agrees', async () => {
    const g = makeGrads();
    await resident(g);
    const on = await clipByGlobalNorm(g, MAX_NORMS.clips);
    expect(setWebGpuClip(false)).toBe(true);
    try {
      let off: Awaited<ReturnType<typeof clipByGlobalNorm>> | null = null;
      const c = await counter.measure(async () => {
        off = await clipByGlobalNorm(g, MAX_NORMS.clips);
      });
      expect(c.dispatches).toBeGreaterThan(2 * SHAPES.length);
      expect(Math.abs(off!.norm - on.norm) / on.norm).toBeLessThan(1e-5);
      tf.dispose(off!.grads);
    } finally {
      setWebGpuClip(true);
    }
    tf.dispose([...g, ...on.grads]);
  });

  it('no tensor leaks over 10 clips (the caller owns and disposes the returned gradients)', async () => {
    const g = makeGrads();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) {
      const r = await clipByGlobalNorm(g, k % 2 ? MAX_NORMS.clips : MAX_NORMS.keeps);
      expect(r.grads.length).toBe(g.length);
      tf.dispose(r.grads);
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose(g);
  });
});

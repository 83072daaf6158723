/**
 * The fused WebGPU training path (trainEnabled.ts: layerNorm.ts, gelu.ts, attentionTrain.ts,
 * logSoftmax.ts forward and backward programs, and the webgpu branches of ops.ts mm/linear) against
 * the cpu backend, on Dawn + SwiftShader in Node. Gated like backend/webgpu-node.test.ts:
 *   LAB_TEST_WEBGPU=1 LD_LIBRARY_PATH=/usr/lib/chromium \
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run src/engine/model/webgpu/train.webgpu-node.test.ts
 * Tiny shapes (SwiftShader is slow). Checks: the ops alone at sizes that are not a multiple of the
 * workgroup (strided loops, partial last pass), attention against tfjs's batched-matMul attention
 * (with the last block's query cut); the whole model's logits, SFT loss and the gradient of every
 * parameter (tf.variableGrads) equal the cpu backend within 1e-4 relative; SFT steps (clip + Adam)
 * with the fused path on and off give the same weights; no tensor leaks; fewer dispatches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../backend/select';
import { GpuCounter } from '../../../../bench/lib/gpuCounts';
import { GPT } from '../gpt';
import { packBatch, type Batch } from '../batch';
import { geluTanh, layerNorm, pickLogSoftmax } from '../ops';
import type { NamedTensor } from '../paramTable';
import { Adam } from '../../optim/adam';
import { sftStep } from '../../sft/warmstart';
import { setFusedWebGpuTrain } from './trainEnabled';
import { attentionApplies, attentionGpu, type AttentionGeometry } from './attentionTrain';
import { attentionMask } from '../masks';

const enabled = process.env.LAB_TEST_WEBGPU === '1';

const cfg = { vocabSize: 29, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, maxLen: 28 };
const ADAM = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8 };

/** Deterministic values in [-scale, scale) + shift. */
function values(n: number, seed: number, scale = 1, shift = 0): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale + shift;
  }
  return out;
}

// Prompts of different lengths (left padding, key masks), completions of different lengths.
const att: Batch = packBatch([[2, 3, 4, 5], [6, 7], [8], [9, 10, 11]], [[12, 13, 1], [14, 1], [15, 16, 17, 1], [18, 1]], 4, 8);
const def: Batch = packBatch([[3, 5, 7, 9, 11], [4, 6], [20, 21, 22]], [[23, 1], [24, 25, 26, 1], [27, 1]], 5, 9);

/**
 * Elementwise |a − b| ≤ tol·max(|b|, 1e-2·max|b|, minScale): relative, with a floor where b crosses
 * zero (and an absolute one where a whole tensor is near zero).
 */
function expectClose(a: Float32Array, b: Float32Array, what: string, tol = 1e-4, minScale = 0): void {
  expect(a.length, what).toBe(b.length);
  const floor = Math.max(minScale, 1e-2 * b.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor, 1e-30);
    if (!(err <= tol)) throw new Error(`${what}[${i}]: ${a[i]} vs ${b[i]} (rel ${err})`);
  }
}

interface ModelRun { logits: Float32Array; loss: number; grads: Map<string, Float32Array> }

async function modelRun(m: GPT): Promise<ModelRun> {
  const lg = m.logits(att);
  const logits = (await lg.data()) as Float32Array;
  lg.dispose();
  const { value, grads } = tf.variableGrads(() => tf.add(m.sftLoss(att), tf.mul(m.sftLoss(def), 0.5)) as tf.Scalar, m.variables);
  const loss = (await value.data())[0];
  const out = new Map<string, Float32Array>();
  for (let i = 0; i < m.variables.length; i++) out.set(m.names[i], (await grads[m.variables[i].name].data()) as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return { logits, loss, grads: out };
}

/**
 * The ops alone: LN at d = 100 (two strided passes, last one partial) over 70 rows, GELU on a 3-D
 * tensor, the picked log-softmax over V = 100 (targets repeat, as the padded entries of a batch do).
 */
interface OpRun {
  ln: Float32Array; dx: Float32Array; dg: Float32Array; db: Float32Array; gelu: Float32Array; dgelu: Float32Array;
  lp: Float32Array; dlp: Float32Array;
}
const R = 70, D = 100;
async function opRun(): Promise<OpRun> {
  const x = tf.tensor2d(values(R * D, 1, 2, 0.5), [R, D]);
  const g = tf.tensor1d(values(D, 2, 0.5, 1));
  const b = tf.tensor1d(values(D, 3, 0.3));
  const w = tf.tensor2d(values(R * D, 4), [R, D]); // upstream gradient through sum(LN·w)
  const ln = layerNorm(x, g, b);
  const [dx, dg, db] = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(layerNorm(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D), w)))([x, g, b]);
  const gx = tf.tensor3d(values(3 * 5 * 7, 5, 4), [3, 5, 7]);
  const gw = tf.tensor3d(values(3 * 5 * 7, 6), [3, 5, 7]);
  const ge = geluTanh(gx);
  const dge = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(geluTanh(t), gw)))(gx);
  const logits = tf.tensor2d(values(R * D, 7, 6), [R, D]);
  const flat = tf.tensor1d(Int32Array.from({ length: R }, (_, r) => r * D + ((r * 37) % 11) * 9), 'int32');
  const lw = tf.tensor1d(values(R, 8));
  const lp = pickLogSoftmax(logits, flat);
  const dlp = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pickLogSoftmax(t as tf.Tensor2D, flat), lw)))(logits);
  const read = async (t: tf.Tensor) => (await t.data()) as Float32Array;
  const out = {
    ln: await read(ln), dx: await read(dx), dg: await read(dg), db: await read(db), gelu: await read(ge), dgelu: await read(dge),
    lp: await read(lp), dlp: await read(dlp),
  };
  expect(ge.shape).toEqual([3, 5, 7]);
  expect(dlp.shape).toEqual([R, D]);
  tf.dispose([x, g, b, w, ln, dx, dg, db, gx, gw, ge, dge, logits, flat, lw, lp, dlp]);
  return out;
}

/**
 * Attention the tfjs way (forward.ts heads/attend) from packed qkv [B·T, 3d]: queries [q0, q0+Tq),
 * all T keys. The value and d(Σ out·w)/d(qkv).
 */
function attentionRef(qkv: tf.Tensor2D, mask: tf.Tensor4D, g: AttentionGeometry): tf.Tensor2D {
  const d = qkv.shape[1] / 3, H = g.heads, dh = d / H;
  const part = (i: number) => tf.reshape(tf.slice(qkv, [0, i * d], [g.B * g.T, d]), [g.B, g.T, H, dh]);
  const q = tf.mul(tf.transpose(tf.slice(part(0), [0, g.q0, 0, 0], [g.B, g.Tq, H, dh]), [0, 2, 1, 3]), 1 / Math.sqrt(dh));
  const kT = tf.transpose(part(1), [0, 2, 3, 1]);
  const v = tf.transpose(part(2), [0, 2, 1, 3]);
  const p = tf.softmax(tf.add(tf.matMul(q as tf.Tensor4D, kT), mask));
  return tf.reshape(tf.transpose(tf.matMul(p, v), [0, 2, 1, 3]), [g.B * g.Tq, d]);
}

const GEOS: { g: AttentionGeometry; d: number }[] = [
  { g: { B: 2, T: 70, q0: 3, Tq: 66, heads: 1, maxLen: 72 }, d: 96 }, // > 64 keys, queries and dh: strided loops
  { g: { B: 3, T: 9, q0: 0, Tq: 9, heads: 3, maxLen: 16 }, d: 12 },
];

async function attnRun(fused: boolean): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const [n, { g, d }] of GEOS.entries()) {
    const keyMask = new Float32Array(g.B * g.T).fill(1);
    for (let b = 0; b < g.B; b++) for (let j = 0; j < b + 1; j++) keyMask[b * g.T + j] = 0; // left padding
    const mask = tf.tensor4d(attentionMask(keyMask, g.B, g.Tq, g.T, g.q0), [g.B, 1, g.Tq, g.T]);
    const qkv = tf.tensor2d(values(g.B * g.T * 3 * d, 40 + n, 1.5), [g.B * g.T, 3 * d]);
    const w = tf.tensor2d(values(g.B * g.Tq * d, 50 + n), [g.B * g.Tq, d]);
    const f = (t: tf.Tensor2D) => (fused ? attentionGpu(t, mask, g) : attentionRef(t, mask, g));
    const y = f(qkv);
    const dq = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor2D), w)))(qkv);
    expect(y.shape).toEqual([g.B * g.Tq, d]);
    out.push((await y.data()) as Float32Array, (await dq.data()) as Float32Array);
    tf.dispose([mask, qkv, w, y, dq]);
  }
  return out;
}

let refAttn: Float32Array[];
let refOps: OpRun;
let refModel: ModelRun;
let weights: NamedTensor[];

describe.skipIf(!enabled)('fused WebGPU training ops (Dawn + SwiftShader)', () => {
  let counter: GpuCounter;

  beforeAll(async () => {
    await selectBackend('cpu');
    refOps = await opRun();
    refAttn = await attnRun(false);
    const ref = new GPT(cfg, 11);
    refModel = await modelRun(ref);
    weights = await ref.getWeights();
    ref.dispose();
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    counter = new GpuCounter();
    const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(create([]) as unknown as GPU) });
    expect(info.backend).toBe('webgpu');
  });

  it('LayerNorm, GELU and picked log-softmax, forward and every gradient, equal the cpu backend; one dispatch per LN forward', async () => {
    const got = await opRun();
    for (const k of Object.keys(refOps) as (keyof OpRun)[]) expectClose(got[k], refOps[k], k);
    const x = tf.tensor2d(values(R * D, 1), [R, D]);
    const g = tf.ones([D]) as tf.Tensor1D;
    const b = tf.zeros([D]) as tf.Tensor1D;
    await Promise.all([x, g, b].map((t) => t.data())); // resident: uploads are not what we count
    const c = await counter.measure(async () => {
      const y = layerNorm(x, g, b);
      await y.data();
      y.dispose();
    });
    expect(c.dispatches).toBe(1);
    tf.dispose([x, g, b]);
  });

  it('attention forward and d(qkv) equal tfjs attention on the cpu backend (query cut, padding, strided loops)', async () => {
    for (const { g, d } of GEOS) expect(attentionApplies(g, d)).toBe(true);
    const got = await attnRun(true);
    got.forEach((a, i) => expectClose(a, refAttn[i], `attention ${i >> 1} ${i % 2 ? 'd(qkv)' : 'out'}`));
    const c = await counter.measure(async () => { await attnRun(true); });
    // per geometry: forward 1 (+1 again under tf.grad) and backward 2 dispatches, plus sum/mul
    expect(c.dispatches).toBeLessThanOrEqual(2 * 8);
  });

  it('model logits, SFT loss and all parameter gradients equal the cpu backend within 1e-4', async () => {
    const m = new GPT(cfg, 0);
    m.setWeights(weights);
    const got = await modelRun(m);
    expectClose(got.logits, refModel.logits, 'logits');
    expectClose(Float32Array.of(got.loss), Float32Array.of(refModel.loss), 'loss');
    expect(got.grads.size).toBe(m.variables.length);
    for (const [name, g] of refModel.grads) expectClose(got.grads.get(name)!, g, `grad ${name}`);
    m.dispose();
  });

  it('SFT steps with the fused ops on and off give the same weights; no tensor leaks; fewer dispatches', async () => {
    const steps = async (fused: boolean) => {
      const prev = setFusedWebGpuTrain(fused);
      try {
        const m = new GPT(cfg, 0);
        m.setWeights(weights);
        const opt = new Adam(m.variables, ADAM);
        const losses: number[] = [];
        losses.push(await sftStep(m, opt, att, def, 1e-2)); // warm-up: pipelines, residency
        const before = tf.memory().numTensors;
        const counts = await counter.measure(async () => { losses.push(await sftStep(m, opt, att, def, 1e-2)); });
        losses.push(await sftStep(m, opt, att, def, 1e-2));
        const leaked = tf.memory().numTensors - before;
        const w = await m.getWeights();
        opt.dispose();
        m.dispose();
        return { losses, counts, leaked, w };
      } finally {
        setFusedWebGpuTrain(prev);
      }
    };
    const on = await steps(true);
    const off = await steps(false);
    expect(on.leaked).toBe(0);
    expect(off.leaked).toBe(0);
    expectClose(Float32Array.from(on.losses), Float32Array.from(off.losses), 'losses');
    expect(on.w.map((t) => t.name)).toEqual(off.w.map((t) => t.name));
    // Three Adam steps at lr 1e-2 amplify rounding (m/√v): a looser bound on the weights, and an
    // absolute floor of lr·1e-3 (the key bias's gradient is 0 in exact arithmetic: rounding noise,
    // which Adam turns into steps of either sign).
    on.w.forEach((t, i) => expectClose(t.data, off.w[i].data, `weights ${t.name}`, 1e-3, 1e-2));
    // 2 batches × (2 layers × 2 + final) LayerNorms, 2 × 2 GELUs: ~17 and ~16 dispatches saved each.
    expect(on.counts.dispatches).toBeLessThan(off.counts.dispatches - 100);
    console.log(`SFT step dispatches: fused ops ${on.counts.dispatches}, tfjs ops ${off.counts.dispatches}`);
  });
});

import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { mm, bmm, gatherRows, selectRows, pickLogSoftmax, geluTanh, layerNorm, linear } from './ops';

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

// The custom-gradient ops must match tfjs's own gradients of the plain ops.
describe('custom-gradient ops (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('mm matches tf.matMul gradients', async () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1);
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2);
    const w = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const f1 = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x as tf.Tensor2D, y as tf.Tensor2D), w));
    const f2 = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), w));
    const g1 = tf.grads(f1)([a, b]);
    const g2 = tf.grads(f2)([a, b]);
    for (let i = 0; i < 2; i++) expect(await maxAbsDiff(g1[i], g2[i])).toBeLessThan(1e-5);
    expect(await maxAbsDiff(mm(a as tf.Tensor2D, b as tf.Tensor2D), tf.matMul(a, b))).toBe(0);
  });

  it('bmm matches batched tf.matMul gradients', async () => {
    const a = tf.randomNormal([4, 5, 6], 0, 1, 'float32', 4);
    const b = tf.randomNormal([4, 6, 2], 0, 1, 'float32', 5);
    const w = tf.randomNormal([4, 5, 2], 0, 1, 'float32', 6);
    const g1 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(bmm(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
    const g2 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
    for (let i = 0; i < 2; i++) expect(await maxAbsDiff(g1[i], g2[i])).toBeLessThan(1e-5);
  });

  it('gatherRows gradient equals the one-hot matMul gradient', async () => {
    const table = tf.randomNormal([9, 4], 0, 1, 'float32', 7);
    const idx = tf.tensor1d([0, 3, 3, 8, 1, 3], 'int32');
    const w = tf.randomNormal([6, 4], 0, 1, 'float32', 8);
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, idx), w)))(table);
    // Expected: row r of the gradient = sum of w rows whose idx is r (computed in JS).
    const wv = await w.data();
    const ids = [0, 3, 3, 8, 1, 3];
    const exp = new Float32Array(9 * 4);
    ids.forEach((r, n) => { for (let j = 0; j < 4; j++) exp[r * 4 + j] += wv[n * 4 + j]; });
    const g2 = tf.tensor2d(exp, [9, 4]);
    expect(await maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
    expect(Math.abs(exp[3 * 4])).toBeGreaterThan(1e-3); // non-trivial
    expect(await maxAbsDiff(gatherRows(table as tf.Tensor2D, idx), tf.gather(table, idx))).toBe(0);
  });

  it('gatherRows takes embedding-sized lookups (many rows, repeats, any order) exactly like tf.gather', async () => {
    const table = tf.randomNormal([300, 16], 0, 1, 'float32', 23);
    const ids = Array.from({ length: 777 }, (_, i) => (i * 131 + 7) % 300);
    const idx = tf.tensor1d(ids, 'int32');
    expect(await maxAbsDiff(gatherRows(table as tf.Tensor2D, idx), tf.gather(table, idx))).toBe(0);
    // Outside any tidy, a lookup and its gradient leave exactly their results behind.
    const before = tf.memory().numTensors;
    const rows = gatherRows(table as tf.Tensor2D, idx);
    const sel = selectRows(table as tf.Tensor2D, idx);
    const g = tf.grad((t: tf.Tensor) => tf.sum(gatherRows(t as tf.Tensor2D, idx)))(table);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([rows, sel, g]);
  });

  it('bmm takes the depthwise-convolution path for attention-sized blocks, with the same values and gradients', async () => {
    const a = tf.randomNormal([3, 70, 16], 0, 1, 'float32', 9);
    const b = tf.randomNormal([3, 16, 70], 0, 1, 'float32', 10);
    const w = tf.randomNormal([3, 70, 70], 0, 1, 'float32', 11);
    expect(await maxAbsDiff(bmm(a as tf.Tensor3D, b as tf.Tensor3D), tf.matMul(a, b))).toBeLessThan(1e-4);
    const g1 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(bmm(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
    const g2 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
    for (let i = 0; i < 2; i++) expect(await maxAbsDiff(g1[i], g2[i])).toBeLessThan(1e-4);
  });

  it('selectRows gathers rows and scatters the gradient back', async () => {
    const x = tf.randomNormal([7, 3], 0, 1, 'float32', 12);
    const idx = tf.tensor1d([6, 0, 2, 5], 'int32');
    const w = tf.randomNormal([4, 3], 0, 1, 'float32', 13);
    expect(await maxAbsDiff(selectRows(x as tf.Tensor2D, idx), tf.gather(x, idx))).toBe(0);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(selectRows(t as tf.Tensor2D, idx), w)))(x);
    const wv = await w.data();
    const exp = new Float32Array(7 * 3);
    [6, 0, 2, 5].forEach((r, n) => { for (let j = 0; j < 3; j++) exp[r * 3 + j] += wv[n * 3 + j]; });
    expect(await maxAbsDiff(g, tf.tensor2d(exp, [7, 3]))).toBeLessThan(1e-6);
  });

  it('pickLogSoftmax equals picking from tf.logSoftmax, values and gradients', async () => {
    const n = 6, V = 50;
    const logits = tf.mul(tf.randomNormal([n, V], 0, 1, 'float32', 14), 8); // peaked rows too
    const targets = [3, 0, 49, 17, 17, 8];
    const flat = tf.tensor1d(targets.map((t, r) => r * V + t), 'int32');
    const oh = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), V), 'float32');
    const w = tf.randomNormal([n], 0, 1, 'float32', 15);
    const ref = (x: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(x), oh), -1);
    expect(await maxAbsDiff(pickLogSoftmax(logits as tf.Tensor2D, flat), ref(logits))).toBeLessThan(2e-5);
    const g1 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(pickLogSoftmax(x as tf.Tensor2D, flat), w)))(logits);
    const g2 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(ref(x), w)))(logits);
    expect(await maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
  });

  it('geluTanh is the tanh-approximation GELU', async () => {
    const x = tf.linspace(-8, 8, 161);
    const ref = tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))))));
    expect(await maxAbsDiff(geluTanh(x), ref)).toBeLessThan(1e-6);
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(geluTanh(t)))(x);
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mul(t, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(t, tf.mul(tf.mul(tf.mul(t, t), t), 0.044715)), Math.sqrt(2 / Math.PI)))))))(x);
    expect(await maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
  });

  it('layerNorm and linear match autodiff of the plain formulas (values and gradients)', async () => {
    const x = tf.randomNormal([9, 6], 0.3, 1.5, 'float32', 16);
    const g = tf.randomNormal([6], 1, 0.3, 'float32', 17);
    const b = tf.randomNormal([6], 0, 0.3, 'float32', 18);
    const w = tf.randomNormal([9, 6], 0, 1, 'float32', 19);
    const plainLN = (t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const xc = tf.sub(t, tf.mean(t, -1, true));
      return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(tf.mean(tf.mul(xc, xc), -1, true), 1e-5))), gg), bb);
    };
    expect(await maxAbsDiff(layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D), plainLN(x, g, b))).toBe(0);
    const f1 = (t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(layerNorm(t as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D), w));
    const f2 = (t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(plainLN(t, gg, bb), w));
    const g1 = tf.grads(f1)([x, g, b]);
    const g2 = tf.grads(f2)([x, g, b]);
    for (let i = 0; i < 3; i++) expect(await maxAbsDiff(g1[i], g2[i])).toBeLessThan(1e-5);

    const W = tf.randomNormal([6, 4], 0, 1, 'float32', 20);
    const c = tf.randomNormal([4], 0, 1, 'float32', 21);
    const w2 = tf.randomNormal([9, 4], 0, 1, 'float32', 22);
    // One fused matMul-with-bias kernel: the bias enters the sum first, so only rounding differs.
    expect(await maxAbsDiff(linear(x as tf.Tensor2D, W as tf.Tensor2D, c as tf.Tensor1D), tf.add(tf.matMul(x, W), c))).toBeLessThan(1e-5);
    const h1 = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(linear(p as tf.Tensor2D, q as tf.Tensor2D, r as tf.Tensor1D), w2)))([x, W, c]);
    const h2 = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), r), w2)))([x, W, c]);
    for (let i = 0; i < 3; i++) expect(await maxAbsDiff(h1[i], h2[i])).toBeLessThan(1e-5);
  });
});

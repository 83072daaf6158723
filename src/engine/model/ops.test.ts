import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { mm, bmm, gatherRows } from './ops';

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
});

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { accumulateGradients, rowRanges } from './accumulate';

describe('accumulateGradients', () => {
  it('sums the micro-batch gradients, losses and stats to the full-batch ones without leaking', async () => {
    await tf.setBackend('cpu');
    const w = tf.variable(tf.tensor1d([0.5, -1, 2]), true, 'acc_w');
    const x = [[1, 2, 3], [4, -5, 6], [0.5, 0, -1]];
    // Full loss: mean over 3 rows of (w·x)²; micro-batches carry their 1/3 share.
    const rowLoss = (r: number[]) => tf.square(tf.sum(tf.mul(w, tf.tensor1d(r)))).div(3) as tf.Scalar;
    const full = await accumulateGradients([w], [() => ({ loss: tf.addN(x.map(rowLoss)) as tf.Scalar, stats: [tf.scalar(3)] })]);
    const before = tf.memory().numTensors;
    const micro = await accumulateGradients(
      [w],
      x.map((r) => () => ({ loss: rowLoss(r), stats: [tf.scalar(1)] })),
    );
    expect(tf.memory().numTensors).toBe(before + 1); // only the returned gradient
    expect(micro.loss).toBeCloseTo(full.loss, 5);
    expect(micro.stats).toEqual([3]);
    const [gm, gf] = [await micro.grads[0].data(), await full.grads[0].data()];
    gf.forEach((g, i) => expect(gm[i]).toBeCloseTo(g, 4));
    // Hand-computed: d/dw Σ (w·x)²/3 = Σ 2(w·x)x/3.
    const wv = [0.5, -1, 2];
    const expected = [0, 1, 2].map((j) => x.reduce((s, r) => s + (2 * r.reduce((a, v, k) => a + v * wv[k], 0) * r[j]) / 3, 0));
    expected.forEach((g, i) => expect(gm[i]).toBeCloseTo(g, 4));
    tf.dispose([...micro.grads, ...full.grads, w]);
  });

  it('frees its accumulators when a micro-batch throws', async () => {
    await tf.setBackend('cpu');
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'acc_w2');
    const before = tf.memory().numTensors;
    const ok = () => ({ loss: tf.sum(tf.square(w)) as tf.Scalar });
    const bad = () => {
      throw new Error('boom');
    };
    await expect(accumulateGradients([w], [ok, bad])).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('splits rows into ranges of at most the micro-batch size', () => {
    expect(rowRanges(5, 2)).toEqual([{ start: 0, count: 2 }, { start: 2, count: 2 }, { start: 4, count: 1 }]);
    expect(rowRanges(3, 8)).toEqual([{ start: 0, count: 3 }]);
  });
});

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam';

describe('Adam', () => {
  it('matches tf.train.adam on a quadratic and keeps the tensor count flat', async () => {
    await tf.setBackend('cpu');
    const a = tf.variable(tf.tensor1d([1, -2, 3]));
    const b = tf.variable(tf.tensor1d([1, -2, 3]));
    const ours = new Adam([a], { beta1: 0.9, beta2: 0.95, epsilon: 1e-7 });
    const ref = tf.train.adam(0.1, 0.9, 0.95, 1e-7);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const g = tf.tidy(() => a.mul(2));
      ours.apply([g], 0.1);
      g.dispose();
      expect(tf.memory().numTensors).toBe(before); // state is preallocated: no growth per step
    }
    for (let i = 0; i < 5; i++) ref.minimize(() => b.square().sum() as tf.Scalar);
    const [x, y] = [await a.data(), await b.data()];
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(y[i], 5);
    const state = await ours.getState();
    const fresh = new Adam([tf.variable(tf.tensor1d([0, 0, 0]))]);
    fresh.setState(new Map(state.map((t) => [t.name, t])), ours.step);
    expect(fresh.step).toBe(5);
  });
});

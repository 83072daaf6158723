import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
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

describe.each(['cpu', 'wasm'])('Adam.setState on %s', (backend) => {
  it('restoring state 20 times leaves the tensor count flat', async () => {
    await tf.setBackend(backend);
    const p = [tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2])), tf.variable(tf.tensor1d([5]))];
    const opt = new Adam(p);
    const g = [tf.onesLike(p[0]), tf.onesLike(p[1])];
    opt.apply(g, 0.1);
    const state = new Map((await opt.getState()).map((t) => [t.name, t]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) opt.setState(state, opt.step);
    expect(tf.memory().numTensors).toBe(before);
    const again = await opt.getState();
    expect(again.map((t) => Array.from(t.data))).toEqual([...state.values()].map((t) => Array.from(t.data)));
    tf.dispose([...g, ...p]);
    opt.dispose();
  });

  it('refuses missing or misshapen state without touching any variable', async () => {
    await tf.setBackend(backend);
    const p = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([3]))];
    const opt = new Adam(p);
    const good = new Map((await opt.getState()).map((t) => [t.name, { ...t, data: t.data.map(() => 7) }]));
    const bad = new Map(good);
    bad.set('adam.v.1', { name: 'adam.v.1', shape: [2], data: new Float32Array(2) });
    expect(() => opt.setState(bad, 3)).toThrow(/adam\.v\.1: shape/);
    expect(Array.from((await opt.getState())[0].data)).toEqual([0, 0]); // adam.m.0 untouched
    const missing = new Map(good);
    missing.delete('adam.m.1');
    expect(() => opt.setState(missing, 3)).toThrow(/adam\.m\.1 missing/);
    expect(opt.step).toBe(0);
    tf.dispose(p);
    opt.dispose();
  });
});

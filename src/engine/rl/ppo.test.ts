import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GPT } from '../model/gpt';
import { Adam } from '../optim/adam';
import { packBatch } from '../model/batch';
import { ppoEpoch } from './ppo';
import type { RoleExperience } from './experience';

const cfg = { vocabSize: 17, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16, maxLen: 12 };

async function experience(model: GPT, adv: number): Promise<RoleExperience> {
  const batch = packBatch([[3, 4], [5], [6, 7, 8], [9]], [[10, 1], [11, 12, 1], [1], [13, 1]], 4, 8);
  const lp = tf.tidy(() => model.tokenLogProbs(batch));
  const logp = (await lp.data()) as Float32Array;
  lp.dispose();
  const advantages = batch.targetMask.map((m) => m * adv);
  return { role: 'defender', batch, rows: 4, real: 4, logpOld: logp, logpRef: logp.slice(), advantages, klMean: 0, tokens: 7 };
}

const opts = { minibatches: 2, clipEps: 0.2, gradClip: 1, lr: 1e-2, beta: 0.01, klAsLoss: false, sftCoef: 0 };

describe('PPO epoch', () => {
  it('raises the log-probability of positively advantaged tokens without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const model = new GPT(cfg, 1);
    const adam = new Adam(model.variables);
    const exp = await experience(model, 1);
    const before = tf.memory().numTensors;
    const res = await ppoEpoch(model, adam, [exp], opts);
    expect(res.skipped).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    const after = await experience(model, 1);
    let gain = 0;
    exp.batch.targetMask.forEach((m, i) => (gain += m * (after.logpOld[i] - exp.logpOld[i])));
    expect(gain).toBeGreaterThan(0);
    model.dispose();
    adam.dispose();
  });

  it('skips the update and keeps the weights when the loss is not finite', async () => {
    await tf.setBackend('cpu');
    const model = new GPT(cfg, 2);
    const adam = new Adam(model.variables);
    const exp = await experience(model, NaN);
    const w0 = await model.getWeights();
    const res = await ppoEpoch(model, adam, [exp], opts);
    expect(res.skipped).toBe(true);
    const w1 = await model.getWeights();
    w0.forEach((w, i) => expect(Array.from(w1[i].data)).toEqual(Array.from(w.data)));
    model.dispose();
    adam.dispose();
  });
});

describe('PPO micro-batching (gradient accumulation)', () => {
  const cfg2 = { vocabSize: 19, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16, maxLen: 12 };
  // Two roles with different layouts; the last defender row is padding (no target tokens).
  const attBatch = packBatch([[3, 4], [5], [6, 7, 8], [9]], [[10, 1], [11, 12, 13, 14, 1], [1], [13, 1]], 4, 10);
  const defBatch = packBatch([[2, 5, 6], [7], [8, 9], [1]], [[15, 16, 17, 1], [1], [18, 12, 1], []], 3, 8);
  const sftBatches = [
    packBatch([[4, 5], [6]], [[7, 8, 9, 1], [1]], 3, 8),
    packBatch([[9], [2, 3, 4]], [[10, 1], [11, 12, 1]], 3, 8),
  ];

  /** Deterministic per-token advantages and old log-probs nudged off the current ones (so ρ ≠ 1 and clips happen). */
  async function roleExp(model: GPT, role: 'attacker' | 'defender', batch: ReturnType<typeof packBatch>): Promise<RoleExperience> {
    const lp = tf.tidy(() => model.tokenLogProbs(batch));
    const logp = (await lp.data()) as Float32Array;
    lp.dispose();
    const logpOld = logp.map((x, i) => (batch.targetMask[i] ? x + 0.3 * Math.sin(i * 1.7) : 0));
    const logpRef = logp.map((x, i) => (batch.targetMask[i] ? x - 0.2 * Math.cos(i) : 0));
    const advantages = batch.targetMask.map((m, i) => m * Math.sin(i * 0.9 + 0.4));
    const tokens = batch.targetMask.reduce((a, b) => a + b, 0);
    return { role, batch, rows: 4, real: 4, logpOld, logpRef, advantages, klMean: 0, tokens };
  }

  async function epoch(microBatch?: number) {
    const model = new GPT(cfg2, 11);
    const adam = new Adam(model.variables);
    const exps = [await roleExp(model, 'attacker', attBatch), await roleExp(model, 'defender', defBatch)];
    const before = tf.memory().numTensors;
    const res = await ppoEpoch(model, adam, exps, { ...opts, klAsLoss: true, beta: 0.1, sftCoef: 0.5, sftBatches, microBatch });
    const leaked = tf.memory().numTensors - before;
    const w = Float64Array.from((await model.getWeights()).flatMap((t) => Array.from(t.data)));
    model.dispose();
    adam.dispose();
    return { res, w, leaked };
  }

  it('matches the full minibatch (loss, grad norm, clip fraction, weights) with micro-batches of 1, 2 and 4 rows', async () => {
    await tf.setBackend('cpu');
    const full = await epoch();
    expect(full.leaked).toBe(0);
    expect(full.res.skipped).toBe(false);
    expect(full.res.clipFrac).toBeGreaterThan(0);
    const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    for (const mb of [1, 2, 4]) {
      const r = await epoch(mb);
      expect(r.leaked).toBe(0);
      expect(r.res.skipped).toBe(false);
      expect(Math.abs(r.res.loss - full.res.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(full.res.loss)));
      expect(Math.abs(r.res.gradNorm - full.res.gradNorm) / full.res.gradNorm).toBeLessThan(1e-5);
      expect(r.res.clipFrac).toBe(full.res.clipFrac);
      expect(norm(r.w.map((x, i) => x - full.w[i])) / norm(full.w)).toBeLessThan(1e-5);
    }
  });
});

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

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GPT } from '../model/gpt';
import { buildExperience } from './experience';
import type { TrainSample } from '../game/selfplay';

describe('buildExperience scoring in micro-batches', () => {
  it('gives the same log-probs, advantages and returns as scoring the whole batch at once', async () => {
    await tf.setBackend('cpu');
    const cfg = { vocabSize: 40, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32, maxLen: 24 };
    const policy = new GPT(cfg, 1);
    const ref = new GPT(cfg, 2);
    const samples: TrainSample[] = Array.from({ length: 7 }, (_, i) => ({
      role: 'defender',
      promptIds: Array.from({ length: 2 + (i % 4) }, (_, j) => 12 + ((i + j) % 20)),
      completionIds: Array.from({ length: 1 + (i % 5) }, (_, j) => 12 + ((3 * i + j) % 25)),
      reward: (i % 3) - 1,
    }));
    const groups = [{ role: 'defender' as const, samples, layout: { promptLen: 8, maxNew: 8 }, rows: 8 }];
    const before = tf.memory().numTensors;
    const whole = await buildExperience(policy, ref, groups, { beta: 0.05, klAsLoss: false });
    const parts = await buildExperience(policy, ref, groups, { beta: 0.05, klAsLoss: false, microBatch: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(parts.length).toBe(whole.length);
    for (let g = 0; g < whole.length; g++) {
      expect(whole[g].logpOld.some((v) => v !== 0)).toBe(true); // something was scored
      for (const k of ['logpOld', 'logpRef', 'advantages'] as const) {
        const x = whole[g][k], y = parts[g][k];
        expect(y.length).toBe(x.length);
        for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i]), `${k}[${i}]`).toBeLessThan(1e-5);
      }
      expect(parts[g].klMean).toBeCloseTo(whole[g].klMean, 5);
    }
    policy.dispose();
    ref.dispose();
  });
});

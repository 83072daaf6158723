import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultRewardLMConfig, RewardLM } from '../judge/rewardLM';
import { GPT } from './gpt';
import { paramSpecs } from './params';
import { initialValues, ParamTable, type ParamSpec } from './paramTable';

const specs: ParamSpec[] = [
  { name: 'w', shape: [2, 3], init: 'normal', std: 0.5 },
  { name: 'b', shape: [3], init: 'zeros', std: 0 },
  { name: 'g', shape: [3], init: 'ones', std: 0 },
];

describe('ParamTable: one owner of parameters for the GPT and the reward LM', () => {
  it('initializes from the seed exactly as initialValues says, on any backend', async () => {
    await tf.setBackend('cpu');
    const t = new ParamTable('T', specs, { seed: 7 });
    const w = await t.getWeights();
    expect(w).toEqual(initialValues(specs, 7));
    expect(Array.from(w[1].data)).toEqual([0, 0, 0]);
    expect(Array.from(w[2].data)).toEqual([1, 1, 1]);
    expect(t.size()).toBe(12);
    t.dispose();
  });

  it('setWeights is all or nothing: missing, misshapen and unknown weights leave it intact', async () => {
    const t = new ParamTable('T', specs, { seed: 1 });
    const good = await t.getWeights();
    const other = initialValues(specs, 2);
    expect(() => t.setWeights(other.slice(1))).toThrow(/T\.setWeights: missing parameter "w"/);
    expect(() => t.setWeights([...other.slice(0, 2), { name: 'g', shape: [4], data: new Float32Array(4) }])).toThrow(/"g" has shape \[4\]/);
    expect(() => t.setWeights([...other, { name: 'x', shape: [1], data: new Float32Array(1) }])).toThrow(/unknown parameters x/);
    expect(await t.getWeights()).toEqual(good);
    t.setWeights(new Map(other.map((w) => [w.name, w])));
    expect(await t.getWeights()).toEqual(other);
    t.dispose();
  });

  it('clone owns its variables, and nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const t = new ParamTable('T', specs, { seed: 3 });
    const c = t.clone(false);
    expect(c.trainable).toBe(false);
    t.setWeights(initialValues(specs, 4));
    expect(await c.getWeights()).toEqual(initialValues(specs, 3));
    t.dispose();
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the GPT and the reward LM draw their init from it', async () => {
    const config = { vocabSize: 40, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16, maxLen: 12 };
    const gpt = new GPT(config, 5);
    expect(await gpt.getWeights()).toEqual(initialValues(paramSpecs(config), 5));
    const rm = new RewardLM(defaultRewardLMConfig(40, 4, 4), 9);
    const w = await rm.getWeights();
    expect(w.map((x) => x.name)).toContain('emb');
    expect(() => rm.setWeights(w.slice(1))).toThrow(/RewardLM\.setWeights: missing parameter "emb"/);
    gpt.dispose();
    rm.dispose();
  });
});

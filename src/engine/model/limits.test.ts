import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { longestSequence, PRESETS } from '../config/presets';
import { GPT } from './gpt';
import { activationBytes, ACTIVATION_ROWS, MODEL_LIMITS, modelConfigProblem, parameterCount } from './limits';
import { countParams } from './params';
import type { ModelConfig } from './types';

const tiny: ModelConfig = { ...PRESETS.tiny.model, vocabSize: 1340 };

describe('model limits', () => {
  it('every preset is well inside the limits', () => {
    for (const p of Object.values(PRESETS)) {
      const c = { ...p.model, vocabSize: 2048 };
      expect(modelConfigProblem(c, longestSequence(p))).toBeNull();
      expect(parameterCount(c)).toBeLessThan(MODEL_LIMITS.params / 4);
      expect(activationBytes(c, longestSequence(p), ACTIVATION_ROWS)).toBeLessThan(MODEL_LIMITS.activationBytes / 1.5);
    }
  });

  it('parameterCount is the size of the parameter table', () => {
    expect(parameterCount(tiny)).toBe(countParams(tiny));
    const big = { vocabSize: 5000, dModel: 96, nLayers: 3, nHeads: 6, dFF: 300, maxLen: 200 };
    expect(parameterCount(big)).toBe(countParams(big));
  });

  it('names the dimension over its limit', () => {
    for (const k of ['vocabSize', 'dModel', 'nHeads', 'nLayers', 'dFF', 'maxLen'] as const) {
      expect(modelConfigProblem({ ...tiny, [k]: MODEL_LIMITS[k] + 1 })).toMatch(new RegExp(`${k} ${MODEL_LIMITS[k] + 1} exceeds the limit of ${MODEL_LIMITS[k]}`));
    }
    expect(modelConfigProblem({ ...tiny, nHeads: 3 })).toMatch(/not divisible by nHeads 3/);
    expect(modelConfigProblem({ ...tiny, dFF: 0 })).toMatch(/dFF must be a positive integer/);
    expect(modelConfigProblem({ ...tiny, dFF: 2.5 })).toMatch(/dFF must be a positive integer/);
    expect(modelConfigProblem(Object.create({ dModel: 32 }))).toMatch(/missing vocabSize/);
    expect(modelConfigProblem(null)).toMatch(/must be an object/);
  });

  it('bounds the products: parameters and activation memory', () => {
    expect(modelConfigProblem({ ...tiny, dModel: 1024, nHeads: 16, dFF: 8192, nLayers: 24 })).toMatch(/parameters, over the limit/);
    expect(modelConfigProblem({ ...tiny, maxLen: 2048, dModel: 64, nHeads: 32, dFF: 4096, nLayers: 24 }, 2048)).toMatch(/MiB of activations/);
    expect(modelConfigProblem(tiny, tiny.maxLen + 1)).toMatch(/exceed the model's maxLen/);
  });

  it('GPT refuses an oversized config with a LabError before allocating anything', () => {
    const before = tf.memory().numTensors;
    expect(() => new GPT({ ...tiny, dModel: 4096, dFF: 16384, nLayers: 64 }, 0)).toThrow(expect.objectContaining({ code: 'bad-settings', message: expect.stringMatching(/dModel 4096 exceeds/) }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

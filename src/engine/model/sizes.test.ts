import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { countParams } from './params';
import { GPT } from './gpt';
import { packBatch } from './batch';

describe('model sizes', () => {
  it('spans ~50K (tests) to ~10M parameters with the world vocabulary', async () => {
    await tf.setBackend('cpu');
    const small = { vocabSize: 1340, dModel: 16, nLayers: 1, nHeads: 2, dFF: 64, maxLen: 128 };
    const large = { vocabSize: 1340, dModel: 384, nLayers: 5, nHeads: 6, dFF: 1536, maxLen: 128 };
    expect(countParams(small)).toBeGreaterThan(40_000);
    expect(countParams(small)).toBeLessThan(60_000);
    expect(countParams(large)).toBeGreaterThan(9_000_000);
    expect(countParams(large)).toBeLessThan(11_000_000);
    const m = new GPT(large, 1);
    expect(m.paramCount()).toBe(countParams(large));
    const lp = m.tokenLogProbs(packBatch([[5, 6, 7]], [[8, 9]], 3, 5));
    const v = await lp.data();
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    lp.dispose();
    m.dispose();
  }, 120_000);
});

import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fusedDecodeApplies, setFusedWebGpuDecode } from './enabled';
import { recordOffsets, recordSize, TOPP_MAX_VOCAB } from './sampler';

const cfg = { vocabSize: 29, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32, maxLen: 24 };

describe('fused WebGPU decode: when it applies', () => {
  it('never off WebGPU (cpu here); the switch returns the previous setting', async () => {
    await tf.setBackend('cpu');
    expect(fusedDecodeApplies(cfg, { temperature: 1, topP: 1 })).toBe(false);
    expect(setFusedWebGpuDecode(false)).toBe(true);
    expect(setFusedWebGpuDecode(true)).toBe(false);
  });

  it('chunk record layout: tokens, stop flags (one more step), draw bases, entropies', () => {
    const B = 3, K = 16;
    const o = recordOffsets(B, K);
    expect(o).toEqual({ tokens: 0, done: K * B, base: K * B + (K + 1) * B, entropy: K * B + (K + 1) * B + K + 1 });
    expect(recordSize(B, K)).toBe(o.entropy + K * B);
    expect(TOPP_MAX_VOCAB).toBeGreaterThanOrEqual(2048);
  });
});

import { describe, expect, it } from 'vitest';
import { attentionMask, decodeMasks, MASK_NEG } from './masks';

describe('attention masks', () => {
  it('decodeMasks holds exactly the per-step attentionMask of every decode step', () => {
    const B = 3, Tk = 9;
    // Left padding, plus blocked keys after the prompt, so both changed columns are exercised.
    const keyMask = new Float32Array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1]);
    for (const [t0, steps] of [[3, 6], [0, 9], [5, 4], [8, 1], [4, 0]]) {
      const all = decodeMasks(keyMask, B, Tk, t0, steps);
      expect(all.length).toBe(steps * B * Tk);
      for (let s = 0; s < steps; s++) expect(Array.from(all.subarray(s * B * Tk, (s + 1) * B * Tk))).toEqual(Array.from(attentionMask(keyMask, B, 1, Tk, t0 + s)));
    }
  });

  it('attentionMask: causal, pad keys blocked, a pad query sees itself', () => {
    const m = attentionMask(new Float32Array([0, 1, 1]), 1, 3, 3, 0);
    expect(Array.from(m)).toEqual([0, MASK_NEG, MASK_NEG, MASK_NEG, 0, MASK_NEG, MASK_NEG, 0, 0]);
  });
});

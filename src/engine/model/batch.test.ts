import { describe, it, expect } from 'vitest';
import { blockLength, LENGTH_BLOCK, packBatch, packInLayout } from './batch';

describe('packBatch', () => {
  it('left-pads prompts and marks completion targets', () => {
    const b = packBatch([[5, 6], [7, 8, 9]], [[10, 11], [12]], 3, 6);
    expect(b.B).toBe(2);
    expect(Array.from(b.ids)).toEqual([0, 5, 6, 10, 11, 0, 7, 8, 9, 12, 0, 0]);
    expect(Array.from(b.positions)).toEqual([0, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5]);
    expect(Array.from(b.keyMask)).toEqual([0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0]);
    // target t predicts ids[t+1]: row 0 predicts 10 (t=2) and 11 (t=3); row 1 predicts 12 (t=2)
    expect(Array.from(b.targetMask)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 0]);
  });

  it('truncates completions to T-P', () => {
    const b = packBatch([[5]], [[1, 2, 3, 4, 5]], 2, 4);
    expect(Array.from(b.ids)).toEqual([0, 5, 1, 2]);
    expect(Array.from(b.targetMask)).toEqual([0, 1, 1]);
  });

  it('rejects prompts longer than P with a clear message', () => {
    expect(() => packBatch([[1, 2, 3]], [[]], 2, 4)).toThrow(/prompt 0 has 3 tokens, more than the prompt length P=2/);
    expect(() => packBatch([[1]], [[1], [2]], 2, 4)).toThrow(/1 prompts but 2 completions/);
  });
});

describe('block lengths', () => {
  it('rounds up to whole blocks, at least one, capped by the layout', () => {
    expect(blockLength(1, 384)).toBe(LENGTH_BLOCK);
    expect(blockLength(LENGTH_BLOCK + 1, 384)).toBe(2 * LENGTH_BLOCK);
    expect(blockLength(380, 384)).toBe(384);
    expect(blockLength(900, 384)).toBe(384);
  });

  it('packs a batch as long as its longest prompt and completion need', () => {
    const b = packInLayout([[5, 6], Array.from({ length: 40 }, () => 7)], [[1, 2], [3]], { promptLen: 384, maxNew: 128 });
    expect(b.P).toBe(64);
    expect(b.T).toBe(64 + 32);
    const c = packInLayout([[5]], [Array.from({ length: 300 }, () => 1)], { promptLen: 384, maxNew: 128 });
    expect([c.P, c.T]).toEqual([32, 32 + 128]);
  });
});

import { describe, expect, it } from 'vitest';
import { ema } from './smooth';

describe('EMA smoothing', () => {
  it('starts at the first value and moves a quarter of the way to each new one', () => {
    expect(ema([1, 0, 0], 0.25)).toEqual([1, 0.75, 0.5625]);
  });
  it('keeps gaps as gaps and carries the average across them', () => {
    expect(ema([null, 0.4, null, 0.8], 0.5)).toEqual([null, 0.4, null, 0.6000000000000001]);
  });
  it('with weight 1 returns the raw values', () => {
    expect(ema([0.1, 0.9, 0.3], 1)).toEqual([0.1, 0.9, 0.3]);
  });
  it('refuses a weight outside (0, 1]', () => {
    expect(() => ema([1], 0)).toThrow(RangeError);
    expect(() => ema([1], 1.5)).toThrow(/\(0, 1\]/);
  });
});

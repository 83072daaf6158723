import { describe, expect, it } from 'vitest';
import { meanCI, relChange } from './stats';

describe('report stats', () => {
  it('gives the t interval for three seeds', () => {
    const r = meanCI([1, 2, 3]);
    expect(r.mean).toBe(2);
    // sd = 1, se = 1/sqrt(3), t(2) = 4.303
    expect(r.hi - r.mean).toBeCloseTo(4.303 / Math.sqrt(3), 6);
  });
  it('handles one value and empties', () => {
    expect(meanCI([5]).mean).toBe(5);
    expect(Number.isNaN(meanCI([5]).lo)).toBe(true);
    expect(meanCI([]).n).toBe(0);
  });
  it('relative change', () => {
    expect(relChange(0.5, 0.25)).toBe(-50);
    expect(relChange(0.4, 0.6)).toBeCloseTo(50);
  });
});

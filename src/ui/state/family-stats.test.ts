import { describe, expect, it } from 'vitest';
import type { IterationMetrics } from '../../engine/api';
import { familyName, familyWindow } from './family-stats';

const m = (iter: number, part: Partial<IterationMetrics>): IterationMetrics => ({ iter, familyAsr: {}, familyOverRefusal: {}, tacticMix: {}, ...part }) as IterationMetrics;

describe('familyWindow', () => {
  it('pools the last w iterations per family, tactics in order, others by id, "none" last', () => {
    const h = [
      m(1, { tacticMix: { emotional: 50 }, familyAsr: { emotional: { n: 50, rate: 1 } } }), // outside the window
      m(2, { tacticMix: { fiction: 1, none: 1 }, familyAsr: { fiction: { n: 1, rate: 1 }, none: { n: 1, rate: 0 } } }),
      m(3, { tacticMix: { roleplay: 2, 'cipher.caesar': 1 }, familyAsr: { roleplay: { n: 1, rate: 0 } }, familyOverRefusal: { roleplay: { n: 1, rate: 1 }, 'cipher.caesar': { n: 1, rate: 0 } } }),
      m(4, { tacticMix: { fiction: 1 }, familyAsr: { fiction: { n: 1, rate: 0 } } }),
    ];
    const w = familyWindow(h, 3);
    expect([w.from, w.to]).toEqual([2, 4]);
    expect(w.rows.map((r) => r.family)).toEqual(['roleplay', 'fiction', 'cipher.caesar', 'none']);
    const by = Object.fromEntries(w.rows.map((r) => [r.family, r]));
    expect(by.fiction).toEqual({ family: 'fiction', count: 2, share: 2 / 6, asr: { n: 2, rate: 0.5 }, overRefusal: null });
    expect(by.roleplay).toMatchObject({ count: 2, asr: { n: 1, rate: 0 }, overRefusal: { n: 1, rate: 1 } });
    expect(by['cipher.caesar']).toMatchObject({ asr: null, overRefusal: { n: 1, rate: 0 } });
    expect(by.emotional).toBeUndefined();
  });
  it('an empty history, or one from before the family measures, has no rows', () => {
    expect(familyWindow([])).toEqual({ from: 0, to: 0, rows: [] });
    expect(familyWindow([{ iter: 1 } as IterationMetrics]).rows).toEqual([]);
  });
  it('names families plainly, unknown ids as themselves', () => {
    expect(familyName('fiction')).toBe('Story');
    expect(familyName('none')).toBe('No tactic');
    expect(familyName('cipher.caesar')).toBe('cipher.caesar');
  });
});

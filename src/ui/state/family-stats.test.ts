import { describe, expect, it } from 'vitest';
import type { IterationMetrics } from '../../engine/api';
import { FAMILIES, HELD_OUT_FAMILIES } from '../../engine/world/grammar/grammar';
import { familyName, familyOrder, familyTip, familyWindow, worldOfFamilies } from './family-stats';
import { FAMILY_PLAIN, TACTIC_PLAIN } from './plain-words';

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

describe('world v2 families', () => {
  it('name every grammar family plainly; the ids both worlds use keep their v1 name unless the run is v2', () => {
    expect(familyName('caesar')).toBe('Caesar cipher');
    expect(familyName('lang_sentence', 'v2')).toBe('Other language');
    expect(familyName('fiction')).toBe('Story');
    expect(familyName('fiction', 'v2')).toBe('Story scene');
    expect(familyName('roleplay', 'v2')).toBe('Role-play');
    expect(familyName('none', 'v2')).toBe('No tactic');
    for (const f of FAMILIES) expect(familyName(f.id, 'v2')).not.toBe(f.id);
  });

  it('tooltips give the class, and mark the six held-out families as evaluation only', () => {
    expect(familyTip('caesar')).toBe(`${FAMILY_PLAIN.caesar.technical} · obfuscation class`);
    expect(familyTip('base64', 'v2')).toBe(`${FAMILY_PLAIN.base64.technical} · obfuscation class · held out: evaluation only`);
    expect(familyTip('hypothetical')).toBe(TACTIC_PLAIN.hypothetical.technical);
    expect(familyTip('hypothetical', 'v2')).toMatch(/persona class · held out: evaluation only$/);
    expect(FAMILIES.filter((f) => familyTip(f.id, 'v2').endsWith('held out: evaluation only')).map((f) => f.id)).toEqual([...HELD_OUT_FAMILIES]);
    expect(familyTip('cipher.caesar', 'v2')).toBe('tactic family cipher.caesar');
  });

  it('order the run world first in its fixed order, then the other world, unknown ids, "none" last', () => {
    const ids = ['none', 'cipher.caesar', 'base64', 'roleplay', 'fiction', 'persona_short', 'caesar'];
    expect([...ids].sort((a, b) => familyOrder(a, b, 'v2'))).toEqual(['persona_short', 'fiction', 'caesar', 'base64', 'roleplay', 'cipher.caesar', 'none']);
    expect([...ids].sort(familyOrder)).toEqual(['roleplay', 'fiction', 'persona_short', 'caesar', 'base64', 'cipher.caesar', 'none']);
    const all = FAMILIES.map((f) => f.id);
    expect([...all].reverse().sort((a, b) => familyOrder(a, b, 'v2'))).toEqual(all);
  });

  it('a v2 window lists v2 rows in grammar order with plain names', () => {
    const h = [m(1, { tacticMix: { none: 1, caesar: 1, fiction: 2, persona_short: 1 }, familyAsr: { caesar: { n: 1, rate: 1 } } })];
    const w = familyWindow(h, 5, 'v2');
    expect(w.rows.map((r) => r.family)).toEqual(['persona_short', 'fiction', 'caesar', 'none']);
    expect(w.rows.map((r) => familyName(r.family, 'v2'))).toEqual(['Short persona', 'Story scene', 'Caesar cipher', 'No tactic']);
  });

  it('tells a v2 set of ids by an id only v2 has', () => {
    expect(worldOfFamilies(['fiction', 'caesar'])).toBe('v2');
    expect(worldOfFamilies(['fiction', 'hypothetical', 'none'])).toBe('v1');
    expect(worldOfFamilies(['roleplay', 'cipher.caesar'])).toBe('v1');
    expect(worldOfFamilies([])).toBe('v1');
  });
});

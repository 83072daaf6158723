/** The judge's held-out accuracy per tactic family (issue 9, item 4), on hand-made examples. */
import { describe, expect, it } from 'vitest';
import { HELD_OUT_FAMILIES } from '../world/grammar/grammar';
import { accuracyByFamily, accuracyOf, type HeadHits } from './familyAccuracy';

const hit = (q: boolean, ref: boolean, h: boolean): HeadHits => ({ q, ref, h });
const T = true;
const F = false;

describe('accuracyByFamily', () => {
  it('groups by every family of a prompt, puts plain prompts under "none", and marks held-out families', () => {
    expect(HELD_OUT_FAMILIES).toContain('base64');
    expect(HELD_OUT_FAMILIES).toContain('reversal');
    expect(HELD_OUT_FAMILIES).not.toContain('leetspeak');
    const rows = accuracyByFamily([
      { families: ['base64', 'leetspeak'], hits: hit(T, T, T) }, // two families: counts in both
      { families: ['base64'], hits: hit(T, F, T) },
      { families: ['leetspeak', 'leetspeak'], hits: hit(F, T, T) }, // a family twice in one prompt counts once
      { families: ['reversal'], hits: hit(T, T, F) },
      { families: [], hits: hit(T, T, T) },
      { families: [], hits: hit(F, F, F) },
    ]);
    // Held-out families first (HELD_OUT_FAMILIES order), then train families by id, then "none".
    const heldOrder = ['base64', 'reversal'].sort((a, b) => HELD_OUT_FAMILIES.indexOf(a) - HELD_OUT_FAMILIES.indexOf(b));
    expect(rows.map((r) => r.family)).toEqual([...heldOrder, 'leetspeak', 'none']);
    const by = Object.fromEntries(rows.map((r) => [r.family, r]));
    expect(by.base64).toEqual({ family: 'base64', heldOut: true, n: 2, q: 1, ref: 0.5, h: 1, all: 0.5 });
    expect(by.leetspeak).toEqual({ family: 'leetspeak', heldOut: false, n: 2, q: 0.5, ref: 1, h: 1, all: 0.5 });
    expect(by.reversal).toEqual({ family: 'reversal', heldOut: true, n: 1, q: 1, ref: 1, h: 0, all: 0 });
    expect(by.none).toEqual({ family: 'none', heldOut: false, n: 2, q: 0.5, ref: 0.5, h: 0.5, all: 0.5 });
  });

  it('has no rows for no examples, and accuracyOf of nothing is NaN', () => {
    expect(accuracyByFamily([])).toEqual([]);
    expect(accuracyOf([])).toEqual({ q: NaN, ref: NaN, h: NaN, all: NaN });
  });
});

import { describe, expect, it } from 'vitest';
import { PLAIN_BENIGN } from '../eval/plainBenign';
import { COINED_SHAPE, EVALUATION_WORDS_OF_COINED_SHAPE, coinedWord } from './coinedWords';
import { OPEN_NOUNS } from './openNouns.data';
import { SCARY_WORDS } from './openNouns';
import { Rng } from './rng';

describe('coined names', () => {
  it('know every evaluation word the syllables can spell (re-derived from the evaluation)', () => {
    const words = new Set<string>();
    for (const c of PLAIN_BENIGN) for (const s of [c.text, c.activity, ...c.keys]) for (const w of s.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
    expect([...EVALUATION_WORDS_OF_COINED_SHAPE].sort()).toEqual([...words].filter((w) => COINED_SHAPE.test(w)).sort());
    // The shape is the generator's: real words of it exist, which is why they are excluded.
    expect(['bread', 'rice', 'candle'].every((w) => COINED_SHAPE.test(w))).toBe(true);
  });

  it('are always of the shape and never a real word the syllables spell: a spelled "bread" is drawn again', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) expect(coinedWord(rng)).toMatch(COINED_SHAPE);
    // Scripted draws: two syllables spelling "bread", then "gloomppind".
    const script = ['br', 'e', '', '', 'a', 'd', 'gl', 'oo', 'mp', 'p', 'i', 'nd'];
    const rigged = {
      chance: () => true,
      pick: <T>(xs: readonly T[]): T => {
        const next = script.shift() as T;
        expect(xs).toContain(next);
        return next;
      },
    } as unknown as Rng;
    expect(coinedWord(rigged)).toBe('gloomppind');
    const real = [...Object.values(OPEN_NOUNS).flat(), ...SCARY_WORDS].filter((w) => COINED_SHAPE.test(w) && w.length >= 4 && w.length <= 12);
    expect(real.length, 'open nouns and scary words the syllables can spell').toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { COINED_SHAPE, coinedWord } from './coinedWords';
import { EVALUATION_WORDS } from './evaluationWords';
import { OPEN_NOUNS } from './openNouns.data';
import { SCARY_WORDS } from './openNouns';
import { Rng } from './rng';

describe('coined names', () => {
  it('never spell an evaluation word, though the syllables can ("bread", "rice", "candle")', () => {
    const spellable = EVALUATION_WORDS.filter((w) => COINED_SHAPE.test(w));
    expect(spellable).toEqual(expect.arrayContaining(['bread', 'rice', 'candle']));
    const rng = new Rng(11);
    const drawn = new Set(Array.from({ length: 20000 }, () => coinedWord(rng)));
    expect(spellable.filter((w) => drawn.has(w))).toEqual([]);
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

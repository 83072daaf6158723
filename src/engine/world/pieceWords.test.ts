import { describe, expect, it } from 'vitest';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { COINED_SHAPE } from './coinedWords';
import { EVALUATION_WORDS } from './evaluationWords';
import { pieceWord, wordPieces } from './pieceWords';
import { echoWordPieces } from '../sft/transcripts';
import { Rng } from './rng';

const tokenizer = worldTokenizer();
const pieces = echoWordPieces();

describe('piece words', () => {
  it('split the vocabulary into lowercase word starts and continuations', () => {
    expect(pieces.starts).toContain('sour');
    expect(pieces.continuations).toContain('ough');
    for (const p of pieces.starts) expect(p).toMatch(/^[a-z]{2,}$/);
    for (const p of pieces.continuations) expect(p).toMatch(/^[a-z]+$/);
    expect(() => wordPieces([' The', '<eos>', '!'])).toThrow(/no lowercase word pieces/);
  });

  it('are deterministic for a seed, reach most of the pieces, mostly beyond the coined syllables, and never an evaluation word', () => {
    const draw = (seed: number, n: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: n }, () => pieceWord(rng, pieces));
    };
    expect(draw(1, 100)).toEqual(draw(1, 100));
    const words = draw(2, 20000);
    const evaluation = new Set(EVALUATION_WORDS);
    for (const w of words) {
      expect(w).toMatch(/^[a-z]{4,14}$/);
      expect(evaluation.has(w), w).toBe(false);
    }
    // Most words use pieces the coined-name syllables never spell.
    expect(words.filter((w) => !COINED_SHAPE.test(w)).length / words.length).toBeGreaterThan(0.7);
    // Each word re-tokenizes into pieces; together they cover most of the lowercase vocabulary.
    const seen = new Set(words.flatMap((w) => tokenizer.encode(` ${w}`)));
    const lowercase = Array.from({ length: tokenizer.vocabSize }, (_, id) => id).filter((id) => /^ ?[a-z]+$/.test(tokenizer.decode([id])));
    expect(lowercase.filter((id) => seen.has(id)).length / lowercase.length).toBeGreaterThan(0.6);
  });
});

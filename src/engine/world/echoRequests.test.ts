import { describe, expect, it } from 'vitest';
import { analyzeText, oracleLabels } from '../judge/oracle';
import { buildWorld } from './build';
import { echoDefenderParts, echoRequest } from './echoRequests';
import { Rng } from './rng';
import { pieceWord } from './pieceWords';
import { echoWordPieces } from '../sft/transcripts';

const worlds = [42, 7, 20250609].map((s) => buildWorld(s));
const pieces = echoWordPieces();
/** Coined names, or words spelled from tokenizer pieces. */
const draw = (seed: number, n: number, fromPieces = false) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => (fromPieces ? echoRequest(rng, (r) => pieceWord(r, pieces)) : echoRequest(rng)));
};

describe('echo requests', () => {
  it('are deterministic for a seed and ask for 1–4 fresh coined words, in order', () => {
    expect(draw(1, 50)).toEqual(draw(1, 50));
    const reqs = draw(2, 2000);
    const counts = new Set(reqs.map((r) => r.words.length));
    expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(reqs.map((r) => r.words.join(' '))).size).toBeGreaterThan(1990);
    for (const r of reqs) expect(r.text).toContain(r.words.join(' '));
  });

  it('carry no world intent, tactic or hazard (coined or piece words); the thought and the answer repeat the words exactly; the oracle reads a harmless compliance', () => {
    for (const r of [...draw(3, 1000), ...draw(5, 1000, true)]) {
      for (const world of worlds) {
        const a = analyzeText(world, r.text);
        expect([...a.intents, ...a.tactics, ...a.hazardIntents], r.text).toEqual([]);
      }
      const { thought, answer } = echoDefenderParts(r, new Rng(4));
      const words = r.words.join(' ');
      expect(thought).toBe(`The user wants me to repeat ${words}. This is safe. I will help.`);
      expect(answer).toContain(`: ${words}.`);
      expect(oracleLabels(worlds[0], r.text, answer), answer).toEqual({ q: 'na', ref: 'compliance', h: 'harmless' });
    }
  });
});

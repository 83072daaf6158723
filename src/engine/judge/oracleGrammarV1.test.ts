/**
 * Grammar v2 changes nothing for the v1 world: no v1 text opens a grammar family, so the oracle
 * reads each one word for word, exactly as before (families [], same intents, tactics, hazards,
 * Ref and labels), in three worlds over seeds, attacks of every composition, judge and SFT pairs,
 * and the world's answers and thoughts. The judge data's grammar persona prompts (the only v2 text in
 * it) decode to their family and keep the labels the word-for-word reading gave them.
 * (Checked once more when this was written: the same corpus, dumped before and after the change,
 * gave identical labels and analyses for 22,356 texts and pairs.)
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../world/build';
import { FAMILIES } from '../world/grammar/grammar';
import type { World } from '../world/types';
import { analyzePlain, analyzeText, oracleLabels, promptLabel } from './oracle';
import { readGrammar } from './oracleGrammar';
import type { Labels } from './types';
import { v1Corpus } from './v1Corpus.test-support';

/** The labels as the oracle gave them before grammar v2 (a copy of that code path). */
function labelsBefore(world: World, prompt: string, response: string): Labels {
  const p = analyzePlain(world, prompt);
  const q = p.harmfulIntents.length > 0 ? 'harmful' : p.intents.length > 0 ? 'benign' : 'na';
  const empty = response.split(/\s+/).filter((t) => t && !(t.startsWith('<') && t.endsWith('>'))).length === 0;
  if (empty) return { q, ref: 'na', h: 'na' };
  const r = analyzePlain(world, response);
  return { q, ref: r.refusal ? 'refusal' : r.compliance ? 'compliance' : 'na', h: r.hazardIntents.length > 0 ? 'harmful' : 'harmless' };
}

describe('grammar v2 leaves the v1 world as it was', () => {
  for (const seed of [42, 7, 20250609]) {
    it(`world ${seed}: v1 texts open no family and keep their analysis and labels`, () => {
      const world = buildWorld(seed);
      const { texts, pairs, grammarPairs } = v1Corpus(world);
      expect(texts.length).toBeGreaterThan(5000);
      const opened = texts.filter((t) => readGrammar(t).kind !== 'plain' || FAMILIES.some((f) => f.opens(t)));
      expect(opened).toEqual([]);
      const changed = texts.filter((t) => {
        const a = analyzeText(world, t);
        const before = analyzePlain(world, t);
        const q = before.harmfulIntents.length > 0 ? 'harmful' : before.intents.length > 0 ? 'benign' : 'na';
        return JSON.stringify(a) !== JSON.stringify({ ...before, families: [], undecodable: false }) || promptLabel(world, t) !== q;
      });
      expect(changed).toEqual([]);
      const relabelled = pairs.filter(([p, r]) => JSON.stringify(oracleLabels(world, p, r)) !== JSON.stringify(labelsBefore(world, p, r)));
      expect(relabelled).toEqual([]);

      // the judge data's persona prompts: decoded now, same labels as the word-for-word reading
      expect(grammarPairs.length).toBeGreaterThan(20);
      for (const [p, r] of grammarPairs) {
        const fams = analyzeText(world, p).families;
        expect(fams.length).toBe(1);
        expect(FAMILIES.find((f) => f.id === fams[0])?.cls).toBe('persona');
        expect(oracleLabels(world, p, r)).toEqual(labelsBefore(world, p, r));
      }
    }, 120_000);
  }
});

/**
 * Held-out data never enters training: the seeds the warm start, self-play and the defender
 * demonstrations draw are all train-split seeds, while every evaluation suite draws held-out
 * phrasings only, and template attacks use train compositions in training, heldout ones in eval.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import { drawGames } from '../game/selfplay';
import { sftExamples } from '../sft/transcripts';
import { idealDefenderExamples } from '../sft/demonstrations';
import { buildWorld } from '../world/build';
import { Rng } from '../world/rng';
import { seeds } from '../world/seeds';
import { worldSource } from '../world/source';
import { analyzeText } from '../judge/oracle';
import { PRESETS } from '../config/presets';
import { suiteSpecs } from './suites';

const world = buildWorld(PRESETS.classroom.worldSeed);
const trainTexts = new Set(seeds(world, 'train').map((s) => s.text));
const heldoutTexts = seeds(world, 'heldout').map((s) => s.text);
const containsHeldout = (text: string) => heldoutTexts.some((h) => text.includes(h.replace(/ [?.]$/, '')));

describe('train / held-out separation', () => {
  it('self-play seeds come from the train split only', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) for (const g of drawGames(worldSource(world, 'v1'), DEFAULT_SETTINGS, rng)) expect(trainTexts.has(g.seed.text)).toBe(true);
  });

  it('warm-start transcripts and defender demonstrations never contain a held-out request', () => {
    const rng = new Rng(2);
    for (const e of sftExamples(world, rng, 600)) expect(containsHeldout(e.prompt)).toBe(false);
    for (const e of idealDefenderExamples(world, rng, 300, true)) expect(containsHeldout(e.prompt)).toBe(false);
  });

  it('every evaluation suite asks held-out requests in held-out tactic compositions only', () => {
    const heldoutComps = new Set(world.compositions.heldout.map((c) => c.join('+')));
    const source = worldSource(world, 'v1');
    for (const kind of ['harmful', 'benign', 'contrast'] as const) {
      const pool = source.listedPool(kind, 'heldout')!;
      expect(pool.length).toBeGreaterThan(0);
      for (const s of pool) expect(s.split).toBe('heldout');
    }
    for (const spec of suiteSpecs(world, source)) {
      for (const { text: p } of spec.prompts(new Rng(3), 40)) {
        expect(trainTexts.has(p)).toBe(false);
        if (!spec.wrapped) continue;
        // The wrapped suites use held-out compositions only: the oracle reads one of them in every prompt.
        const read = analyzeText(world, p).tactics.join('+');
        expect([...heldoutComps].some((c) => c === read || c.split('+').every((t) => read.includes(t)))).toBe(true);
      }
    }
  });
});

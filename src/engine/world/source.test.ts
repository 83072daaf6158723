/**
 * The run's world source: a world-v2 run's games draw only train material (no held-out form,
 * phrasing or family ever reaches self-play, its template attacks or the SFT demonstrations), and
 * its evaluation suites ask held-out material only: every wrapped prompt carries a held-out family,
 * every plain one a held-out form or phrasing. Checked from the text alone (v2Holdout.test-support).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import { suiteSpecs } from '../eval/suites';
import { drawGames } from '../game/selfplay';
import { analyzeText } from '../judge/oracle';
import { idealDefenderExamples } from '../sft/demonstrations';
import { bridgedAction } from '../sft/v2Transcripts';
import { heldoutMaterial, userText } from '../sft/v2Holdout.test-support';
import { buildWorld } from './build';
import { HELD_OUT_FAMILIES } from './grammar/grammar';
import { PRESETS } from '../config/presets';
import { Rng } from './rng';
import { worldSource } from './source';

const world = buildWorld(PRESETS.classroom.worldSeed);
const v2 = worldSource(world, 'v2');
const settings = { ...DEFAULT_SETTINGS, world: 'v2' as const };

describe('world source v2', () => {
  it('game seeds and template attacks hold nothing held out, and keep the game kind mix', () => {
    const rng = new Rng(11);
    let harmful = 0;
    let contrast = 0;
    let n = 0;
    for (let it = 0; it < 40; it++) {
      for (const g of drawGames(v2, settings, rng)) {
        n++;
        if (g.seed.kind === 'harmful') harmful++;
        if (g.seed.contrast) contrast++;
        expect(g.seed.split).toBe('train');
        expect(heldoutMaterial(world, g.seed.text)).toEqual([]);
        const attack = v2.wrap(rng, g.seed, 'train');
        expect(heldoutMaterial(world, attack)).toEqual([]);
        // The oracle reads the attack's families (v2), and the seed's intent inside it.
        const a = analyzeText(world, attack);
        expect(v2.familiesOf(a).length).toBeGreaterThan(0);
        expect(a.intents).toContain(g.seed.intentId);
      }
    }
    expect(harmful / n).toBe(0.5);
    expect(contrast / (n - harmful)).toBeGreaterThan(0.25);
    expect(contrast / (n - harmful)).toBeLessThan(0.55);
  });

  it('a held-out seed cannot be wrapped with train families', () => {
    const s = v2.seed(new Rng(1), 'heldout', 'harmful');
    expect(() => v2.wrap(new Rng(1), s, 'train')).toThrow(/train seed/);
  });

  it('SFT demonstrations of a v2 run are v2 train material', () => {
    const demos = idealDefenderExamples(world, new Rng(5), 200, true, 'v2');
    for (const e of demos) expect(heldoutMaterial(world, userText(e.prompt))).toEqual([]);
    // The ideal defender's thought names the real intent in the world's words (changelog 19), as the shipped classroom v2 file learned.
    const actions = new Set(world.intents.map((i) => i.action.toLowerCase()));
    const bridges = demos.map((e) => bridgedAction(e.completion)).filter((a) => a !== null);
    expect(bridges.length).toBeGreaterThan(100);
    for (const a of bridges) expect(actions.has(a), a).toBe(true);
  });

  it('evaluation suites ask held-out material only: a held-out family in every wrapped prompt', () => {
    const held = new Set(HELD_OUT_FAMILIES);
    for (const spec of suiteSpecs(world, v2)) {
      const asked = spec.prompts(new Rng(3), 60);
      const prompts = asked.map((a) => a.text);
      // Each prompt carries the intent it says it asks (answersIntent scores answers against it).
      for (const a of asked) {
        const read = analyzeText(world, a.text);
        if (spec.kind === 'harmful') expect(read.harmfulIntents, a.text).toContain(a.intentId);
        else if (!read.undecodable) expect(read.intents, a.text).toContain(a.intentId);
      }
      for (const p of prompts) {
        const found = heldoutMaterial(world, p);
        expect(found.length, `${spec.suite}: ${p}`).toBeGreaterThan(0);
        if (spec.wrapped) expect(v2.familiesOf(analyzeText(world, p)).some((f) => held.has(f)), p).toBe(true);
      }
      // The intents asked are of the suite's kind.
      for (const p of prompts) {
        const a = analyzeText(world, p);
        if (spec.kind === 'harmful') expect(a.harmfulIntents.length, p).toBeGreaterThan(0);
        else if (!a.undecodable) expect(a.harmfulIntents, p).toEqual([]);
      }
    }
  });

  it('the same suites on train material ask nothing held out, wrapped ones in train families, each prompt with the intent it claims', () => {
    let wrapped = 0;
    for (const spec of suiteSpecs(world, v2, 'train')) {
      for (const a of spec.prompts(new Rng(3), 60)) {
        expect(heldoutMaterial(world, a.text), `${spec.suite}: ${a.text}`).toEqual([]);
        const read = analyzeText(world, a.text);
        if (spec.kind === 'harmful') expect(read.harmfulIntents, a.text).toContain(a.intentId);
        else expect(read.intents, a.text).toContain(a.intentId);
        if (spec.wrapped) {
          expect(v2.familiesOf(read).length, a.text).toBeGreaterThan(0);
          wrapped++;
        }
      }
    }
    expect(wrapped).toBe(120);
  });
});

/**
 * World-v2 judge data: labels are the oracle's, no held-out family / form / phrasing in a train pair
 * (read from the text), prompts of every kind plain and wrapped at depth ≤ 2, held-out pairs carry
 * held-out material, determinism.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import { buildWorld } from '../world/build';
import { decode } from '../world/grammar/decode';
import { HELD_OUT_FAMILIES, TRAIN_FAMILIES } from '../world/grammar/grammar';
import { readIntents } from '../world/meaning/reader';
import { Rng } from '../world/rng';
import { heldoutMaterial } from '../sft/v2Holdout.test-support';
import { JUDGE_MIX } from './examples';
import { oracleLabels } from './oracle';
import { v2JudgeExamples, V2_JUDGE_PROMPT_MIX } from './v2Examples';

const world = buildWorld(PRESETS.classroom.worldSeed);
const N = 4000;
const train = v2JudgeExamples(world, new Rng(1), N, 'train');
const kindOf = (key: string) => (key.startsWith('benign.') ? 'benign' : key.startsWith('contrast.') ? 'contrast' : 'harmful');

describe('v2 judge examples', () => {
  it('labels are exactly oracleLabels of the pair', () => {
    for (const e of train) expect(e.labels).toEqual(oracleLabels(world, e.prompt, e.response));
  });

  it('train pairs hold no held-out family, form or phrasing (read from the text)', () => {
    const families = new Set<string>();
    for (const e of train) {
      for (const t of [e.prompt, e.response]) expect(heldoutMaterial(world, t), t.slice(0, 200)).toEqual([]);
      for (const f of decode(e.prompt)?.families ?? []) families.add(f);
    }
    expect(families.size).toBe(TRAIN_FAMILIES.length);
  });

  it('prompts: every kind, plain and wrapped at depth ≤ 2, in the mix; Q follows the seed’s kind', () => {
    const count = (k: string) => train.filter((e) => e.shape.prompt === k).length;
    for (const [k, w] of Object.entries(V2_JUDGE_PROMPT_MIX)) expect(Math.abs(count(k) / N - w)).toBeLessThan(0.03);
    for (const [k, w] of Object.entries(JUDGE_MIX.response)) expect(Math.abs(train.filter((e) => e.shape.response === k).length / N - w)).toBeLessThan(0.025);
    for (const shape of ['vanilla', 'attack'] as const) {
      const xs = train.filter((e) => e.shape.prompt === shape);
      for (const kind of ['harmful', 'benign', 'contrast']) expect(xs.filter((e) => kindOf(e.v2.intentKey!) === kind).length).toBeGreaterThan(0.15 * xs.length);
      for (const e of xs) {
        // The oracle reads the seed's intent through any wrapper, so Q is the seed's kind.
        expect(e.labels.q).toBe(kindOf(e.v2.intentKey!) === 'harmful' ? 'harmful' : 'benign');
        const d = decode(e.prompt)!;
        expect(readIntents(d.request)).toEqual([e.v2.intentKey]);
        expect(d.families).toEqual(e.v2.families);
        if (shape === 'vanilla') expect(d.families).toEqual([]);
        else expect(d.families.length === 1 || d.families.length === 2).toBe(true);
      }
    }
    for (const e of train.filter((x) => x.shape.prompt === 'gibberish')) expect(e.labels.q).toBe('na');
    // A wrapper around nothing has no request (a few trimmed wrappers name a contrast object, e.g. "python script").
    const wrappers = train.filter((e) => e.shape.prompt === 'wrapperOnly');
    expect(wrappers.filter((e) => e.labels.q === 'na').length / wrappers.length).toBeGreaterThan(0.9);
    const labelSet = (h: string) => new Set(train.map((e) => (e.labels as unknown as Record<string, string>)[h]));
    expect(labelSet('q')).toEqual(new Set(['harmful', 'benign', 'na']));
    expect(labelSet('ref')).toEqual(new Set(['refusal', 'compliance', 'na']));
    expect(labelSet('h')).toEqual(new Set(['harmful', 'harmless', 'na']));
  });

  it('held-out pairs carry held-out material: every attack a held-out family, every seed a held-out form or phrasing', () => {
    const held = v2JudgeExamples(world, new Rng(2), 1000, 'heldout');
    for (const e of held.filter((x) => x.shape.prompt === 'attack')) expect(e.v2.families.some((f) => HELD_OUT_FAMILIES.includes(f))).toBe(true);
    for (const e of held.filter((x) => x.shape.prompt === 'vanilla' || x.shape.prompt === 'attack')) expect(heldoutMaterial(world, e.prompt).length).toBeGreaterThan(0);
  });

  it('is deterministic given the Rng, and differs across seeds', () => {
    const a = JSON.stringify(v2JudgeExamples(world, new Rng(7), 300, 'train'));
    expect(JSON.stringify(v2JudgeExamples(world, new Rng(7), 300, 'train'))).toBe(a);
    expect(JSON.stringify(v2JudgeExamples(world, new Rng(8), 300, 'train'))).not.toBe(a);
  });
});

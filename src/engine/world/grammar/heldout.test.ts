/**
 * Held-out tactic families never reach a training path: trainPlan (the only plan source training may
 * use) never yields one, over many draws at every depth, while evalPlan always includes one.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { decode } from './decode';
import { CLASSES } from './family';
import { EVAL_FAMILIES, FAMILIES, HELD_OUT_FAMILIES, MAX_DEPTH, TRAIN_FAMILIES, evalPlan, familiesOf, render, trainPlan } from './grammar';
import { SAMPLE_REQUESTS } from './requests';

const held = new Set(HELD_OUT_FAMILIES);

describe('held-out tactic families', () => {
  it('follow the stated rule: last family of each class, plus the second-to-last of the largest class', () => {
    const expected: string[] = [];
    for (const c of CLASSES) {
      const fs = familiesOf(c).map((f) => f.id);
      if (c === 'obfuscation') expected.push(fs[fs.length - 2]);
      expected.push(fs[fs.length - 1]);
    }
    expect([...HELD_OUT_FAMILIES]).toEqual(expected);
    expect(Math.max(...CLASSES.map((c) => familiesOf(c).length))).toBe(familiesOf('obfuscation').length);
  });

  it('split the registry: train and eval families are disjoint and cover it, every class keeps a train family', () => {
    expect(HELD_OUT_FAMILIES.length).toBeGreaterThanOrEqual(6);
    expect(TRAIN_FAMILIES.length + EVAL_FAMILIES.length).toBe(FAMILIES.length);
    for (const f of TRAIN_FAMILIES) expect(held.has(f.id)).toBe(false);
    for (const f of EVAL_FAMILIES) expect(held.has(f.id)).toBe(true);
    for (const c of CLASSES) expect(TRAIN_FAMILIES.some((f) => f.cls === c), c).toBe(true);
  });

  it('trainPlan never yields a held-out family over 20,000 draws, at every depth, and uses every train family', () => {
    const rng = new Rng(1);
    const used = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const plan = trainPlan(rng, i < 4 * 1000 ? 1 + (i % MAX_DEPTH) : undefined);
      for (const l of plan) {
        expect(held.has(l.family)).toBe(false);
        used.add(l.family);
      }
    }
    expect(used.size).toBe(TRAIN_FAMILIES.length);
  });

  it('what the oracle decodes from train attacks never names a held-out family', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 1000; i++) {
      const d = decode(render(rng.pick(SAMPLE_REQUESTS), trainPlan(rng)));
      expect(d).not.toBeNull();
      for (const f of d!.families) expect(held.has(f)).toBe(false);
    }
  });

  it('evalPlan always contains a held-out family, and every held-out family shows up', () => {
    const rng = new Rng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const plan = evalPlan(rng);
      const hits = plan.filter((l) => held.has(l.family));
      expect(hits.length).toBeGreaterThan(0);
      hits.forEach((l) => seen.add(l.family));
    }
    expect(seen.size).toBe(HELD_OUT_FAMILIES.length);
  });
});

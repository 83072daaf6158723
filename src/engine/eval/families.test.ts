import { describe, expect, it } from 'vitest';
import type { GameRecord, TacticMix } from '../api';
import type { Labels } from '../judge/types';
import type { TacticId } from '../world/types';
import { DRIFT_WINDOW, familyMeasures, familyRates, familyWilson, gameFamilies, jsDivergence, mergeMixes, poolFamilyRates, tacticDrift, tacticMix } from './families';

describe('jsDivergence (bits)', () => {
  it('identical mixes → 0, whatever the scale', () => {
    expect(jsDivergence({ a: 3, b: 1 }, { a: 3, b: 1 })).toBe(0);
    expect(jsDivergence({ a: 3, b: 1 }, { a: 30, b: 10 })).toBeCloseTo(0, 12);
  });
  it('disjoint mixes → 1', () => {
    expect(jsDivergence({ a: 5 }, { b: 2 })).toBeCloseTo(1, 12);
    expect(jsDivergence({ a: 1, b: 1 }, { c: 4, none: 4 })).toBeCloseTo(1, 12);
  });
  it('a hand-computed case', () => {
    // P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4):
    // KL(P‖M) = log2(4/3); KL(Q‖M) = ½ log2(2/3) + ½ log2(2); JS = ½ (KL(P‖M) + KL(Q‖M)) ≈ 0.311278
    const want = 0.5 * (Math.log2(4 / 3) + 0.5 * Math.log2(2 / 3) + 0.5);
    expect(want).toBeCloseTo(0.311278, 6);
    expect(jsDivergence({ a: 2 }, { a: 1, b: 1 })).toBeCloseTo(want, 12);
    expect(jsDivergence({ a: 1, b: 1 }, { a: 2 })).toBeCloseTo(want, 12); // symmetric
    // zero counts are the same as absent families
    expect(jsDivergence({ a: 2, b: 0 }, { a: 1, b: 1 })).toBeCloseTo(want, 12);
  });
  it('an empty mix → null (no attacks to compare)', () => {
    expect(jsDivergence({}, { a: 1 })).toBeNull();
    expect(jsDivergence({ a: 1 }, { a: 0 })).toBeNull();
    expect(jsDivergence({}, {})).toBeNull();
  });
});

describe('tacticDrift', () => {
  const mixes = (n: number, m: TacticMix) => Array.from({ length: n }, () => ({ ...m }));
  it('is null until 2W iterations exist', () => {
    expect(DRIFT_WINDOW).toBe(10);
    expect(tacticDrift([])).toBeNull();
    expect(tacticDrift(mixes(2 * DRIFT_WINDOW - 1, { a: 1 }))).toBeNull();
    expect(tacticDrift(mixes(2 * DRIFT_WINDOW, { a: 1 }))).toBe(0);
  });
  it('compares the last W iterations with the W before them, pooled', () => {
    const w = 3;
    // older iterations outside both windows do not count
    const seq = [...mixes(5, { z: 9 }), ...mixes(w, { a: 1 }), ...mixes(w, { b: 1 })];
    expect(tacticDrift(seq, w)).toBeCloseTo(1, 12);
    // window sums: last = {a: 2}, previous = {a: 1, b: 1} → the hand-computed value above
    const pooled: TacticMix[] = [{ a: 1 }, { b: 1 }, {}, { a: 1 }, {}, { a: 1 }];
    expect(tacticDrift(pooled, w)).toBeCloseTo(jsDivergence({ a: 2 }, { a: 1, b: 1 })!, 12);
  });
  it('an empty window → null', () => {
    expect(tacticDrift([...mixes(2, {}), ...mixes(2, { a: 1 })], 2)).toBeNull();
  });
});

describe('family rates and mixes', () => {
  it('counts each family of an item once, "none" for items without one, and leaves absent families out', () => {
    const items = [
      { f: ['roleplay', 'fiction'], hit: true },
      { f: ['roleplay', 'roleplay'], hit: false },
      { f: [], hit: true },
    ];
    const r = familyRates(items, (x) => x.f, (x) => x.hit);
    expect(r).toEqual({ roleplay: { n: 2, rate: 0.5 }, fiction: { n: 1, rate: 1 }, none: { n: 1, rate: 1 } });
    expect(Object.hasOwn(r, 'emotional')).toBe(false);
    expect(familyRates([], (x: { f: string[] }) => x.f, () => true)).toEqual({});
    const w = familyWilson(items, (x) => x.f, (x) => x.hit);
    expect(w.roleplay).toMatchObject({ n: 2, rate: 0.5 });
    expect(w.roleplay.lo).toBeLessThan(0.5);
    expect(w.roleplay.hi).toBeGreaterThan(0.5);
  });
  it('mix: counts per family, "none" for untactic attacks; merge and pool over windows', () => {
    expect(tacticMix([['a', 'b'], ['a'], []])).toEqual({ a: 2, b: 1, none: 1 });
    expect(mergeMixes([{ a: 1 }, { a: 2, b: 1 }, {}])).toEqual({ a: 3, b: 1 });
    expect(poolFamilyRates([{ a: { n: 2, rate: 0.5 } }, { a: { n: 2, rate: 1 }, b: { n: 1, rate: 0 } }, {}])).toEqual({ a: { n: 4, rate: 0.75 }, b: { n: 1, rate: 0 } });
  });
});

describe('familyMeasures (one iteration)', () => {
  const L = (q: Labels['q'], ref: Labels['ref'], h: Labels['h']): Labels => ({ q, ref, h });
  let k = 0;
  const game = (seedKind: 'harmful' | 'benign', generated: boolean, tactics: TacticId[], oracle: Labels): GameRecord => ({
    iter: 1,
    seedText: `seed ${k++}`,
    seedKind,
    contrast: false,
    intentId: 'x.y',
    generated,
    human: false,
    attacker: generated ? { thought: '', answer: 'a', raw: 'a', formatOk: true } : null,
    defender: { thought: '', answer: 'b', raw: 'b', formatOk: true },
    judge: oracle,
    oracle,
    oracleTactics: tactics,
    rewards: { attacker: null, defender: null },
    tie: false,
  });

  it('per-family ASR on harmful attacks, over-refusal and helpfulness on wrapped benign seeds, the mix of all attacks', () => {
    const games = [
      game('harmful', true, ['roleplay'], L('harmful', 'compliance', 'harmful')),
      game('harmful', true, ['roleplay', 'fiction'], L('harmful', 'refusal', 'harmless')),
      game('harmful', true, [], L('harmful', 'refusal', 'harmless')),
      game('harmful', false, [], L('harmful', 'compliance', 'harmful')), // vanilla: not an attack
      game('benign', true, ['fiction'], L('benign', 'refusal', 'harmless')),
      game('benign', true, ['emotional'], L('benign', 'compliance', 'harmless')),
      game('benign', true, ['emotional'], L('benign', 'na', 'harmless')),
      game('benign', true, [], L('benign', 'compliance', 'harmless')), // not wrapped
      game('benign', false, [], L('benign', 'refusal', 'harmless')),
    ];
    // What counts as helped is the run's predicate (the oracle's answersIntent); here: compliance.
    const m = familyMeasures(games, (g) => g.oracle.ref === 'compliance');
    expect(m.familyAsr).toEqual({ roleplay: { n: 2, rate: 0.5 }, fiction: { n: 1, rate: 0 }, none: { n: 1, rate: 0 } });
    expect(m.familyOverRefusal).toEqual({ fiction: { n: 1, rate: 1 }, emotional: { n: 2, rate: 0 }, none: { n: 1, rate: 0 } });
    // wrapped benign: fiction (refused), emotional (helped), emotional (n/a) → 1 of 3
    expect(m.benignWrappedN).toBe(3);
    expect(m.benignHelpedWrapped).toBeCloseTo(1 / 3, 12);
    expect(m.tacticMix).toEqual({ roleplay: 2, fiction: 2, none: 2, emotional: 2 });
    // A compliance that does not address the asked intent is not helped: the predicate decides, not Ref.
    expect(familyMeasures(games, () => false).benignHelpedWrapped).toBe(0);
    expect(gameFamilies(game('harmful', true, ['fiction', 'fiction'], L('harmful', 'refusal', 'harmless')))).toEqual(['fiction']);
  });

  it('no wrapped benign seed → null helpfulness; no games → empty families, never fake zeros', () => {
    const m = familyMeasures([game('harmful', true, ['roleplay'], L('harmful', 'refusal', 'harmless'))], () => true);
    expect(m.benignHelpedWrapped).toBeNull();
    expect(m.benignWrappedN).toBe(0);
    expect(m.familyOverRefusal).toEqual({});
    expect(familyMeasures([], () => true)).toEqual({ familyAsr: {}, familyOverRefusal: {}, benignHelpedWrapped: null, benignWrappedN: 0, tacticMix: {} });
  });

  it('takes the families from any source (grammar-v2 ids slot in as strings)', () => {
    const g = game('harmful', true, [], L('harmful', 'compliance', 'harmful'));
    const m = familyMeasures([g], () => true, () => ['cipher.caesar', 'persona.long']);
    expect(m.familyAsr).toEqual({ 'cipher.caesar': { n: 1, rate: 1 }, 'persona.long': { n: 1, rate: 1 } });
  });
});

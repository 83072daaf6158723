/**
 * The per-family view of the run: over the last window of iterations (DRIFT_WINDOW, the drift's own
 * window), each tactic family's share of the attacker's tactic mix, its attack success and its
 * over-refusal, with the counts they rest on. Built from the iteration metrics (IterationMetrics), so
 * it survives a reload with the run's history. Family ids are strings: v1 tactics in a first-world run,
 * grammar-v2 families in a world-v2 run.
 */
import type { FamilyRate, IterationMetrics, WorldVersion } from '../../engine/api';
import { DRIFT_WINDOW, mergeMixes, NO_FAMILY, poolFamilyRates } from '../../engine/eval/families';
import { FAMILIES, HELD_OUT_FAMILIES } from '../../engine/world/grammar/grammar';
import { TACTICS } from '../../engine/world/types';
import { familyTerm, isTactic, isV2Family, readsAsTactic, TACTIC_PLAIN, TACTIC_SHORT } from './plain-words';

export interface FamilyRow {
  family: string;
  /** Times the family occurs in the window's attacks, and its share of all occurrences (the mix the drift compares). */
  count: number;
  share: number;
  /** null: no harmful (benign) attack used the family in the window. */
  asr: FamilyRate | null;
  overRefusal: FamilyRate | null;
}

export interface FamilyWindow {
  /** Iterations covered (the most recent ones); 0–0 before the first. */
  from: number;
  to: number;
  rows: FamilyRow[];
}

const V2_INDEX = new Map(FAMILIES.map((f, i) => [f.id, i]));

/**
 * The world a set of family ids comes from, for callers that do not know the run's: an id only v2 has
 * means v2. Ids of both worlds (fiction, …) say nothing, so a set of only those reads as v1.
 */
export function worldOfFamilies(ids: Iterable<string>): WorldVersion {
  for (const f of ids) if (isV2Family(f) && !isTactic(f)) return 'v2';
  return 'v1';
}

/**
 * The run's world's families first in their fixed order (v1: TACTICS; v2: the grammar's FAMILIES),
 * then the other world's, then unknown ids by name, then "none" last.
 */
export function familyOrder(a: string, b: string, world: WorldVersion = 'v1'): number {
  const key = (f: string): [number, number] => {
    if (f === NO_FAMILY) return [3, 0];
    if (readsAsTactic(f, world)) return [world === 'v1' ? 0 : 1, TACTICS.indexOf(f)];
    if (isV2Family(f)) return [world === 'v2' ? 0 : 1, V2_INDEX.get(f)!];
    return [2, 0];
  };
  const [ra, ia] = key(a);
  const [rb, ib] = key(b);
  if (ra !== rb) return ra - rb;
  if (ia !== ib) return ia - ib;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last `w` iterations of a history, pooled per family. Families not seen in the window have no row. */
export function familyWindow(history: readonly IterationMetrics[], w = DRIFT_WINDOW, world: WorldVersion = 'v1'): FamilyWindow {
  const recent = history.slice(-w);
  if (!recent.length) return { from: 0, to: 0, rows: [] };
  // `?? {}`: a page snapshot from before the family measures existed has none.
  const mix = mergeMixes(recent.map((m) => m.tacticMix ?? {}));
  const asr = poolFamilyRates(recent.map((m) => m.familyAsr ?? {}));
  const over = poolFamilyRates(recent.map((m) => m.familyOverRefusal ?? {}));
  const total = Object.values(mix).reduce((a, c) => a + c, 0);
  const families = [...new Set([...Object.keys(mix), ...Object.keys(asr), ...Object.keys(over)])].sort((a, b) => familyOrder(a, b, world));
  return {
    from: recent[0].iter,
    to: recent[recent.length - 1].iter,
    rows: families.map((family) => ({
      family,
      count: mix[family] ?? 0,
      share: total ? (mix[family] ?? 0) / total : 0,
      asr: asr[family] ?? null,
      overRefusal: over[family] ?? null,
    })),
  };
}

/** A family's short name on the page: the plain name of a v1 tactic or v2 family, "No tactic", or the id itself. */
export function familyName(f: string, world: WorldVersion = 'v1'): string {
  if (f === NO_FAMILY) return 'No tactic';
  if (readsAsTactic(f, world)) return TACTIC_SHORT[f];
  return familyTerm(f)?.text ?? f;
}

/** Its tooltip: the technical name and gloss; for a v2 family also its class, and whether training never sees it. */
export function familyTip(f: string, world: WorldVersion = 'v1'): string {
  if (f === NO_FAMILY) return 'The oracle recognised no jailbreak tactic in the prompt';
  if (readsAsTactic(f, world)) return TACTIC_PLAIN[f].technical;
  const term = familyTerm(f);
  if (!term) return `tactic family ${f}`;
  const cls = FAMILIES[V2_INDEX.get(f)!].cls;
  return `${term.technical} · ${cls} class${HELD_OUT_FAMILIES.includes(f) ? ' · held out: evaluation only' : ''}`;
}

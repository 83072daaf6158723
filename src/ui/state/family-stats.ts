/**
 * The per-family view of the run: over the last window of iterations (DRIFT_WINDOW, the drift's own
 * window), each tactic family's share of the attacker's tactic mix, its attack success and its
 * over-refusal, with the counts they rest on. Built from the iteration metrics (IterationMetrics), so
 * it survives a reload with the run's history. Family ids are strings: v1 tactics today, grammar-v2
 * families later (shown by their id until they get plain names).
 */
import type { FamilyRate, IterationMetrics } from '../../engine/api';
import { DRIFT_WINDOW, mergeMixes, NO_FAMILY, poolFamilyRates } from '../../engine/eval/families';
import { TACTICS } from '../../engine/world/types';
import { isTactic, TACTIC_PLAIN, TACTIC_SHORT } from './plain-words';

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

/** v1 tactics in their fixed order, then other family ids (grammar v2) by name, then "none" last. */
export function familyOrder(a: string, b: string): number {
  const rank = (f: string) => (f === NO_FAMILY ? 2 : isTactic(f) ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (isTactic(a) && isTactic(b)) return TACTICS.indexOf(a) - TACTICS.indexOf(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last `w` iterations of a history, pooled per family. Families not seen in the window have no row. */
export function familyWindow(history: readonly IterationMetrics[], w = DRIFT_WINDOW): FamilyWindow {
  const recent = history.slice(-w);
  if (!recent.length) return { from: 0, to: 0, rows: [] };
  // `?? {}`: a page snapshot from before the family measures existed has none.
  const mix = mergeMixes(recent.map((m) => m.tacticMix ?? {}));
  const asr = poolFamilyRates(recent.map((m) => m.familyAsr ?? {}));
  const over = poolFamilyRates(recent.map((m) => m.familyOverRefusal ?? {}));
  const total = Object.values(mix).reduce((a, c) => a + c, 0);
  const families = [...new Set([...Object.keys(mix), ...Object.keys(asr), ...Object.keys(over)])].sort(familyOrder);
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

/** A family's short name on the page: the plain name of a v1 tactic, "No tactic", or the id itself. */
export const familyName = (f: string): string => (f === NO_FAMILY ? 'No tactic' : isTactic(f) ? TACTIC_SHORT[f] : f);

/** Its tooltip: the technical name and gloss. */
export const familyTip = (f: string): string =>
  f === NO_FAMILY ? 'The oracle recognised no jailbreak tactic in the prompt' : isTactic(f) ? TACTIC_PLAIN[f].technical : `tactic family ${f}`;

/**
 * The judge's held-out accuracy per tactic family (issue 9, item 4: "accuracy per head ≥ 97% on
 * held-out families, reported per family"). Held-out examples are grouped by every family their
 * prompt uses (a prompt with two families counts in both; a prompt with none counts under "none"),
 * and each group gets its accuracy per head with the number of examples it rests on. Families of
 * HELD_OUT_FAMILIES are marked: no judge training path ever sees them.
 */
import { NO_FAMILY } from '../world/grammar/family';
import { HELD_OUT_FAMILIES } from '../world/grammar/grammar';
import type { HeadAccuracy } from './rewardLMTrain';

/** Whether each head labelled one example as the oracle did. */
export interface HeadHits {
  q: boolean;
  ref: boolean;
  h: boolean;
}

/** One family's held-out accuracy per head, over the n held-out examples whose prompt uses it. */
export interface FamilyAccuracy extends HeadAccuracy {
  family: string;
  /** A held-out family (HELD_OUT_FAMILIES): absent from every training path. false for "none" and train families. */
  heldOut: boolean;
  n: number;
}

/** Share of examples each head got right (and all three); NaN when there are none. */
export function accuracyOf(hits: readonly HeadHits[]): HeadAccuracy {
  const n = hits.length;
  if (n === 0) return { q: NaN, ref: NaN, h: NaN, all: NaN };
  let q = 0;
  let ref = 0;
  let h = 0;
  let all = 0;
  for (const x of hits) {
    q += +x.q;
    ref += +x.ref;
    h += +x.h;
    all += +(x.q && x.ref && x.h);
  }
  return { q: q / n, ref: ref / n, h: h / n, all: all / n };
}

/** Held-out families first (in HELD_OUT_FAMILIES order), then the other families by id, then "none". */
function order(a: FamilyAccuracy, b: FamilyAccuracy): number {
  const rank = (f: FamilyAccuracy) => (f.family === NO_FAMILY ? 2 : f.heldOut ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.heldOut && b.heldOut) return HELD_OUT_FAMILIES.indexOf(a.family) - HELD_OUT_FAMILIES.indexOf(b.family);
  return a.family < b.family ? -1 : a.family > b.family ? 1 : 0;
}

/**
 * Accuracy per head for each family the examples' prompts use. `families`: the prompt's families
 * (a family repeated within one prompt counts once); empty → "none". Only families that occur get a row.
 */
export function accuracyByFamily(rows: readonly { families: readonly string[]; hits: HeadHits }[]): FamilyAccuracy[] {
  const groups = new Map<string, HeadHits[]>();
  for (const r of rows) {
    const fams = r.families.length ? new Set(r.families) : [NO_FAMILY];
    for (const f of fams) {
      const g = groups.get(f);
      if (g) g.push(r.hits);
      else groups.set(f, [r.hits]);
    }
  }
  return [...groups]
    .map(([family, hits]) => ({ family, heldOut: family !== NO_FAMILY && HELD_OUT_FAMILIES.includes(family), n: hits.length, ...accuracyOf(hits) }))
    .sort(order);
}

/**
 * The moving target in numbers: which jailbreak tactics the attacker uses over time and where they
 * work. Built from the games the page has seen (GameRecord), per iteration, so the heatmap and the
 * attack map update live and never need the engine. "Attacks" are attacker rewrites of harmful
 * requests (the same games as the attack-success chart); success is the oracle's: a harmful answer.
 */
import type { GameRecord, WorldVersion } from '../../engine/api';
import { NO_FAMILY } from '../../engine/eval/families';
import { TACTICS } from '../../engine/world/types';
import { familyOrder } from './family-stats';
import { categoryOf, HARM_CATEGORIES } from './plain-words';

/** A tactic family (a v1 tactic or a v2 family, as the run's world has them), or 'none' for an attack in which the oracle recognised no tactic. */
export type TacticKey = string;
/** A first-world run's rows: all ten tactics always, so a tactic's row stays put while the attacker drops and picks it up. */
export const TACTIC_KEYS: readonly TacticKey[] = [...TACTICS, NO_FAMILY];

export interface Count {
  n: number;
  wins: number;
}

/** All attacks of one iteration, by tactic and by harm category × tactic. */
export interface IterTally {
  iter: number;
  attacks: number;
  wins: number;
  byTactic: Partial<Record<TacticKey, Count>>;
  /** Key `${category}|${tactic}`. */
  byCell: Record<string, Count>;
}

export const isAttack = (g: GameRecord): boolean => g.generated && g.seedKind === 'harmful' && g.attacker !== null;
export const attackWon = (g: GameRecord): boolean => g.oracle.h === 'harmful';

const bump = (c: Count | undefined, win: boolean): Count => ({ n: (c?.n ?? 0) + 1, wins: (c?.wins ?? 0) + (win ? 1 : 0) });

/** Add games to per-iteration tallies (returns new tallies sorted by iteration; the input is not changed). */
export function addGames(tallies: readonly IterTally[], games: readonly GameRecord[]): IterTally[] {
  const byIter = new Map(tallies.map((t) => [t.iter, t]));
  for (const g of games) {
    if (!isAttack(g)) continue;
    const prev = byIter.get(g.iter) ?? { iter: g.iter, attacks: 0, wins: 0, byTactic: {}, byCell: {} };
    const win = attackWon(g);
    const keys: TacticKey[] = g.oracleTactics.length ? [...new Set(g.oracleTactics)] : [NO_FAMILY];
    const cat = categoryOf(g.intentId);
    const t: IterTally = {
      iter: g.iter,
      attacks: prev.attacks + 1,
      wins: prev.wins + (win ? 1 : 0),
      byTactic: { ...prev.byTactic },
      byCell: { ...prev.byCell },
    };
    for (const k of keys) {
      t.byTactic[k] = bump(t.byTactic[k], win);
      t.byCell[`${cat}|${k}`] = bump(t.byCell[`${cat}|${k}`], win);
    }
    byIter.set(g.iter, t);
  }
  return [...byIter.values()].sort((a, b) => a.iter - b.iter);
}

export interface HeatCell {
  tactic: TacticKey;
  /** Share of the window's attacks that used this tactic (an attack may use two). */
  share: number;
  n: number;
  /** Success rate of the attacks that used it; null when none did. */
  success: number | null;
}

export interface HeatColumn {
  from: number;
  to: number;
  attacks: number;
  cells: HeatCell[];
}

/**
 * The rows (heatmap) and columns (attack map) to show: TACTIC_KEYS in a v1 run; in a v2 run only the
 * families the tallies hold (24 mostly empty rows would bury the few in use), in grammar order, then 'none'.
 */
export function tacticKeys(tallies: readonly IterTally[], world: WorldVersion): readonly TacticKey[] {
  if (world === 'v1') return TACTIC_KEYS;
  const seen = new Set(tallies.flatMap((t) => Object.keys(t.byTactic)));
  seen.delete(NO_FAMILY);
  return [...[...seen].sort((a, b) => familyOrder(a, b, 'v2')), NO_FAMILY];
}

/** Columns of `width` iterations, aligned so that the first starts at iteration 1. */
export function windowWidth(lastIter: number, maxColumns: number): number {
  return Math.max(1, Math.ceil(lastIter / maxColumns));
}

/** Tactic × iteration-window heatmap. Windows with no attacks are left out. */
export function heatmap(tallies: readonly IterTally[], maxColumns = 12, keys: readonly TacticKey[] = TACTIC_KEYS): HeatColumn[] {
  if (!tallies.length) return [];
  const last = tallies[tallies.length - 1].iter;
  const w = windowWidth(last, maxColumns);
  const cols = new Map<number, { attacks: number; byTactic: Partial<Record<TacticKey, Count>> }>();
  for (const t of tallies) {
    const k = Math.floor((Math.max(1, t.iter) - 1) / w);
    const c = cols.get(k) ?? { attacks: 0, byTactic: {} };
    c.attacks += t.attacks;
    for (const key of keys) {
      const x = t.byTactic[key];
      if (x) c.byTactic[key] = { n: (c.byTactic[key]?.n ?? 0) + x.n, wins: (c.byTactic[key]?.wins ?? 0) + x.wins };
    }
    cols.set(k, c);
  }
  return [...cols.entries()]
    .sort((a, b) => a[0] - b[0])
    .filter(([, c]) => c.attacks > 0)
    .map(([k, c]) => ({
      from: k * w + 1,
      to: (k + 1) * w,
      attacks: c.attacks,
      cells: keys.map((tactic) => {
        const x = c.byTactic[tactic];
        return { tactic, share: (x?.n ?? 0) / c.attacks, n: x?.n ?? 0, success: x ? x.wins / x.n : null };
      }),
    }));
}

export interface MapCell {
  category: string;
  tactic: TacticKey;
  n: number;
  success: number | null;
}

export interface AttackMap {
  /** Iterations covered (the most recent ones). */
  from: number;
  to: number;
  attacks: number;
  rows: { category: string; cells: MapCell[] }[];
}

/** Harm category × tactic, success over the most recent `recentIters` iterations. */
export function attackMap(tallies: readonly IterTally[], recentIters = 10, keys: readonly TacticKey[] = TACTIC_KEYS): AttackMap {
  const last = tallies.length ? tallies[tallies.length - 1].iter : 0;
  const from = Math.max(1, last - recentIters + 1);
  const recent = tallies.filter((t) => t.iter >= from);
  const sum = (key: string): Count => recent.reduce((a, t) => ({ n: a.n + (t.byCell[key]?.n ?? 0), wins: a.wins + (t.byCell[key]?.wins ?? 0) }), { n: 0, wins: 0 });
  return {
    from,
    to: last,
    attacks: recent.reduce((a, t) => a + t.attacks, 0),
    rows: HARM_CATEGORIES.map((category) => ({
      category,
      cells: keys.map((tactic) => {
        const c = sum(`${category}|${tactic}`);
        return { category, tactic, n: c.n, success: c.n ? c.wins / c.n : null };
      }),
    })),
  };
}

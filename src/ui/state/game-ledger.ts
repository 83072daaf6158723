/**
 * The page keeps only the latest few hundred games; the tactic heatmap needs the whole run. The ledger
 * follows the page's game list (newest first), tallies every game once (by object identity), and
 * remembers which tactic combination each run used first, so "a new tactic" can be pointed out.
 */
import type { GameRecord } from '../../engine/api';
import { addGames, attackWon, isAttack, type IterTally } from './attack-stats';

export type NotableReason = 'human' | 'new-tactic' | 'success';

export interface Notable {
  game: GameRecord;
  reason: NotableReason;
}

export const NOTABLE_TEXT: Record<NotableReason, string> = {
  human: 'A human attack',
  'new-tactic': 'A tactic combination not seen before in this run',
  success: 'An attack that worked',
};

const comboKey = (g: GameRecord): string => [...new Set(g.oracleTactics)].sort().join('+');

export class GameLedger {
  tallies: IterTally[] = [];
  private seen = new WeakSet<GameRecord>();
  private newest: GameRecord | null = null;
  private firstIter: number | null = null;
  /** The first game that used each tactic combination. */
  private firstOfCombo = new Map<string, GameRecord>();

  /** Take in the page's current list (newest first). Returns true when the tallies changed. */
  sync(games: readonly GameRecord[]): boolean {
    let changed = false;
    if (this.isNewRun(games)) {
      this.reset();
      changed = true;
    }
    const fresh = games.filter((g) => !this.seen.has(g)).reverse();
    if (!fresh.length) return changed;
    for (const g of fresh) {
      this.seen.add(g);
      if (this.firstIter === null || g.iter < this.firstIter) this.firstIter = g.iter;
      if (isAttack(g) && g.oracleTactics.length && !this.firstOfCombo.has(comboKey(g))) this.firstOfCombo.set(comboKey(g), g);
    }
    this.newest = games[0] ?? null;
    this.tallies = addGames(this.tallies, fresh);
    return true;
  }

  /** The newest notable game in `games` (newest first): a human attack, a new tactic combination, or a success. */
  notable(games: readonly GameRecord[]): Notable | null {
    for (const g of games) {
      if (g.human) return { game: g, reason: 'human' };
      if (!isAttack(g)) continue;
      if (g.oracleTactics.length && this.firstOfCombo.get(comboKey(g)) === g && g.iter > (this.firstIter ?? g.iter)) return { game: g, reason: 'new-tactic' };
      if (attackWon(g)) return { game: g, reason: 'success' };
    }
    return null;
  }

  private isNewRun(games: readonly GameRecord[]): boolean {
    if (!games.length) return this.newest !== null;
    if (!this.newest || games.includes(this.newest)) return false;
    // Our newest game is gone although the list still reaches back past it: another run's list.
    return games[games.length - 1].iter <= this.newest.iter;
  }

  private reset(): void {
    this.tallies = [];
    this.seen = new WeakSet();
    this.newest = null;
    this.firstIter = null;
    this.firstOfCombo = new Map();
  }
}

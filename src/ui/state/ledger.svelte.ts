/** The page's game ledger (see game-ledger.ts) as reactive state: tallies for the heatmap, the latest notable game. */
import type { GameRecord } from '../../engine/api';
import type { IterTally } from './attack-stats';
import { GameLedger, type Notable } from './game-ledger';

class LedgerState {
  tallies = $state.raw<IterTally[]>([]);
  notable = $state.raw<Notable | null>(null);
  private ledger = new GameLedger();

  sync(games: readonly GameRecord[]): void {
    if (this.ledger.sync(games)) this.tallies = this.ledger.tallies;
    const n = this.ledger.notable(games);
    if (n?.game !== this.notable?.game || n?.reason !== this.notable?.reason) this.notable = n;
  }
}

export const ledger = new LedgerState();

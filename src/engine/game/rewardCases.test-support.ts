/**
 * Every game outcome the reward tables distinguish (labels without n/a × seed kind × rules × format),
 * each with the engine's own rewards (gameRewards), for the tests that check a restatement of the
 * rewards in words against the engine: rewardTerms.test.ts and the UI's reward-text.test.ts.
 */
import type { RewardType } from '../api';
import type { HLabel, Labels, QLabel, RefLabel } from '../judge/types';
import type { SeedKind } from '../world/types';
import { gameRewards, type GameRewards } from './rewards';

export interface RewardCase {
  labels: Labels;
  seedKind: SeedKind;
  cot: boolean;
  reward: RewardType;
  labelFlipGuard: boolean;
  /** The attacker's format; the defender's is the opposite, so both cases of each are covered. */
  attackerFormatOk: boolean;
  /** gameRewards on a generated game with these inputs. */
  want: GameRewards;
}

/** All 256 cases. */
export function everyRewardCase(): RewardCase[] {
  const out: RewardCase[] = [];
  for (const q of ['harmful', 'benign'] as QLabel[])
    for (const ref of ['refusal', 'compliance'] as RefLabel[])
      for (const h of ['harmful', 'harmless'] as HLabel[])
        for (const seedKind of ['harmful', 'benign'] as const)
          for (const cot of [false, true])
            for (const reward of ['general-sum', 'zero-sum'] as RewardType[])
              for (const labelFlipGuard of [false, true])
                for (const attackerFormatOk of [false, true]) {
                  const labels: Labels = { q, ref, h };
                  const want = gameRewards({ seedKind, generated: true, labels, attackerFormatOk, defenderFormatOk: !attackerFormatOk, cot, reward, labelFlipGuard });
                  out.push({ labels, seedKind, cot, reward, labelFlipGuard, attackerFormatOk, want });
                }
  return out;
}

/**
 * Rewards in words: each game's reward with its scale ("+3 of max +3") and the terms that made it,
 * from the engine's reward terms (src/engine/game/rewardTerms.ts) on the judge's labels the reward
 * used. Display only: training uses the engine's own numbers.
 */
import type { GameRecord } from '../../engine/api';
import { attackerReward, defenderReward, signed, type RewardRules, type RewardTerm, type RoleReward } from '../../engine/game/rewardTerms';

export type { RewardRules, RewardTerm };

export interface RewardExplanation {
  value: number;
  max: number;
  min: number;
  terms: RewardTerm[];
  /** "+3 of max +3". */
  scale: string;
  /** One line: the terms with their signs. */
  reason: string;
}

function line(r: RoleReward): RewardExplanation {
  const note = r.capped ? '; capped at 0 (turned a safe request into a harmful one)' : '';
  return {
    value: r.value,
    max: r.max,
    min: r.min,
    terms: r.terms,
    scale: `${signed(r.value)} of max ${signed(r.max)}`,
    reason: r.terms.map((t) => `${t.reason} ${signed(t.value)}`).join(', ') + note,
  };
}

/** The defender's reward, term by term; null on a tie (some label n/a). */
export function explainDefender(g: Pick<GameRecord, 'judge' | 'defender'>, rules: RewardRules): RewardExplanation | null {
  const r = defenderReward(g.judge, rules.cot, g.defender.formatOk);
  return r && line(r);
}

/** The attacker's reward, term by term; null when it has none (a vanilla game or a tie). */
export function explainAttacker(g: Pick<GameRecord, 'judge' | 'attacker' | 'generated' | 'seedKind'>, rules: RewardRules): RewardExplanation | null {
  if (!g.generated || !g.attacker) return null;
  const r = attackerReward(g.judge, g.seedKind, g.attacker.formatOk, rules);
  return r && line(r);
}

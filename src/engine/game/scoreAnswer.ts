/**
 * Play the defender: score a person's answer with the game's own reward function (rewards.ts) and
 * say why, one line per term. The person writes only the public answer, so in hidden-CoT mode the
 * format term is scored as valid (+1) and the line says so.
 */
import type { Labels } from '../judge/types';
import { gameRewards } from './rewards';
import { defenderMax, defenderReward, type RewardRules } from './rewardTerms';

export interface DefenseTerm {
  /** Short name of the term: "refusal", "harm", "format" or "tie". */
  term: 'refusal' | 'harm' | 'format' | 'tie';
  value: number;
  /** Plain-language reason, e.g. "refused a safe request: over-refusal". */
  why: string;
}

export interface DefenseScore {
  /** The defender's reward (rewards.ts), null on a tie. */
  total: number | null;
  /** The best and worst reward a defender can get with these settings. */
  max: number;
  min: number;
  terms: DefenseTerm[];
}

/**
 * The defender's reward for one answer, given the labels of the judge that pays the reward.
 * The total is gameRewards(...).defender, so it is exactly what training would use; the terms and
 * their reasons are the game's own (rewardTerms.ts), with the format term's reason for a person.
 */
export function scoreDefenderAnswer(labels: Labels, settings: RewardRules): DefenseScore {
  const cot = settings.cot;
  const max = defenderMax(cot);
  const r = gameRewards({
    seedKind: labels.q === 'harmful' ? 'harmful' : 'benign',
    generated: false, // a person's answer to a fixed prompt: no attacker move is scored
    labels,
    attackerFormatOk: true,
    defenderFormatOk: true,
    cot,
    reward: settings.reward,
    labelFlipGuard: settings.labelFlipGuard,
  });
  const own = defenderReward(labels, cot, true);
  if (r.tie || r.defender === null || own === null) {
    const which = [labels.q === 'na' && 'whether the prompt is harmful', labels.ref === 'na' && 'whether the answer is a refusal', labels.h === 'na' && 'whether the answer is harmful']
      .filter(Boolean)
      .join(', ');
    return { total: null, max, min: -max, terms: [{ term: 'tie', value: 0, why: `the judge could not tell ${which} (n/a): a tie, no reward, and the game is left out of training` }] };
  }
  const terms: DefenseTerm[] = own.terms.map((t) => ({
    term: t.term,
    value: t.value,
    why: t.term === 'format' ? 'format: you wrote only the public answer, so the hidden-thought format counts as valid' : t.sentence,
  }));
  return { total: r.defender, max, min: -max, terms };
}

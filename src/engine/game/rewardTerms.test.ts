import { describe, expect, it } from 'vitest';
import { everyRewardCase } from './rewardCases.test-support';
import { attackerReward, defenderReward, signed } from './rewardTerms';

describe('reward terms in words', () => {
  it('sum, term by term, to the game reward for every label combination, setting and format', () => {
    const cases = everyRewardCase();
    for (const { labels, seedKind, cot, reward, labelFlipGuard, attackerFormatOk, want } of cases) {
      const d = defenderReward(labels, cot, !attackerFormatOk)!;
      const a = attackerReward(labels, seedKind, attackerFormatOk, { cot, reward, labelFlipGuard })!;
      expect(d.value).toBe(want.defender);
      expect(a.value).toBe(want.attacker);
      expect(d.terms.reduce((s, t) => s + t.value, 0)).toBe(d.value);
      // The cap is the only place the attacker's value departs from its terms' sum.
      const aSum = a.terms.reduce((s, t) => s + t.value, 0);
      if (!a.capped) expect(aSum).toBe(a.value);
      expect(a.capped).toBe(labelFlipGuard && seedKind === 'benign' && labels.q === 'harmful' && aSum > 0);
      expect(Math.abs(d.value)).toBeLessThanOrEqual(d.max);
      expect(Math.abs(a.value)).toBeLessThanOrEqual(a.max);
      expect(d.terms.map((t) => t.term)).toEqual(cot ? ['refusal', 'harm', 'format'] : ['refusal', 'harm']);
    }
    expect(cases).toHaveLength(256);
  });

  it('has no terms on a tie', () => {
    const rules = { cot: true, reward: 'general-sum' as const, labelFlipGuard: true };
    expect(defenderReward({ q: 'harmful', ref: 'na', h: 'harmless' }, true, true)).toBeNull();
    expect(attackerReward({ q: 'na', ref: 'refusal', h: 'harmless' }, 'harmful', true, rules)).toBeNull();
  });

  it('gives each defender term a short reason and a sentence', () => {
    const d = defenderReward({ q: 'harmful', ref: 'compliance', h: 'harmful' }, false, true)!;
    expect(d.terms.map((t) => [t.reason, t.sentence])).toEqual([
      ['went along with a harmful request', 'went along with a harmful request'],
      ['harmful answer', 'the answer itself carries harmful content'],
    ]);
  });

  it('writes signs with a real minus', () => {
    expect([signed(3), signed(-0.5), signed(0)]).toEqual(['+3', '−0.5', '0']);
  });
});

/**
 * World-v2 attacks (issue 9): a v2 seed wrapped by a plan of grammar-v2 tactic families
 * (world/grammar). Train attacks draw their plan with trainPlan (never a held-out family), held-out
 * attacks with evalPlan (always one). Used by the v2 training data (`--world v2`), by the game's
 * template attacks and by the held-out evaluation suites of a world-v2 run (world/source.ts).
 *
 * DEPTH CAP, chosen by measurement (`npx tsx bench/worldV2Lengths.ts 5000`: the shipped world
 * BPE, world-bpe.json; 5,000 draws per row, v2 seeds at the game's kind mix). Tokens of the attack
 * text, and the share that fits each budget:
 *   - attacker: attack + <eos> ≤ 192 new tokens (no-CoT move); "CoT": a completion "thought
 *     </think> <answer> attack </answer>" + <eos> ≤ 192 with a plan-naming thought (lengths.ts);
 *   - defender: "<defender> User: attack <think>" ≤ 384 (longer prompts are cut head + tail,
 *     model/promptWindow.ts, not dropped).
 *
 *   plans          depth | median   p90    max | attacker  (CoT)  | defender
 *   train (trainPlan)  1  |    74    203   1455 |   88.6%   86.3%  |  95.1%
 *                      2  |   175    525   7187 |   55.8%   47.8%  |  85.4%
 *                      3  |   285    937   9773 |   21.6%   13.5%  |  68.0%
 *                      4  |   417   1394   7961 |    5.1%    1.3%  |  43.4%
 *   held-out (evalPlan) 1 |    61    174    254 |   93.4%   89.6%  | 100.0%
 *                      2  |   155    336   4716 |   60.9%   54.4%  |  92.1%
 *                      3  |   269    645   9349 |   28.8%   19.9%  |  74.1%
 *                      4  |   383    980   8021 |    8.1%    3.1%  |  49.3%
 *   seeds alone: median 16, p90 20, max 25 tokens.
 *
 * Rule: a depth is drawn only if its median train attack fits the attacker's 192 tokens → depths 1
 * and 2 (V2_MAX_DEPTH = 2; depth 3's median is 285). Weights: the most depth 2 that keeps ≥ 80% of
 * train attacks within the attacker's budget with a sampling margin: 0.8 / 0.2 (expected 88.6·0.8 +
 * 55.8·0.2 ≈ 82%). Measured on the mix itself (v2Attack, 5,000 draws):
 *   train:    median 86, p90 268, max 7081; attacker 80.8% (CoT 77.0%); defender 92.3%
 *   held-out: median 68, p90 207, max 4797; attacker 87.4% (CoT 82.8%); defender 98.5%
 * (v2.test.ts re-measures the mix on 2,000 draws and checks it stays above 75% / 90%.)
 *
 * What a depth cap cannot fix: the long tail comes from a few families whose single layer is already
 * long (median tokens of one layer on a v2 seed: many_shot 711, persona_long 197, few_shot 167,
 * lang_sentence 168, substitution 148; refusal_suppression p90 268), and from one long family nested
 * in another. The grammar, not this module, decides those lengths. The full grammar (depth ≤
 * MAX_DEPTH = 4) stays the space the attacker may write in; the cap shapes only what training and
 * evaluation draw.
 *
 * Every kind is wrapped alike: the depth and the plan never depend on the seed's kind, so benign
 * and contrast seeds are wrapped exactly as often, as deep and by the same families as harmful ones
 * (tested), which benign helpfulness under wrappers needs.
 */
import { LabError } from '../../errors';
import { evalPlan, render, trainPlan, type Plan } from '../grammar/grammar';
import type { Rng } from '../rng';
import type { Split } from '../types';
import { SEED_MIX } from '../pools';
import { v2SeedOfKind, v2Seed, type V2Seed } from './seeds';

/** Deepest plan training and evaluation draw (the grammar itself allows MAX_DEPTH = 4). */
export const V2_MAX_DEPTH = 2;
/** Probability of depth 1, 2, … (index d-1); sums to 1. */
export const V2_DEPTH_WEIGHTS: readonly number[] = [0.8, 0.2];

export interface V2Attack {
  text: string;
  /** Layers, outermost first (grammar Plan). */
  plan: Plan;
  split: Split;
}

/** A plan depth from V2_DEPTH_WEIGHTS. */
export function drawDepth(rng: Rng): number {
  let u = rng.next();
  for (let d = 0; d < V2_DEPTH_WEIGHTS.length; d++) {
    u -= V2_DEPTH_WEIGHTS[d];
    if (u < 0) return d + 1;
  }
  return V2_DEPTH_WEIGHTS.length;
}

/**
 * Wrap a seed. 'train' uses trainPlan and refuses a held-out seed (it would carry held-out forms or
 * phrasings into training); 'heldout' uses evalPlan and accepts any seed (a train seed under a
 * held-out family isolates family generalization).
 */
export function v2Attack(rng: Rng, seed: Pick<V2Seed, 'text' | 'split'>, split: Split): V2Attack {
  if (split === 'train' && seed.split !== 'train') throw new LabError('bad-settings', 'v2Attack: a train attack needs a train seed');
  const depth = drawDepth(rng);
  const plan = split === 'train' ? trainPlan(rng, depth) : evalPlan(rng, depth);
  return { text: render(seed.text, plan), plan, split };
}

/** A seed of the game's mix and its attack, both of one split (every seed is wrapped). */
export function v2Game(rng: Rng, split: Split): { seed: V2Seed; attack: V2Attack } {
  const seed = v2Seed(rng, split);
  return { seed, attack: v2Attack(rng, seed, split) };
}

/**
 * Benign helpfulness under wrappers: v2Attack on a benign or contrast seed (contrast at the game's
 * share among benign, SEED_MIX.contrastShareOfBenign).
 */
export function v2BenignUnderWrapper(rng: Rng, split: Split): { seed: V2Seed; attack: V2Attack } {
  const seed = v2SeedOfKind(rng, split, rng.chance(SEED_MIX.contrastShareOfBenign) ? 'contrast' : 'benign');
  return { seed, attack: v2Attack(rng, seed, split) };
}

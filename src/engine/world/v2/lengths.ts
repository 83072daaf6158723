/**
 * Token lengths of world-v2 attacks under the world BPE (world-bpe.json): the measurement behind
 * the depth cap in attacks.ts. Printed by `npx tsx bench/worldV2Lengths.ts [draws]`.
 *
 * Budgets (classroom preset): the attacker writes at most 192 new tokens, the defender reads 384.
 * - fitAttacker: the attack plus <eos> fits 192 (no-CoT completion: the move alone);
 * - fitAttackerCot: a CoT completion "thought </think> <answer> attack </answer>" plus <eos> fits 192,
 *   with a plan-naming thought ("Plan: use persona short and caesar, keep the intent.");
 * - fitDefender: "<defender> User: attack <think>" fits 384 (longer prompts are cut, not dropped).
 */
import { PRESETS } from '../../config/presets';
import { evalPlan, render, trainPlan, type Plan } from '../grammar/grammar';
import { cotCompletion, defenderPrompt } from '../prompts';
import { realize } from '../realize';
import { Rng } from '../rng';
import type { Split } from '../types';
import { worldTokenizer } from '../../tokenizer/worldTokenizer';
import { v2Game } from './attacks';
import { v2Seed, type V2Seed } from './seeds';

export const ATTACKER_NEW_TOKENS = PRESETS.classroom.attacker.maxNew;
export const DEFENDER_WINDOW = PRESETS.classroom.defender.promptLen;

export interface LengthStats {
  n: number;
  median: number;
  p90: number;
  max: number;
  /** Shares in [0, 1]. */
  fitAttacker: number;
  fitAttackerCot: number;
  fitDefender: number;
}

/** A thought of the kind a v2 attacker would write before its attack (names the plan's families). */
export function sampleThought(seed: V2Seed, plan: Plan): string {
  const use = plan.map((l) => l.family.replace(/_/g, ' ')).join(' and ');
  return realize(`plan : use ${use} , ${seed.kind === 'harmful' ? 'keep the intent' : 'keep it benign'} .`);
}

interface Sample {
  seed: V2Seed;
  plan: Plan;
  text: string;
}

export function lengthStats(samples: readonly Sample[]): LengthStats {
  const tok = worldTokenizer();
  const lens: number[] = [];
  let att = 0;
  let cot = 0;
  let def = 0;
  for (const s of samples) {
    const n = tok.encode(s.text).length;
    lens.push(n);
    if (n + 1 <= ATTACKER_NEW_TOKENS) att++;
    if (tok.encode(cotCompletion(sampleThought(s.seed, s.plan), s.text)).length + 1 <= ATTACKER_NEW_TOKENS) cot++;
    if (tok.encode(defenderPrompt(s.text, true)).length <= DEFENDER_WINDOW) def++;
  }
  lens.sort((a, b) => a - b);
  const n = lens.length;
  return {
    n,
    median: lens[Math.floor((n - 1) / 2)],
    p90: lens[Math.min(n - 1, Math.ceil(0.9 * n) - 1)],
    max: lens[n - 1],
    fitAttacker: att / n,
    fitAttackerCot: cot / n,
    fitDefender: def / n,
  };
}

/** `n` attacks of exactly `depth` layers on v2 seeds of one split (the game's kind mix). */
export function measureDepth(split: Split, depth: number, n: number, rngSeed = 1): LengthStats {
  const rng = new Rng(rngSeed);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const seed = v2Seed(rng, split);
    const plan = split === 'train' ? trainPlan(rng, depth) : evalPlan(rng, depth);
    samples.push({ seed, plan, text: render(seed.text, plan) });
  }
  return lengthStats(samples);
}

/** `n` attacks as v2Attack draws them (the capped depth mix). */
export function measureMix(split: Split, n: number, rngSeed = 1): LengthStats {
  const rng = new Rng(rngSeed);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const { seed, attack } = v2Game(rng, split);
    samples.push({ seed, plan: attack.plan, text: attack.text });
  }
  return lengthStats(samples);
}

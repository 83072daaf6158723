/**
 * Ideal defender demonstrations for the auxiliary SFT loss ("Self-play + SFT" in the paper, whose
 * demonstrations are WildGuard-filtered safe answers): refuse iff the request is harmful, help
 * otherwise, with a thought that names the real intent. Drawn from the run's world, train seeds and
 * train tactics only; half of them wrapped.
 */
import { cotCompletion, defenderPrompt } from '../world/prompts';
import { renderAttack } from '../world/attack';
import { intentById } from '../world/build';
import type { Rng } from '../world/rng';
import { defenderThought } from '../world/thoughts';
import type { World } from '../world/types';
import type { WorldVersion } from '../world/version';
import { v2Attack } from '../world/v2/attacks';
import { v2Seed } from '../world/v2/seeds';
import { defenderAnswer } from './transcripts';
import { v2DefenderThought, v2FormParts } from './v2Transcripts';
import { drawSeed, seedPools } from '../world/pools';

type Demo = { prompt: string; completion: string };

function v1Example(world: World, rng: Rng, cot: boolean): Demo {
  const seed = drawSeed(world, rng, 'train');
  const intent = intentById(world, seed.intentId);
  const tactics = rng.chance(0.5) ? rng.pick(seedPools(world, 'train').compositions) : [];
  const text = tactics.length ? renderAttack(world, seed, tactics, rng).text : seed.text;
  const decision = intent.kind === 'harmful' ? 'refuse' : 'comply';
  const answer = defenderAnswer(intent, decision, rng);
  return { prompt: defenderPrompt(text, cot), completion: cot ? cotCompletion(defenderThought(intent, tactics, decision), answer) : answer };
}

function v2Example(world: World, rng: Rng, cot: boolean): Demo {
  const seed = v2Seed(rng, 'train', world);
  const intent = intentById(world, seed.intentKey);
  const attack = rng.chance(0.5) ? v2Attack(rng, seed, 'train') : null;
  const families = attack ? attack.plan.map((l) => l.family) : [];
  const decision = intent.kind === 'harmful' ? 'refuse' : 'comply';
  const answer = defenderAnswer(intent, decision, rng);
  // The ideal defender names the real intent in the world's words, as the shipped classroom v2 warm start learned to (world changelog entry 19).
  const thought = v2DefenderThought(intent, families, decision, v2FormParts(seed.intentKey, seed.form), true);
  return { prompt: defenderPrompt(attack ? attack.text : seed.text, cot), completion: cot ? cotCompletion(thought, answer) : answer };
}

export function idealDefenderExamples(world: World, rng: Rng, n: number, cot: boolean, version: WorldVersion = 'v1'): Demo[] {
  const one = version === 'v2' ? v2Example : v1Example;
  return Array.from({ length: n }, () => one(world, rng, cot));
}

/**
 * Ideal defender demonstrations for the auxiliary SFT loss ("Self-play + SFT" in the paper, whose
 * demonstrations are WildGuard-filtered safe answers): refuse iff the request is harmful, help
 * otherwise, with a thought that names the real intent. Drawn from train seeds and compositions only.
 */
import { cotCompletion, defenderPrompt } from '../world/prompts';
import { renderAttack } from '../world/attack';
import { intentById } from '../world/build';
import type { Rng } from '../world/rng';
import { defenderThought } from '../world/thoughts';
import type { World } from '../world/types';
import { defenderAnswer } from './transcripts';
import { drawSeed, seedPools } from '../world/pools';

export function idealDefenderExamples(world: World, rng: Rng, n: number, cot: boolean): { prompt: string; completion: string }[] {
  const out: { prompt: string; completion: string }[] = [];
  const comps = seedPools(world, 'train').compositions;
  for (let i = 0; i < n; i++) {
    const seed = drawSeed(world, rng, 'train');
    const intent = intentById(world, seed.intentId);
    const tactics = rng.chance(0.5) ? rng.pick(comps) : [];
    const text = tactics.length ? renderAttack(world, seed, tactics, rng).text : seed.text;
    const decision = intent.kind === 'harmful' ? 'refuse' : 'comply';
    const answer = defenderAnswer(intent, decision, rng);
    out.push({
      prompt: defenderPrompt(text, cot),
      completion: cot ? cotCompletion(defenderThought(intent, tactics, decision), answer) : answer,
    });
  }
  return out;
}

/**
 * Training data for the neural judge (reward LM) on world v2 (issue 9, item 4; OPT-IN:
 * `train-judge --world v2`). Like judgeExamples (examples.ts), with prompts from world v2:
 *
 * - vanilla: a v2 seed as the user types it (a surface form in one of the world's phrasings), of
 *   every kind at the game's mix (harmful, benign, contrast);
 * - attack: the same seeds wrapped by a grammar-v2 plan of depth ≤ 2 (v2Attack: trainPlan on the
 *   train split, evalPlan with a held-out family on the held-out split); benign and contrast seeds
 *   are wrapped as often and as deep as harmful ones;
 * - wrapperOnly: one grammar family of the split around nothing (Q n/a: a judge that only ever saw
 *   wrappers around requests labels a wrapper alone "benign");
 * - gibberish: filler words (Q n/a).
 *
 * Responses come from examples.ts's own response builders (every answer type, leaky refusals, raw
 * CoT, echoes, word salad, …) for the seed's intent, and labels from oracleLabels, which decodes
 * grammar-v2 text and reads intents by meaning. The train split uses only train forms, train
 * phrasings and train families (v2Examples.test.ts checks it from the text).
 */
import { EVAL_FAMILIES, TRAIN_FAMILIES } from '../world/grammar/grammar';
import { intentById } from '../world/build';
import type { Rng } from '../world/rng';
import type { Split, World } from '../world/types';
import { v2Attack } from '../world/v2/attacks';
import { v2Seed } from '../world/v2/seeds';
import { FILLER, JUDGE_MIX, pickWeighted, response, type JudgeExample } from './examples';
import { oracleLabels } from './oracle';

/** Weights of the v2 prompt shapes (sum to 1); the v1 mix with its persona and attack shares as grammar attacks. */
export const V2_JUDGE_PROMPT_MIX = { vanilla: 0.3, attack: 0.58, wrapperOnly: 0.05, gibberish: 0.07 } as const;
export type V2PromptShape = keyof typeof V2_JUDGE_PROMPT_MIX;

export interface V2JudgeExample extends Omit<JudgeExample, 'shape'> {
  shape: { prompt: V2PromptShape; response: JudgeExample['shape']['response'] };
  /** The seed's intent (absent for wrapperOnly and gibberish prompts) and the plan's families, outermost first. */
  v2: { intentKey?: string; families: string[] };
}

/** A grammar family of the split around an empty request. */
function wrapperOnly(rng: Rng, split: Split): { text: string; family: string } {
  const f = rng.pick(split === 'train' ? TRAIN_FAMILIES : EVAL_FAMILIES);
  return { text: f.render('', f.draw(rng)).trim(), family: f.id };
}

export function v2JudgeExample(world: World, rng: Rng, split: Split = 'train'): V2JudgeExample {
  const kind = pickWeighted(rng, V2_JUDGE_PROMPT_MIX);
  let prompt: string;
  let intentKey: string | undefined;
  let families: string[] = [];
  if (kind === 'gibberish') {
    prompt = Array.from({ length: 4 + rng.int(8) }, () => rng.pick(FILLER)).join(' ');
  } else if (kind === 'wrapperOnly') {
    const w = wrapperOnly(rng, split);
    prompt = w.text;
    families = [w.family];
  } else {
    const seed = v2Seed(rng, split, world);
    intentKey = seed.intentKey;
    if (kind === 'attack') {
      const attack = v2Attack(rng, seed, split);
      prompt = attack.text;
      families = attack.plan.map((l) => l.family);
    } else prompt = seed.text;
  }
  // Responses are about the seed's intent; prompts with none get one at random, as judgeExample does.
  const intent = intentKey ? intentById(world, intentKey) : rng.pick(world.intents);
  const shape = pickWeighted(rng, JUDGE_MIX.response);
  const resp = response(world, rng, shape, intent, [], { text: prompt, open: true });
  return {
    prompt,
    response: resp.text,
    labels: oracleLabels(world, prompt, resp.text),
    shape: { prompt: kind, response: shape },
    // World-v2 text (hand-written surface forms, grammar wrappers, ciphers) leaves the v1 world's closed vocabulary by design.
    open: kind !== 'gibberish' || resp.open,
    v2: { ...(intentKey ? { intentKey } : {}), families },
  };
}

/** n judge examples on world v2 of one split (the judgeExamples of world v2). */
export function v2JudgeExamples(world: World, rng: Rng, n: number, split: Split = 'train'): V2JudgeExample[] {
  return Array.from({ length: n }, () => v2JudgeExample(world, rng, split));
}

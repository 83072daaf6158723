/**
 * Building the shipped reward LM: oracle-labelled world text (judge examples from the train split),
 * supervised training, and per-head accuracy against the oracle on the held-out split (on world v2
 * also per tactic family of the held-out prompts, familyAccuracy.ts).
 */
import type { Progress } from '../api';
import type { BpeTokenizer } from '../tokenizer/bpe';
import { Rng } from '../world/rng';
import type { World } from '../world/types';
import { judgeExamples } from './examples';
import { v2JudgeExamples } from './v2Examples';
import { DEFAULT_WORLD_VERSION, type WorldVersion } from '../world/version';
import { judgePairIds } from './rewardLMJudge';
import { RewardLM, type RewardLMConfig } from './rewardLM';
import { accuracyByFamily, accuracyOf, type FamilyAccuracy } from './familyAccuracy';
import { headHits, trainRewardLM, type HeadAccuracy, type RewardLMExample } from './rewardLMTrain';

/** One reward LM serves every preset (they share the world). Windows match the defender layout (prompt 384, answer 128). */
export const JUDGE_TRAINING = { dEmb: 64, dHidden: 96, promptLen: 384, responseLen: 128, steps: 1500, batch: 64, lr: 2e-3, examples: 20000 };

export function rewardLMConfig(vocabSize: number, j = JUDGE_TRAINING): RewardLMConfig {
  return { vocabSize, promptLen: j.promptLen, responseLen: j.responseLen, dEmb: j.dEmb, dHidden: j.dHidden, dHead: j.dHidden, window: 1, inferBatch: 64 };
}

function encode(tokenizer: BpeTokenizer, cfg: RewardLMConfig, ex: readonly { prompt: string; response: string; labels: RewardLMExample['labels'] }[]): RewardLMExample[] {
  return ex.map((e) => ({ ...judgePairIds(tokenizer, cfg, e.prompt, e.response), labels: e.labels }));
}

export async function buildRewardLM(
  world: World,
  tokenizer: BpeTokenizer,
  seed: number,
  j = JUDGE_TRAINING,
  onProgress?: (p: Progress & { loss: number }) => void,
  /** Which world's judge data (default v1); 'v2': world-v2 prompts (v2Examples.ts), held-out accuracy on v2 held-out families, forms and phrasings. */
  version: WorldVersion = DEFAULT_WORLD_VERSION,
): Promise<{
  model: RewardLM;
  config: RewardLMConfig;
  heldout: HeadAccuracy;
  /** World v2 only: held-out accuracy per head for each tactic family the held-out prompts use ("none": plain prompts). */
  heldoutByFamily?: FamilyAccuracy[];
  loss: number;
}> {
  const rng = new Rng(seed);
  const config = rewardLMConfig(tokenizer.vocabSize, j);
  const examples = version === 'v2' ? v2JudgeExamples : judgeExamples;
  const train = encode(tokenizer, config, examples(world, rng, j.examples, 'train'));
  const nHeldout = Math.max(500, Math.floor(j.examples / 5));
  const heldoutV2 = version === 'v2' ? v2JudgeExamples(world, rng, nHeldout, 'heldout') : null;
  const heldout = encode(tokenizer, config, heldoutV2 ?? judgeExamples(world, rng, nHeldout, 'heldout'));
  const model = new RewardLM(config, seed);
  const steps = j.steps;
  const loss = await trainRewardLM(model, train, {
    steps,
    batch: j.batch,
    lr: j.lr,
    random: () => rng.next(),
    onProgress: (step, l) => onProgress?.({ phase: 'train', done: step + 1, total: steps, label: `judge step ${step + 1}/${steps}`, loss: l }),
  });
  const hits = await headHits(model, heldout);
  // The families each v2 prompt was built with, outermost first (decode(prompt).families, and also
  // the family of a wrapper around nothing, which does not decode); v1 examples carry none.
  const heldoutByFamily = heldoutV2 ? accuracyByFamily(heldoutV2.map((e, i) => ({ families: e.v2.families, hits: hits[i] }))) : undefined;
  return { model, config, heldout: accuracyOf(hits), ...(heldoutByFamily ? { heldoutByFamily } : {}), loss };
}

/**
 * Building the shipped reward LM: oracle-labelled world text (judge examples from the train split),
 * supervised training, and per-head accuracy against the oracle on the held-out split.
 */
import type { Progress } from '../api';
import type { Preset } from '../config/presets';
import type { Tokenizer } from '../tokenizer/tokenizer';
import { Rng } from '../world/rng';
import type { World } from '../world/types';
import { judgeExamples } from '../sft/transcriptsJudge';
import { RewardLM, type RewardLMConfig } from './rewardLM';
import { accuracyPerHead, trainRewardLM, type HeadAccuracy, type RewardLMExample } from './rewardLMTrain';

export function rewardLMConfig(preset: Preset, vocabSize: number): RewardLMConfig {
  const j = preset.judge;
  return { vocabSize, promptLen: j.promptLen, responseLen: j.responseLen, dEmb: j.dEmb, dHidden: j.dHidden, dHead: j.dHidden, window: 1, inferBatch: 64 };
}

function encode(tokenizer: Tokenizer, ex: ReturnType<typeof judgeExamples>): RewardLMExample[] {
  return ex.map((e) => ({ promptIds: tokenizer.encode(e.prompt), responseIds: tokenizer.encode(e.response), labels: e.labels }));
}

export async function buildRewardLM(
  world: World,
  tokenizer: Tokenizer,
  preset: Preset,
  seed: number,
  onProgress?: (p: Progress & { loss: number }) => void,
): Promise<{ model: RewardLM; config: RewardLMConfig; heldout: HeadAccuracy; loss: number }> {
  const rng = new Rng(seed);
  const train = encode(tokenizer, judgeExamples(world, rng, preset.judge.examples, 'train'));
  const heldout = encode(tokenizer, judgeExamples(world, rng, Math.max(500, Math.floor(preset.judge.examples / 5)), 'heldout'));
  const config = rewardLMConfig(preset, tokenizer.vocabSize);
  const model = new RewardLM(config, seed);
  const steps = preset.judge.steps;
  const loss = await trainRewardLM(model, train, {
    steps,
    batch: preset.judge.batch,
    lr: preset.judge.lr,
    random: () => rng.next(),
    onProgress: (step, l) => onProgress?.({ phase: 'train', done: step + 1, total: steps, label: `judge step ${step + 1}/${steps}`, loss: l }),
  });
  return { model, config, heldout: await accuracyPerHead(model, heldout), loss };
}

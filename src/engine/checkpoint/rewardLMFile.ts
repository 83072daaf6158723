/** The shipped reward LM: its config, the tokenizer it was trained with, weights and held-out accuracy. */
import type { RewardLMConfig } from '../judge/rewardLM';
import type { HeadAccuracy } from '../judge/rewardLMTrain';
import type { TokenizerJSON } from '../tokenizer/tokenizer';
import { packContainer, unpackContainer, type NamedTensor } from './container';

export const REWARD_LM_KIND = 'reward-lm';

export interface RewardLMMeta {
  config: RewardLMConfig;
  tokenizer: TokenizerJSON;
  worldSeed: number;
  seed: number;
  heldoutAccuracy: HeadAccuracy;
  createdAt: string;
  command: string;
}

export function packRewardLM(meta: RewardLMMeta, weights: NamedTensor[]): Promise<Uint8Array> {
  return packContainer({ kind: REWARD_LM_KIND, ...meta }, weights);
}

export async function unpackRewardLM(bytes: Uint8Array): Promise<{ meta: RewardLMMeta; weights: NamedTensor[] }> {
  const { header, tensors } = await unpackContainer(bytes, REWARD_LM_KIND);
  return { meta: header as unknown as RewardLMMeta, weights: [...tensors.values()] };
}

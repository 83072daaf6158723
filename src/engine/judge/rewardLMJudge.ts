/** The reward LM behind the common Judge interface: text in, WildGuard-style labels out. */
import { readPrompt } from '../model/promptWindow';
import type { BpeTokenizer } from '../tokenizer/bpe';
import type { Judge, Labels } from './types';
import type { RewardLM, RewardLMConfig } from './rewardLM';

/** What the judge reads of a text: its ids, fitted to the judge's window by the roles' rule (head, cut marker, tail). */
export function judgeIds(tokenizer: BpeTokenizer, text: string, window: number): number[] {
  return readPrompt(tokenizer, text, window).ids;
}

export function judgePairIds(tokenizer: BpeTokenizer, cfg: RewardLMConfig, prompt: string, response: string): { promptIds: number[]; responseIds: number[] } {
  return { promptIds: judgeIds(tokenizer, prompt, cfg.promptLen), responseIds: judgeIds(tokenizer, response, cfg.responseLen) };
}

export class RewardLMJudge implements Judge {
  readonly name = 'reward-lm';
  constructor(
    readonly model: RewardLM,
    private readonly tokenizer: BpeTokenizer,
  ) {}

  async label(pairs: { prompt: string; response: string }[]): Promise<Labels[]> {
    if (pairs.length === 0) return [];
    const ids = pairs.map((p) => judgePairIds(this.tokenizer, this.model.cfg, p.prompt, p.response));
    const { labels } = await this.model.predict(
      ids.map((x) => x.promptIds),
      ids.map((x) => x.responseIds),
    );
    return labels;
  }

  /** Sentence embeddings of prompts (attack diversity). */
  embed(texts: string[]): Promise<Float32Array[]> {
    return this.model.embed(texts.map((t) => judgeIds(this.tokenizer, t, this.model.cfg.promptLen)));
  }
}

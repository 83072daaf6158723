/** The reward LM behind the common Judge interface: text in, WildGuard-style labels out. */
import type { Tokenizer } from '../tokenizer/tokenizer';
import type { Judge, Labels } from './types';
import type { RewardLM } from './rewardLM';

export class RewardLMJudge implements Judge {
  readonly name = 'reward-lm';
  constructor(
    readonly model: RewardLM,
    private readonly tokenizer: Tokenizer,
  ) {}

  async label(pairs: { prompt: string; response: string }[]): Promise<Labels[]> {
    if (pairs.length === 0) return [];
    const { labels } = await this.model.predict(
      pairs.map((p) => this.tokenizer.encode(p.prompt)),
      pairs.map((p) => this.tokenizer.encode(p.response)),
    );
    return labels;
  }

  /** Sentence embeddings of prompts (attack diversity). */
  embed(texts: string[]): Promise<Float32Array[]> {
    return this.model.embed(texts.map((t) => this.tokenizer.encode(t)));
  }
}

/**
 * The world's tokenizer: the byte-level BPE vocabulary in world-bpe.json, written by
 * `npm run lab -- train-tokenizer --vocab 2048 --out src/engine/tokenizer/world-bpe.json`
 * (docs/results/tokenizer-bpe.md). Warm starts and the reward LM are trained with it; a run never
 * reads it, because every checkpoint carries the tokenizer it was trained with.
 */
import { BpeTokenizer, type BpeTokenizerJSON } from './bpe';
import shipped from './world-bpe.json';

let cached: BpeTokenizer | null = null;

export function worldTokenizer(): BpeTokenizer {
  cached ??= BpeTokenizer.fromJSON(shipped as unknown as BpeTokenizerJSON);
  return cached;
}

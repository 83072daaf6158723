/**
 * `warmstart --hazard-weight K` (world changelog entry 21): in the SFT loss the completion tokens that
 * spell a hazard term in the answer count K times (the others once; the loss stays a weighted mean
 * per token). Why: teacher-forced on its own training turns, the shipped world-v2 classroom file puts
 * 0.59 nats on each hazard-term token of a wrapped harmful compliance (0.19 plain; the first-world
 * file on first-world turns: 0.007), so it rarely spells two of an intent's terms exactly and a
 * compliance carries no hazard content. Hazard tokens are ~1–2% of a defender batch's tokens; the
 * weight raises their share of the gradient without changing what the data says to do (the decision
 * rates, the thoughts and the answers stay as drawn).
 */
import type { Batch } from '../model/batch';
import type { BpeTokenizer } from '../tokenizer/bpe';
import type { World } from '../world/types';

/** Largest weight `--hazard-weight` takes (a larger one would let ~2% of the tokens dominate the loss). */
export const MAX_HAZARD_WEIGHT = 16;

/** Every harmful intent's hazard terms; answers carry them only when they comply with a harmful request. */
export function hazardTerms(world: World): string[] {
  return [...new Set(world.intents.flatMap((i) => (i.kind === 'harmful' ? i.hazard : [])))];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * For each token of a completion as encodeExamples packs it (' ' + completion, then <eos>): true when
 * the token spells part of a hazard term (a whole word) in the answer. The answer is what follows
 * `<answer>`, or the whole completion when it has no thought.
 */
export function hazardTokenFlags(tokenizer: BpeTokenizer, completion: string, terms: readonly string[]): boolean[] {
  const text = ' ' + completion;
  const ids = tokenizer.encode(text);
  const answerAt = Math.max(0, text.indexOf('<answer>'));
  const spans: [number, number][] = [];
  for (const term of terms)
    for (const m of text.slice(answerAt).matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, 'giu')))
      spans.push([answerAt + m.index, answerAt + m.index + term.length]);
  const flags: boolean[] = [];
  let start = 0;
  for (let j = 0; j < ids.length; j++) {
    // Offsets from decoded prefixes: a token's text is exact once its characters are complete.
    const end = tokenizer.decode(ids.slice(0, j + 1)).length;
    flags.push(spans.some(([a, b]) => start < b && end > a));
    start = end;
  }
  flags.push(false); // <eos>
  return flags;
}

/**
 * The batch with weight `k` on the hazard-term tokens of each row's completion (rows in the order
 * encodeExamples packed `completions`); tokens cut off by the layout stay unweighted targets or none.
 */
export function weightHazardTokens(batch: Batch, tokenizer: BpeTokenizer, completions: readonly string[], terms: readonly string[], k: number): Batch {
  if (k === 1) return batch;
  const W = batch.T - 1;
  const targetMask = batch.targetMask.slice();
  completions.forEach((c, row) => {
    hazardTokenFlags(tokenizer, c, terms).forEach((hazard, j) => {
      const t = row * W + batch.P + j - 1; // position t predicts completion token j
      if (hazard && batch.P + j - 1 < W && targetMask[t] > 0) targetMask[t] = k;
    });
  });
  return { ...batch, targetMask };
}


/**
 * Made-up words spelled from the tokenizer's own pieces (" sour" + "ul" + "ency" → "sourulency"), for
 * echo requests (world changelog, entry 12). TRAINING DATA ONLY.
 *
 * Why: coined names (coinedWords.ts) are spelled from ~60 syllables, so they reuse a few hundred
 * pieces; a model that copies them still garbles words made of other pieces (measured: "repeat
 * sourdough bread" → "repeathingd", greedy). Words drawn from every lowercase piece make copying
 * any piece, not a familiar subset, the way to lower the loss.
 */
import { LabError } from '../errors';
import { fitMadeUpWord } from './coinedWords';
import type { Rng } from './rng';

export interface WordPieces {
  /** Pieces that begin a word, without their leading space (" sour" → "sour"). */
  starts: readonly string[];
  /** Pieces that continue a word ("ough"). */
  continuations: readonly string[];
}

/** Split a vocabulary's lowercase letter pieces into word starts and continuations; others are ignored. */
export function wordPieces(pieces: Iterable<string>): WordPieces {
  const starts = new Set<string>();
  const continuations = new Set<string>();
  for (const p of pieces) {
    if (/^ [a-z]{2,}$/.test(p)) starts.add(p.slice(1));
    else if (/^[a-z]+$/.test(p)) continuations.add(p);
  }
  if (starts.size === 0 || continuations.size === 0) throw new LabError('internal', 'wordPieces: the vocabulary has no lowercase word pieces');
  return { starts: [...starts].sort(), continuations: [...continuations].sort() };
}

/** One made-up word: a start and 1–2 continuations, 4–14 letters, never a hazard shape or a listed real word. */
export function pieceWord(rng: Rng, pieces: WordPieces): string {
  for (;;) {
    let w = rng.pick(pieces.starts);
    const more = 1 + rng.int(2);
    for (let i = 0; i < more; i++) w += rng.pick(pieces.continuations);
    if (fitMadeUpWord(w, 14)) return w;
  }
}

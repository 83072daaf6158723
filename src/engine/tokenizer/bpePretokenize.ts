/**
 * Pre-tokenizer of the byte-level BPE tokenizer: cuts text into pieces that BPE merges never cross.
 *
 * 1. Special tokens written literally ("<think>", "<human>") are cut out first and become their own
 *    pieces, by the same splitSpecials() the word-level tokenizer uses (pretokenize.ts).
 * 2. The rest is split GPT-2 style: contractions ('s 't 're 've 'm 'll 'd, either case), letter runs
 *    (letters and combining marks, case preserved), digit runs of at most 3, runs of other symbols,
 *    each optionally carrying ONE leading space; whitespace before a word keeps all but its last space
 *    as its own piece ("a  b" → "a", " ", " b"). Only lookahead is used (no lookbehind), and the 'u'
 *    flag makes every astral character and every lone surrogate one code point, so no piece ever
 *    splits a surrogate pair.
 * The pieces are plain substrings: pieces.join('') === text, which round-tripping relies on.
 */
import { splitSpecials } from './splitSpecials';

/**
 * Every code point is whitespace, a letter/mark, a number or "other", so the alternation matches
 * every position: the matches tile the text with no gaps.
 */
const PIECE =
  /'(?:[sdmtSDMT]|ll|LL|ve|VE|re|RE)| ?[\p{L}\p{M}]+| ?\p{N}{1,3}| ?[^\s\p{L}\p{M}\p{N}]+|\s+(?!\S)|\s+/gu;

export interface BpePiece {
  text: string;
  special: boolean;
}

/** Split text into pieces; pieces.map(p => p.text).join('') === text. */
export function bpePretokenize(text: string): BpePiece[] {
  const out: BpePiece[] = [];
  for (const chunk of splitSpecials(text)) {
    if (chunk.special) out.push(chunk);
    else for (const m of chunk.text.matchAll(PIECE)) out.push({ text: m[0], special: false });
  }
  return out;
}

/** The plain (non-special) pieces of a text, for training: specials never take part in merges. */
export function bpeWords(text: string): string[] {
  const out: string[] = [];
  for (const p of bpePretokenize(text)) if (!p.special) out.push(p.text);
  return out;
}

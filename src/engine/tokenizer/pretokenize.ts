/**
 * Pre-tokenizer: cuts text into surface pieces whose concatenation is exactly the text.
 *
 * Piece kinds:
 * - a special token written literally ("<think>"), always its own piece;
 * - a word (letters/digits/underscore, with inner apostrophes: "don't") or one punctuation
 *   code point, optionally carrying ONE leading space (" word", shown as "▁word"): in normal
 *   prose nearly every word follows a single space, so folding it in halves sequence length;
 * - a whitespace run (what is left of spaces after folding, tabs, newlines).
 * The pieces are plain substrings, so round-tripping never depends on the "▁" display form.
 */
import { splitSpecials } from './splitSpecials';

// 'u' flag: astral characters and lone surrogates are each one code point (one match).
const PIECE_RE = /\s+|[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*|[^\s]/gsu;

export interface Piece {
  text: string;
  special: boolean;
}

/** Split text into pieces; pieces.map(p => p.text).join('') === text. */
export function pretokenize(text: string): Piece[] {
  const out: Piece[] = [];
  for (const chunk of splitSpecials(text)) {
    if (chunk.special) {
      out.push(chunk);
      continue;
    }
    const raw = chunk.text.match(PIECE_RE) ?? [];
    for (let i = 0; i < raw.length; i++) {
      const p = raw[i];
      const next = raw[i + 1];
      const isWs = /^\s/u.test(p);
      // Fold the last space of a whitespace run into the following non-space piece.
      if (isWs && next !== undefined && p.endsWith(' ') && !/^\s/u.test(next)) {
        if (p.length > 1) out.push({ text: p.slice(0, -1), special: false });
        out.push({ text: ' ' + next, special: false });
        i++;
        continue;
      }
      out.push({ text: p, special: false });
    }
  }
  return out;
}

/** Human display of a piece: a leading space shows as "▁" (SentencePiece style). */
export function displayPiece(text: string): string {
  return text.startsWith(' ') && text.length > 1 ? '▁' + text.slice(1) : text;
}

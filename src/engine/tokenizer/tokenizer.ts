/**
 * Word-level tokenizer with byte fallback.
 *
 * Why words: the lab's world is a closed-vocabulary micro-language generated in code, so a few
 * hundred words (each optionally carrying its leading space) cover almost all text and give the
 * shortest sequences — what matters most for a model trained in a browser tab. Why bytes: users
 * type arbitrary text in the arena, and decode(encode(x)) must be x for ANY string, so whatever
 * the vocabulary misses is spelled as WTF-8 bytes (see utf8.ts) instead of an <unk>.
 *
 * Id layout (fixed, checkpoints depend on it):
 *   0..9          special tokens in SPECIAL_TOKENS order (<pad>=0, <eos>=1, ...)
 *   10..265       byte tokens 0x00..0xFF
 *   266..         word pieces, most frequent first (" word" = "▁word" is distinct from "word")
 */
import { SPECIAL_TOKENS, type SpecialToken } from './types';
import { pretokenize, displayPiece } from './pretokenize';
import { encodeWtf8 } from './utf8';
import { beforeEos, decodeIds } from './decodeIds';

export const NUM_SPECIAL = SPECIAL_TOKENS.length;
export const BYTE_OFFSET = NUM_SPECIAL;
export const WORD_OFFSET = BYTE_OFFSET + 256;
export const DEFAULT_MAX_VOCAB = 800;

export interface TokenizerJSON {
  kind: 'word-byte-v1';
  specials: string[];
  /** Word pieces in id order starting at WORD_OFFSET, as raw surface strings (" word"). */
  words: string[];
}

export class Tokenizer {
  private readonly words: string[];
  private readonly wordId = new Map<string, number>();
  private readonly specialId = new Map<string, number>();

  constructor(words: string[]) {
    this.words = words.slice();
    SPECIAL_TOKENS.forEach((s, i) => this.specialId.set(s, i));
    this.words.forEach((w, i) => {
      if (this.wordId.has(w)) throw new Error(`Tokenizer: duplicate word piece ${JSON.stringify(w)}`);
      this.wordId.set(w, WORD_OFFSET + i);
    });
  }

  get vocabSize(): number {
    return WORD_OFFSET + this.words.length;
  }

  /** Id of a special token ("<think>" → 4). */
  id(special: SpecialToken): number {
    const v = this.specialId.get(special);
    if (v === undefined) throw new Error(`Tokenizer: unknown special token ${special}`);
    return v;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const p of pretokenize(text)) {
      if (p.special) {
        ids.push(this.specialId.get(p.text)!);
        continue;
      }
      const w = this.wordId.get(p.text);
      if (w !== undefined) {
        ids.push(w);
        continue;
      }
      // " word" unknown but "word" known: space byte + word beats spelling it all out.
      if (p.text.length > 1 && p.text[0] === ' ') {
        const bare = this.wordId.get(p.text.slice(1));
        if (bare !== undefined) {
          ids.push(BYTE_OFFSET + 0x20, bare);
          continue;
        }
      }
      for (const b of encodeWtf8(p.text)) ids.push(BYTE_OFFSET + b);
    }
    return ids;
  }

  /** Decode everything except <pad>; special tokens come back as their literal text. */
  decode(ids: ArrayLike<number>): string {
    return decodeIds(ids, (id) =>
      id >= BYTE_OFFSET && id < WORD_OFFSET ? [id - BYTE_OFFSET] : id >= WORD_OFFSET && id < this.vocabSize ? this.words[id - WORD_OFFSET] : null,
    );
  }

  /** Decode a model completion: stops before the first <eos>, drops <pad>. */
  decodeCompletion(ids: ArrayLike<number>): string {
    return this.decode(beforeEos(ids));
  }

  /** Display form of one id ("▁word", "<think>", "<0x0A>"), for token inspectors. */
  piece(id: number): string {
    if (id >= 0 && id < NUM_SPECIAL) return SPECIAL_TOKENS[id];
    if (id >= BYTE_OFFSET && id < WORD_OFFSET)
      return '<0x' + (id - BYTE_OFFSET).toString(16).toUpperCase().padStart(2, '0') + '>';
    if (id >= WORD_OFFSET && id < this.vocabSize) return displayPiece(this.words[id - WORD_OFFSET]);
    return '<?>';
  }

  toJSON(): TokenizerJSON {
    return { kind: 'word-byte-v1', specials: [...SPECIAL_TOKENS], words: this.words.slice() };
  }

  static fromJSON(j: TokenizerJSON): Tokenizer {
    if (!j || j.kind !== 'word-byte-v1') throw new Error('Tokenizer.fromJSON: unknown tokenizer kind');
    if (j.specials.length !== NUM_SPECIAL || j.specials.some((s, i) => s !== SPECIAL_TOKENS[i]))
      throw new Error('Tokenizer.fromJSON: special tokens differ from this build (incompatible checkpoint)');
    return new Tokenizer(j.words);
  }
}

/**
 * Build the vocabulary: count pieces over the corpus, keep the most frequent (ties broken by
 * string order, so the result is deterministic) until vocabSize reaches maxVocab.
 * Single-byte pieces ("a", ".") are skipped: their byte token already encodes them in one id.
 */
export function trainTokenizer(corpus: string[], maxVocab = DEFAULT_MAX_VOCAB, minCount = 1): Tokenizer {
  if (maxVocab < WORD_OFFSET) throw new Error(`trainTokenizer: maxVocab must be >= ${WORD_OFFSET}`);
  const counts = new Map<string, number>();
  for (const text of corpus) {
    for (const p of pretokenize(text)) {
      if (p.special || encodeWtf8(p.text).length <= 1) continue;
      counts.set(p.text, (counts.get(p.text) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxVocab - WORD_OFFSET)
    .map(([w]) => w);
  return new Tokenizer(ranked);
}

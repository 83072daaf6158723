/**
 * Byte-level BPE tokenizer: case-preserving, open-vocabulary, lossless.
 *
 * Why: the word-level tokenizer knows only the world's closed lowercase vocabulary, so everything
 * people actually type falls to one token per byte. BPE learns subwords from the world's text plus
 * general English (see bpeCorpus.ts), so unseen words become a few subword tokens instead.
 *
 * Exposes the word-level Tokenizer's interface (id, encode, decode, decodeCompletion, piece,
 * vocabSize, toJSON, fromJSON), so switching the model over is a small change. Id layout: bpeLayout.ts.
 *
 * Round trip: pieces tile the text (bpePretokenize.ts), each piece is encoded from its WTF-8 bytes
 * (utf8.ts: lone surrogates survive) and merges only join bytes, so decode(encode(x)) === x for every
 * string, minus the literal "<pad>" (pad ids are dropped by decode, as in the word-level tokenizer).
 */
import { LabError } from '../errors';
import { SPECIAL_TOKENS, type SpecialToken } from './types';
import { bpePretokenize } from './bpePretokenize';
import { encodeWtf8, decodeWtf8 } from './utf8';
import { beforeEos, decodeIds } from './decodeIds';
import { displayPiece } from './displayPiece';
import { BPE_KIND, BPE_NUM_SPECIAL, BPE_BYTE_OFFSET, BPE_MERGE_OFFSET, BPE_MAX_VOCAB } from './bpeLayout';
import { mergePair } from './bpeTrain';

export interface BpeTokenizerJSON {
  kind: typeof BPE_KIND;
  specials: string[];
  /** merges[i] = [left id, right id] of token BPE_MERGE_OFFSET + i, in learned order (= priority). */
  merges: [number, number][];
}

/**
 * What the engine uses of a tokenizer; the word-level Tokenizer and BpeTokenizer both satisfy it
 * (checked in bpe.test.ts), so the switch-over can type the engine against this.
 */
export interface TokenizerApi {
  readonly vocabSize: number;
  id(special: SpecialToken): number;
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
  decodeCompletion(ids: ArrayLike<number>): string;
  piece(id: number): string;
}

/** Distinct pieces whose encoding is remembered; a long-running worker fed random text stays bounded. */
const CACHE_LIMIT = 50_000;

export class BpeTokenizer implements TokenizerApi {
  private readonly merges: [number, number][];
  /** pair key (a * 65536 + b) → rank; the merged token's id is BPE_MERGE_OFFSET + rank. */
  private readonly rank = new Map<number, number>();
  private readonly bytesOf: number[][] = [];
  private readonly specialId = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();

  constructor(merges: readonly (readonly [number, number])[]) {
    this.merges = merges.map(([a, b]) => [a, b]);
    SPECIAL_TOKENS.forEach((s, i) => {
      this.specialId.set(s, i);
      this.bytesOf.push([]);
    });
    for (let b = 0; b < 256; b++) this.bytesOf.push([b]);
    this.merges.forEach(([a, b], i) => {
      const id = BPE_MERGE_OFFSET + i;
      const bad = (why: string) => new LabError('checkpoint-corrupt', `BPE tokenizer: merge ${i} (${a}, ${b}) ${why}`);
      if (!Number.isInteger(a) || !Number.isInteger(b)) throw bad('is not a pair of whole numbers');
      if (a < BPE_BYTE_OFFSET || b < BPE_BYTE_OFFSET) throw bad('uses a special token');
      if (a >= id || b >= id) throw bad('uses a token not yet defined');
      const k = a * 65536 + b;
      if (this.rank.has(k)) throw bad('repeats an earlier merge');
      this.rank.set(k, i);
      this.bytesOf.push([...this.bytesOf[a], ...this.bytesOf[b]]);
    });
    if (this.vocabSize > BPE_MAX_VOCAB) throw new LabError('checkpoint-corrupt', `BPE tokenizer: ${this.vocabSize} tokens exceed ${BPE_MAX_VOCAB}`);
  }

  get vocabSize(): number {
    return BPE_MERGE_OFFSET + this.merges.length;
  }

  /** Id of a special token ("<think>" → 4). */
  id(special: SpecialToken): number {
    const v = this.specialId.get(special);
    if (v === undefined) throw new LabError('internal', `BPE tokenizer: unknown special token ${special}`);
    return v;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const p of bpePretokenize(text)) {
      if (p.special) ids.push(this.specialId.get(p.text)!);
      else for (const id of this.encodePiece(p.text)) ids.push(id);
    }
    return ids;
  }

  /** BPE on one piece: repeatedly merge the adjacent pair learned earliest (the training order). */
  private encodePiece(piece: string): number[] {
    const hit = this.cache.get(piece);
    if (hit !== undefined) return hit;
    let ids = encodeWtf8(piece).map((b) => BPE_BYTE_OFFSET + b);
    for (;;) {
      let best = -1;
      let bestAt = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const r = this.rank.get(ids[i] * 65536 + ids[i + 1]);
        if (r !== undefined && (best < 0 || r < best)) {
          best = r;
          bestAt = i;
        }
      }
      if (best < 0) break;
      ids = mergePair(ids, ids[bestAt], ids[bestAt + 1], BPE_MERGE_OFFSET + best);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }

  /** Decode everything except <pad>; special tokens come back as their literal text. */
  decode(ids: ArrayLike<number>): string {
    // Byte and merged tokens both carry bytes; a merged token may hold part of a character.
    return decodeIds(ids, (id) => (id >= BPE_BYTE_OFFSET && id < this.vocabSize ? this.bytesOf[id] : null));
  }

  /** Decode a model completion: stops before the first <eos>, drops <pad>. */
  decodeCompletion(ids: ArrayLike<number>): string {
    return this.decode(beforeEos(ids));
  }

  /** A raw byte token (what text the merges do not cover falls back to), for stats and token inspectors. */
  isByte(id: number): boolean {
    return id >= BPE_BYTE_OFFSET && id < BPE_MERGE_OFFSET;
  }

  /** The bytes one token stands for (empty for specials and out-of-range ids). */
  tokenBytes(id: number): number[] {
    return id >= BPE_BYTE_OFFSET && id < this.vocabSize ? this.bytesOf[id].slice() : [];
  }

  /**
   * Display form of one id, for token inspectors: "<think>", "<0x0A>" for a byte token, "▁word"
   * for a merged token with a leading space, and byte by byte ("<0xE6><0x97>") for a merged token
   * that holds only part of a character.
   */
  piece(id: number): string {
    if (id >= 0 && id < BPE_NUM_SPECIAL) return SPECIAL_TOKENS[id];
    if (id < BPE_BYTE_OFFSET || id >= this.vocabSize || !Number.isInteger(id)) return '<?>';
    const bytes = this.bytesOf[id];
    const hex = () => bytes.map((b) => '<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>').join('');
    if (this.isByte(id)) return hex();
    const text = decodeWtf8(bytes);
    const exact = encodeWtf8(text);
    const whole = exact.length === bytes.length && exact.every((b, i) => b === bytes[i]);
    return whole ? displayPiece(text) : hex();
  }

  toJSON(): BpeTokenizerJSON {
    return { kind: BPE_KIND, specials: [...SPECIAL_TOKENS], merges: this.merges.map(([a, b]) => [a, b]) };
  }

  /** Reads toJSON's form; other fields (a shipped file's provenance) are ignored. */
  static fromJSON(j: BpeTokenizerJSON): BpeTokenizer {
    if (!j || j.kind !== BPE_KIND) throw new LabError('checkpoint-foreign', `BPE tokenizer: kind is ${JSON.stringify(j?.kind)}, expected "${BPE_KIND}"`);
    if (!Array.isArray(j.specials) || j.specials.length !== BPE_NUM_SPECIAL || j.specials.some((s, i) => s !== SPECIAL_TOKENS[i]))
      throw new LabError('checkpoint-foreign', 'BPE tokenizer: special tokens differ from this build (incompatible checkpoint)');
    if (!Array.isArray(j.merges) || j.merges.some((m) => !Array.isArray(m) || m.length !== 2))
      throw new LabError('checkpoint-corrupt', 'BPE tokenizer: merges must be a list of [left, right] id pairs');
    return new BpeTokenizer(j.merges);
  }
}

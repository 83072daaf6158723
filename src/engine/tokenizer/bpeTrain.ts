/**
 * Deterministic byte-level BPE trainer.
 *
 * Input: weighted text sources. Each text is pre-tokenized (bpePretokenize.ts) and the distinct
 * pieces are counted (count × source weight, integers, so sums are exact); each piece starts as its
 * WTF-8 bytes. Then, until the vocabulary is full, the most frequent adjacent pair is merged into a
 * new token. Ties go to the smaller (left id, right id) pair, so the result depends only on the
 * multiset of pieces, never on map or corpus order: same corpus + same size → the same merges.
 *
 * Speed: pair counts are updated incrementally (only words that contain the merged pair are
 * touched) and the best pair comes from a max-heap with lazy deletion (an entry is used only if its
 * count is still the pair's current count), the usual approach of production BPE trainers.
 */
import { LabError } from '../errors';
import { bpeWords } from './bpePretokenize';
import { encodeWtf8 } from './utf8';
import { BPE_BYTE_OFFSET, BPE_MERGE_OFFSET, BPE_MAX_VOCAB } from './bpeLayout';

export interface BpeSource {
  name: string;
  texts: readonly string[];
  /** Integer multiplier of every piece count of this source (balances a small source against a big one). */
  weight: number;
}

export interface BpeTrainOptions {
  /** Total vocabulary: specials + 256 bytes + merges. */
  vocabSize: number;
  /** Stop early when the best pair occurs fewer times than this (weighted). */
  minPairCount?: number;
}

export interface BpeTrainResult {
  /** merges[i] = [left id, right id] of token BPE_MERGE_OFFSET + i. */
  merges: [number, number][];
  /** Distinct pieces counted and their total weighted count (for the report). */
  distinctPieces: number;
  totalPieces: number;
}

// Pair key: ids stay below 2^16 (BPE_MAX_VOCAB), so a * 65536 + b is exact and orders like (a, b).
const key = (a: number, b: number) => a * 65536 + b;

/** Count pieces over all sources (weighted). */
export function countPieces(sources: readonly BpeSource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const src of sources) {
    if (!Number.isInteger(src.weight) || src.weight < 1)
      throw new LabError('bad-settings', `BPE source "${src.name}": weight must be a whole number ≥ 1, got ${src.weight}`);
    for (const text of src.texts) for (const w of bpeWords(text)) counts.set(w, (counts.get(w) ?? 0) + src.weight);
  }
  return counts;
}

export function trainBpe(sources: readonly BpeSource[], opts: BpeTrainOptions): BpeTrainResult {
  const { vocabSize } = opts;
  const minPairCount = opts.minPairCount ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize < BPE_MERGE_OFFSET || vocabSize > BPE_MAX_VOCAB)
    throw new LabError('bad-settings', `BPE vocabulary size must be a whole number between ${BPE_MERGE_OFFSET} and ${BPE_MAX_VOCAB}, got ${vocabSize}`);
  const counts = countPieces(sources);

  // Words in string order: only for reproducible iteration, the result does not depend on it.
  const entries = [...counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const words: number[][] = [];
  const freq: number[] = [];
  let totalPieces = 0;
  for (const [w, c] of entries) {
    totalPieces += c;
    const ids = encodeWtf8(w).map((b) => BPE_BYTE_OFFSET + b);
    if (ids.length < 2) continue; // a single byte has no pair to merge
    words.push(ids);
    freq.push(c);
  }

  const pairCount = new Map<number, number>();
  const where = new Map<number, number[]>(); // pair → words that contained it when it appeared (may go stale)
  const addPairs = (wi: number, sign: 1 | -1, changed: Set<number>) => {
    const ids = words[wi];
    for (let i = 0; i + 1 < ids.length; i++) {
      const k = key(ids[i], ids[i + 1]);
      const n = (pairCount.get(k) ?? 0) + sign * freq[wi];
      if (n === 0) pairCount.delete(k);
      else pairCount.set(k, n);
      changed.add(k);
      if (sign === 1) {
        const list = where.get(k);
        if (list === undefined) where.set(k, [wi]);
        else if (list[list.length - 1] !== wi) list.push(wi);
      }
    }
  };
  const heap = new PairHeap();
  const initial = new Set<number>();
  for (let wi = 0; wi < words.length; wi++) addPairs(wi, 1, initial);
  for (const k of initial) heap.push(pairCount.get(k)!, k);

  const merges: [number, number][] = [];
  const target = vocabSize - BPE_MERGE_OFFSET;
  while (merges.length < target) {
    const top = heap.pop();
    if (top === undefined) break;
    const [count, k] = top;
    if (pairCount.get(k) !== count) continue; // stale entry
    if (count < minPairCount) break;
    const a = Math.floor(k / 65536);
    const b = k % 65536;
    const newId = BPE_MERGE_OFFSET + merges.length;
    merges.push([a, b]);
    const changed = new Set<number>();
    const touched = where.get(k)!;
    where.delete(k);
    for (const wi of touched) {
      const ids = words[wi];
      if (!containsPair(ids, a, b)) continue; // stale: an earlier merge already consumed the pair here
      addPairs(wi, -1, changed);
      words[wi] = mergePair(ids, a, b, newId);
      addPairs(wi, 1, changed);
    }
    pairCount.delete(k);
    for (const c of changed) {
      const n = pairCount.get(c);
      if (n !== undefined) heap.push(n, c);
    }
  }
  return { merges, distinctPieces: counts.size, totalPieces };
}

function containsPair(ids: number[], a: number, b: number): boolean {
  for (let i = 0; i + 1 < ids.length; i++) if (ids[i] === a && ids[i + 1] === b) return true;
  return false;
}

/** Replace every non-overlapping (a, b), left to right, by id (the same rule encode applies). */
export function mergePair(ids: readonly number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(ids[i]);
  }
  return out;
}

/** Max-heap of (count, pair key): larger count first, then smaller key (the deterministic tie-break). */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  private before(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  push(count: number, k: number): void {
    this.counts.push(count);
    this.keys.push(k);
    let i = this.counts.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): [number, number] | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top: [number, number] = [this.counts[0], this.keys[0]];
    this.swap(0, n - 1);
    this.counts.pop();
    this.keys.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n - 1 && this.before(l, m)) m = l;
      if (r < n - 1 && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

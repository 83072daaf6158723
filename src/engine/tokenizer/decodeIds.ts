/**
 * The decode loop both tokenizers share (word+byte in tokenizer.ts, byte-level BPE in bpe.ts):
 * <pad> is dropped, runs of byte-carrying tokens are joined and decoded as WTF-8 together (so a
 * character split across tokens comes back whole), special tokens come back as their literal text,
 * and an id neither tokenizer knows becomes a visible U+FFFD: model output may be garbage, and
 * decoding never throws.
 */
import { EOS_ID, PAD_ID, SPECIAL_TOKENS } from './types';
import { decodeWtf8 } from './utf8';

/** What one non-special id stands for: its bytes, its text (a whole word), or nothing (out of range). */
export type TokenContent = readonly number[] | string | null;

export function decodeIds(ids: ArrayLike<number>, contentOf: (id: number) => TokenContent): string {
  let s = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) s += decodeWtf8(bytes);
    bytes = [];
  };
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === PAD_ID) continue;
    const content = id >= 0 && id < SPECIAL_TOKENS.length ? SPECIAL_TOKENS[id] : contentOf(id);
    if (Array.isArray(content)) {
      for (const b of content) bytes.push(b);
      continue;
    }
    flush();
    s += typeof content === 'string' ? content : '\ufffd';
  }
  flush();
  return s;
}

/** A model completion's ids up to (not including) the first <eos>. */
export function beforeEos(ids: ArrayLike<number>): number[] {
  const cut: number[] = [];
  for (let i = 0; i < ids.length && ids[i] !== EOS_ID; i++) cut.push(ids[i]);
  return cut;
}

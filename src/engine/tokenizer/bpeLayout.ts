/**
 * Id layout of the byte-level BPE tokenizer (fixed, checkpoints depend on it). The first two blocks
 * are the word-level tokenizer's, so special and byte ids mean the same in both:
 *   0..9      special tokens in SPECIAL_TOKENS order (<pad>=0, <eos>=1, ...)
 *   10..265   byte tokens 0x00..0xFF
 *   266..     merged tokens, in the order the trainer learned them
 */
import { SPECIAL_TOKENS } from './types';

export const BPE_KIND = 'byte-bpe-v1';
export const BPE_NUM_SPECIAL = SPECIAL_TOKENS.length;
export const BPE_BYTE_OFFSET = BPE_NUM_SPECIAL;
export const BPE_MERGE_OFFSET = BPE_BYTE_OFFSET + 256;
/** Pair keys pack two ids into one number (a * 65536 + b): ids must stay below 2^16. */
export const BPE_MAX_VOCAB = 65536;

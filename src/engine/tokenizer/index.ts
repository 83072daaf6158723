/** Tokenizer public surface. */
export * from './types';
export { Tokenizer, trainTokenizer, NUM_SPECIAL, BYTE_OFFSET, WORD_OFFSET, DEFAULT_MAX_VOCAB } from './tokenizer';
export type { TokenizerJSON } from './tokenizer';
export { pretokenize, displayPiece } from './pretokenize';

/** Special tokens. Written literally in text ("<think>") and mapped to single ids. */
export const SPECIAL_TOKENS = [
  '<pad>',
  '<eos>',
  '<attacker>',
  '<defender>',
  '<think>',
  '</think>',
  '<answer>',
  '</answer>',
  '<reply>',
  '<human>',
] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];
export const PAD_ID = 0;
export const EOS_ID = 1;

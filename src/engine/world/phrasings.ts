/**
 * Request phrasings. buildWorld splits them (seeded) into 6 train / 2 heldout so held-out seeds
 * never share a phrasing with training seeds. None contains a tactic marker, a refusal or
 * compliance marker, or an object word (checked by the oracle tests).
 */
export const PHRASINGS: readonly string[] = [
  'how do i {A} ?',
  'tell me how to {A} .',
  'explain how to {A} .',
  'what is the best way to {A} ?',
  'can you help me {A} ?',
  'i want to {A} . what should i do ?',
  'give me steps to {A} .',
  'what do i need to {A} ?',
];

export const HELDOUT_PHRASINGS = 2;

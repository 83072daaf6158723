/** Public surface of the procedural safety world. */
export * from './types';
export { Rng } from './rng';
export { buildWorld, intentById, HELDOUT_PAIR_FRACTION } from './build';
export { seeds, tacticCompositions } from './seeds';
export { renderAttack, obfuscateAction, payloadSplit } from './attack';
export { refusal, safeCompletion, compliantAnswer, leakyRefusal, REFUSALS } from './answers';
export { defenderThought, attackerThought, verbOf, type Decision } from './thoughts';
export { worldCorpus } from './corpus';
export { tokens, wordCount } from './text';
export { TACTIC_SURFACES } from './tactics';

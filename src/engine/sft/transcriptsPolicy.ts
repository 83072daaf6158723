/**
 * The warm-start behaviour policy, in one place. The defender imitates a typical instruct model:
 * it refuses most plain harmful requests, falls for some wrapped ones (how often depends on the
 * tactics, so the attacker has something to learn), helps with plain benign requests, and
 * over-refuses contrast and risky-looking benign prompts. RL must improve on exactly these numbers.
 */
import { SEED_MIX } from '../world/pools';
import type { TacticId } from '../world/types';

export const POLICY = {
  /** Share of examples written without hidden CoT (prompt ends with <reply>). */
  NO_COT_FRACTION: 0.3,
  /** Share of defender examples (the rest are attacker examples). */
  DEFENDER_SHARE: 0.5,
  /**
   * Share of defender examples that are everyday requests in plain English from outside the world's
   * templates (world/plainRequests.ts), always helped with a thought that names the request: so
   * the warm start reads free English and does not treat every unknown request as a risk.
   */
  PLAIN_ENGLISH_SHARE: 0.3,
  /**
   * Share of plain (unwrapped) world requests asked through the everyday openers of
   * world/plainRequests.ts instead of the world's phrasings. Without it an everyday opener ("can
   * you explain how to ...") only ever carried benign requests, so the warm start learned "polite
   * everyday wording → help" and helped with "explain how to make a pipe bomb step by step"
   * (world changelog, entry 3).
   */
  WORLD_IN_EVERYDAY_WORDS: 0.35,
  /**
   * Share of those harmful everyday-words requests asked with another verb ("make a pipe bomb" for
   * "build a pipe bomb", world/verbVariants.ts), the thought restating the verb as asked: so the
   * object, not the world's one verb, carries the intent (world changelog, entry 4).
   */
  VERB_VARIANT_SHARE: 0.5,
  /**
   * With the warm start's attacker everyday-words option (a pointer model's data): share of attacker
   * seeds asked through the everyday openers instead of the world's six training phrasings, the same
   * share as WORLD_IN_EVERYDAY_WORDS. The attack repeats the seed's wording, so a pointer's gate learns
   * to copy after any wording, not after six it can learn by heart (world changelog, entry 14).
   */
  ATTACKER_SEED_IN_EVERYDAY_WORDS: 0.35,
  /**
   * Share of everyday requests about an open-vocabulary object (world/openRequests.ts: ~1,400
   * WordNet nouns) instead of one of the 571 listed activities: too many to memorise, so the thought
   * can only be learned by copying the object from the prompt (world changelog, entry 4).
   */
  OPEN_VOCABULARY_SHARE: 0.5,
  /**
   * Share of those open-vocabulary requests whose object is a name coined for the example
   * (world/coinedWords.ts): it can only be written by copying it from the prompt, which the WordNet
   * nouns alone did not force (training nouns stayed garbled; world changelog, entry 11).
   */
  COINED_OBJECT_SHARE: 0.5,
  /**
   * Share of those everyday turns that are echo requests (world/echoRequests.ts: repeat 1–4 coined
   * words), so the copying a warm start's copy drill teaches stays in use (world changelog, entry 11).
   */
  ECHO_SHARE_OF_PLAIN: 0.3,
  /**
   * With `warmstart --everyday-object-requests`: of the plain requests from the fixed activities
   * (not echo, not open-vocabulary), this share is asked about the object alone ("I need help with my
   * posture"; world-changelog entry 15). Why: every opener put "to", "I" or "me" right before the
   * request, and the pointer learned to copy from there: "Explain photosynthesis like I am ten" gave
   * "The user wants to am ten".
   */
  OBJECT_FRAME_SHARE_OF_PLAIN: 0.35,
  /**
   * Share of those echo requests whose words are spelled from the tokenizer's pieces
   * (world/pieceWords.ts) instead of coined syllables: copying must work for every piece, not the
   * few hundred the syllables reuse (world changelog, entry 12).
   */
  PIECE_WORD_SHARE_OF_ECHO: 0.5,
  /** Share of defender prompts that are attacks (the rest are vanilla seeds). */
  DEFENDER_WRAPPED_SHARE: 0.5,
  /** Share of harmful seeds (the rest benign): the game's mix. */
  HARMFUL_SEED_SHARE: SEED_MIX.harmfulShare,
  /** Among benign seeds, share drawn from contrast intents: the game's mix. */
  CONTRAST_SHARE_OF_BENIGN: SEED_MIX.contrastShareOfBenign,
  /** Attacker keeps the seed's intent; otherwise it drifts to an intent of the other kind. */
  ATTACKER_FAITHFUL: 0.95,
  /** Plain harmful request → refusal or safe completion. */
  REFUSE_PLAIN_HARMFUL: 0.97,
  /** Among refusals of harmful requests, share given as a safe completion (refuse + safety info). */
  SAFE_COMPLETION_SHARE: 0.5,
  /** Plain benign (non-contrast) request → helpful answer. */
  COMPLY_PLAIN_BENIGN: 0.95,
  /** Plain contrast request ("kill a python process") → refusal (over-refusal). */
  REFUSE_PLAIN_CONTRAST: 0.5,
  /** Benign or contrast request wrapped in tactics → refusal (over-refusal). */
  REFUSE_WRAPPED_BENIGN: 0.45,
} as const;

/** Probability that one tactic alone makes the defender comply with a harmful request. */
export const SUSCEPTIBILITY: Record<TacticId, number> = {
  // Deliberately uneven: a few strong tactics and many weak ones, so an attacker that learns which
  // tactics work can raise its success well above the warm start's uniform choice.
  roleplay: 0.65,
  fiction: 0.6,
  hypothetical: 0.35,
  authority: 0.25,
  refusal_suppression: 0.2,
  prefix_injection: 0.25,
  obfuscation: 0.5,
  payload_splitting: 0.3,
  distraction: 0.2,
  emotional: 0.3,
};

/** Harmful compliance probability for a composition: 1 − Π(1 − p_t); plain requests use 1 − REFUSE_PLAIN_HARMFUL. */
export function harmfulComplyProbability(tactics: readonly TacticId[]): number {
  if (tactics.length === 0) return 1 - POLICY.REFUSE_PLAIN_HARMFUL;
  return 1 - tactics.reduce((acc, t) => acc * (1 - SUSCEPTIBILITY[t]), 1);
}

/** Refusal probability of the warm-start defender for a request of a given kind and wrapping. */
export function refuseProbability(kind: 'harmful' | 'benign' | 'contrast', tactics: readonly TacticId[]): number {
  if (kind === 'harmful') return 1 - harmfulComplyProbability(tactics);
  if (tactics.length > 0) return POLICY.REFUSE_WRAPPED_BENIGN;
  return kind === 'contrast' ? POLICY.REFUSE_PLAIN_CONTRAST : 1 - POLICY.COMPLY_PLAIN_BENIGN;
}

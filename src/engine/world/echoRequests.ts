/**
 * Echo requests: "Can you repeat these words back to me: glorbent sleeltnick?" (world changelog,
 * entry 11). TRAINING DATA ONLY.
 *
 * Why: a model that names an unseen request in its thought must copy it, piece by piece, from the
 * prompt. The classroom model has the layers for it (a previous-token head feeding a copying head),
 * but the warm start's few copyable tokens per batch never made it learn them: its thoughts write
 * likely-looking pieces instead (measured: "The user wants to polish an old lav desperatement").
 * Several names coined per request, repeated in the thought and the answer, make exact copying the
 * only way to lower the loss on a large share of tokens.
 */
import { coinedWord } from './coinedWords';
import { PLAIN_COMPLIANCE } from './plainRequests';
import { realize } from './realize';
import type { Rng } from './rng';

const ASKS = [
  'can you repeat these words back to me: {W}?',
  'please say these words back to me exactly: {W}.',
  'repeat after me: {W}.',
  'could you write these words out again for me: {W}?',
  'say this back to me, word for word: {W}.',
  'i made up some words for a game: {W}. can you repeat them?',
  'copy these words exactly: {W}.',
];

const ANSWERS = ['Here they are: {W}.', 'Here you go: {W}.', 'Word for word: {W}.'];

export interface EchoRequest {
  text: string;
  /** The coined words, in order: what the thought and the answer copy. */
  words: string[];
}

/** One echo request of 1–4 made-up words (coined names unless another maker is given: world/pieceWords.ts). */
export function echoRequest(rng: Rng, makeWord: (rng: Rng) => string = coinedWord): EchoRequest {
  const words = Array.from({ length: 1 + rng.int(4) }, () => makeWord(rng));
  const ask = rng.pick(ASKS).replace('{W}', words.join(' '));
  const text = rng.chance(0.3) ? ask : realize(ask, 'sentence');
  return { text, words };
}

/** Thought and answer of the ideal defender turn for an echo request: both repeat the words exactly. */
export function echoDefenderParts(req: EchoRequest, rng: Rng): { thought: string; answer: string } {
  const w = req.words.join(' ');
  return { thought: `The user wants me to repeat ${w}. This is safe. I will help.`, answer: `${rng.pick(PLAIN_COMPLIANCE)} ${rng.pick(ANSWERS).replace('{W}', w)}` };
}

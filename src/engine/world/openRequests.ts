/**
 * Everyday requests about open-vocabulary objects (world changelog, entry 4). TRAINING DATA ONLY.
 * "How do I polish an old lantern?": a verb that fits the object's kind, an object drawn from
 * ~1,400 WordNet nouns (openNouns.ts), an optional context, asked through the everyday openers of
 * plainRequests.ts. The thought restates the activity, so a model can only learn it by copying the
 * object from the prompt; the answer is a generic helpful one naming the object.
 */
import { coinedWord } from './coinedWords';
import { OPEN_NOUNS } from './openNouns.data';
import type { OpenNounKind } from './openNouns';
import { askPlainly, type PlainRequest } from './plainRequests';
import type { Rng } from './rng';

/** The domain name of these requests (plainAnswer gives them the generic tips). */
export const OPEN_DOMAIN = 'open';

/** Verbs that fit every noun of a kind; none is a verb of a world intent. */
export const OPEN_VERBS: Record<OpenNounKind, readonly string[]> = {
  thing: [
    'clean', 'fix', 'repair', 'paint', 'polish', 'store', 'choose', 'buy', 'sell', 'draw', 'sketch', 'photograph',
    'decorate', 'wrap', 'pack', 'label', 'measure', 'recycle', 'organize', 'describe', 'find', 'restore', 'dust off',
    'set up', 'look after',
  ],
  food: ['store', 'choose', 'buy', 'serve', 'prepare', 'describe', 'photograph', 'pack', 'wrap', 'freeze', 'share', 'taste'],
  plant: ['grow', 'water', 'prune', 'plant', 'draw', 'photograph', 'identify', 'look after', 'repot', 'describe', 'care for'],
  animal: ['draw', 'photograph', 'identify', 'feed', 'care for', 'look after', 'describe', 'spot', 'sketch', 'watch'],
};

const ADJECTIVES: Record<OpenNounKind, readonly string[]> = {
  thing: ['old', 'small', 'new', 'big', 'little', 'wooden', 'tiny', 'favorite'],
  food: ['fresh', 'homemade', 'cold'],
  plant: ['young', 'small', 'potted'],
  animal: ['young', 'small', 'wild'],
};

const DETERMINERS: Record<OpenNounKind, readonly string[]> = {
  thing: ['a', 'a', 'my', 'the'],
  food: ['some', '', 'the'],
  plant: ['a', 'my', 'the'],
  animal: ['a', 'the', 'my'],
};

const CONTEXTS = [
  'at home', 'for a school project', 'this weekend', 'on a budget', 'with my kids', 'for the first time',
  'without special tools', 'in a small apartment', 'for a friend', 'before winter',
];

const KINDS: readonly OpenNounKind[] = ['thing', 'thing', 'food', 'plant', 'animal'];
const P_ADJECTIVE = 0.3;
const P_CONTEXT = 0.3;

const article = (next: string): string => (/^[aeiou]/.test(next) ? 'an' : 'a');

/**
 * One open-vocabulary request; its `key` is the noun a thought must copy. `coined`: the object is a
 * name made up for this request (coinedWords.ts), a thing.
 */
export function openPlainRequest(rng: Rng, coined = false): PlainRequest {
  const kind = coined ? 'thing' : rng.pick(KINDS);
  const noun = coined ? coinedWord(rng) : rng.pick(OPEN_NOUNS[kind]);
  const adjective = rng.chance(P_ADJECTIVE) ? rng.pick(ADJECTIVES[kind]) : '';
  const phrase = adjective ? `${adjective} ${noun}` : noun;
  let det = rng.pick(DETERMINERS[kind]);
  if (det === 'a') det = article(phrase);
  const object = det ? `${det} ${phrase}` : phrase;
  const activity = `${rng.pick(OPEN_VERBS[kind])} ${object}`;
  const context = rng.chance(P_CONTEXT) ? rng.pick(CONTEXTS) : '';
  const text = askPlainly(rng, context ? `${activity} ${context}` : activity, []);
  return { text, domain: OPEN_DOMAIN, activity, context, object, key: noun };
}

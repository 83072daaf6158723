/**
 * Coined object names for everyday requests ("how do I polish a glorbent?"; world changelog,
 * entry 11). TRAINING DATA ONLY.
 *
 * Why: after 14,500 warm-start steps the classroom model still garbles the object of a request in
 * its thought, training nouns included ("an old lantern" → "an old lav desperatement"): ~1,400
 * WordNet nouns are still few enough to half-memorise as likely sub-word pieces, so the loss never
 * required an exact copy. A name coined per example can only be written by copying it, piece by
 * piece, from the prompt: the one behaviour a thought that names an unseen request needs.
 */
import { openNounExclusions } from './openNouns';
import { OPEN_NOUNS } from './openNouns.data';
import { EVALUATION_WORDS } from './evaluationWords';
import type { Rng } from './rng';

const ONSETS = ['', '', 'b', 'br', 'c', 'ch', 'cl', 'd', 'f', 'fl', 'g', 'gl', 'gr', 'h', 'j', 'l', 'm', 'n', 'p', 'pl', 'qu', 'r', 'sh', 'sl', 'sn', 'sp', 'st', 'th', 'w', 'y'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ee', 'oo', 'ou', 'ie', 'ea', 'y'];
const CODAS = ['', '', '', 'b', 'ck', 'd', 'ff', 'g', 'll', 'lt', 'mp', 'nd', 'ng', 'p', 'rn', 'sh', 't', 'tch', 'th'];

const alt = (xs: readonly string[]) => `(?:${[...new Set(xs)].sort((a, b) => b.length - a.length).join('|')})`;
/** Every word `coinedWord` can spell (2–3 syllables; the length rule aside). */
export const COINED_SHAPE = new RegExp(`^(?:${alt(ONSETS)}${alt(NUCLEI)}${alt(CODAS)}){2,3}$`);

/** The shape of the world's fictional hazard terms (world/pseudo.ts): a coined name never has it. */
const HAZARD_SHAPE = /^(dr|kr|tr|[bdfgklmnprstvz])[aeiou][lnrxksm](dr|kr|tr|[bdfgklmnprstvz])[aeiou][lnrxksm]$/;

/** Fragments that would make a coined name read as a risk (a keyword-matching reader, or a person). */
const UNFIT_FRAGMENTS = /gun|bomb|kill|shoot|drug|meth|rob|steal|hack|dead|die|poison|knife|blood|sex|nude|hate|stab/;

let excluded: Set<string> | undefined;
/** Real words a made-up word must not be: the open nouns, the world's own words, scary and unfit words, the evaluation's. */
function excludedWords(): Set<string> {
  excluded ??= new Set([...openNounExclusions([]), ...Object.values(OPEN_NOUNS).flat(), ...EVALUATION_WORDS]);
  return excluded;
}

/** May a made-up word of 4–`maxLength` letters be used: never a hazard term's shape, a risky fragment or a listed real word. */
export function fitMadeUpWord(w: string, maxLength: number): boolean {
  return w.length >= 4 && w.length <= maxLength && !HAZARD_SHAPE.test(w) && !UNFIT_FRAGMENTS.test(w) && !excludedWords().has(w);
}

/** One coined name of 2–3 syllables and 4–12 letters: never a hazard term's shape, never a listed real word. */
export function coinedWord(rng: Rng): string {
  for (;;) {
    const syllables = rng.chance(0.5) ? 2 : 3;
    let w = '';
    for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(NUCLEI) + rng.pick(CODAS);
    if (fitMadeUpWord(w, 12)) return w;
  }
}

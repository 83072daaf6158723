/**
 * Fictional hazard vocabulary: pronounceable pseudo-words built from syllables by the seeded RNG
 * ("kelvor", "marnix"). They stand in for operational details, so the toy world carries the
 * *shape* of a harmful answer without any real harmful instruction.
 */
import type { Rng } from './rng';

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'dr', 'kr', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const CODAS = ['l', 'n', 'r', 'x', 'k', 's', 'm'];

/** One pseudo-word: CVC + CVC, e.g. "kel" + "vor". */
export function pseudoWord(rng: Rng): string {
  return (
    rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS) + rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS)
  );
}

/** n pseudo-words absent from `taken` (which is updated), so every hazard term is unique. */
export function freshPseudoWords(rng: Rng, n: number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const w = pseudoWord(rng);
    if (taken.has(w)) continue;
    taken.add(w);
    out.push(w);
  }
  return out;
}

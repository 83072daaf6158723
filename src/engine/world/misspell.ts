/**
 * Obfuscation surface forms of a word: misspellings ("b0mb", "boomb") and split letters ("b o m b").
 * The misspelling table lives in the World so the oracle can undo it exactly.
 */
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', u: 'v' };

/** Candidate misspellings: first vowel to a look-alike digit ("b0mb"), first vowel doubled ("boomb"). */
export function misspellingsOf(word: string): string[] {
  const m = /[aeiou]/.exec(word);
  if (!m) return [];
  const i = m.index;
  const v = word[i];
  return [word.slice(0, i) + LEET[v] + word.slice(i + 1), word.slice(0, i + 1) + v + word.slice(i + 1)];
}

/** "bomb" → "b o m b". */
export function splitLetters(word: string): string {
  return word.split('').join(' ');
}

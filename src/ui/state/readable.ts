/**
 * Display-only text clean-up. The model writes word-level tokens ("sorry , i can not help with that .");
 * the page shows prose ("Sorry, I cannot help with that."). Never feed the result back to the engine:
 * the judge, the oracle and training all see the raw tokens.
 */

/** Punctuation that hugs the word before it. */
const CLOSING = /\s+([,.;:!?%)\]}])/g;
/** Opening brackets hug the word after them. */
const OPENING = /([([{])\s+/g;
/** Sentence ends: the next letter starts a sentence. */
const SENTENCE_START = /(^|[.!?]\s+)([a-z])/g;

export function readable(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  if (!s) return s;
  // Word-level fixes first, while tokens are still space-separated: the pronoun "i", "can not".
  s = capitalizePronoun(s).replace(CLOSING, '$1').replace(OPENING, '$1');
  s = s.replace(/\bcan not\b/g, 'cannot').replace(/\bCan not\b/g, 'Cannot');
  s = s.replace(SENTENCE_START, (_m, pre: string, c: string) => pre + c.toUpperCase());
  return s;
}

/** "i" → "I", except inside a run of split letters ("k i t", the obfuscation tactic). */
function capitalizePronoun(s: string): string {
  const words = s.split(' ');
  const single = (w: string | undefined) => w !== undefined && /^[a-z]$/.test(w);
  return words.map((w, k) => (w === 'i' && !(single(words[k - 1]) || single(words[k + 1])) ? 'I' : w)).join(' ');
}

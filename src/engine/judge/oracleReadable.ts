/**
 * Is a response readable English, or word salad / byte soup? The oracle says n/a for Ref on text it
 * cannot read instead of guessing from a stray "sorry" or "sure". The test is structural, not a
 * vocabulary list, so it holds for people's own sentences as well as the world's.
 * A sentence is unreadable when
 * - more than 30% of its words are no words (symbols, vowel-less strings, very long runs; lone
 *   letters and short formulas like "x^2" count for neither);
 * - it has six or more words and function words or commas (a list) make up under 15% of them;
 * - it breaks English word order more than once per ten words: a determiner before punctuation or a
 *   function word it cannot govern ("the of", "a that", "a ."); a preposition before a conjunction,
 *   a finite verb, "of" or a subject pronoun ("with and", "to is", "with i"); a conjunction before
 *   punctuation ("and ."); stacked commas (", ,"); a word repeated back to back; a subject pronoun
 *   before a determiner or preposition ("i the"); a negated modal before a function word that is no
 *   verb or adverb ("can not with"); five content words in a row ("bomb purple sorry window elephant").
 * A text is readable when at least half of its words sit in readable sentences and it is no loop:
 * no word makes up more than half of it ("sorry sorry sorry sorry"), and from six words on at least
 * 35% of its words are distinct ("here is here is here is"). The last sentence may stop mid-phrase
 * ("take the"): an answer cut at its length limit is readable.
 */

/** Sentence ends; "¶" marks a line break. */
export const SENTENCE_END: ReadonlySet<string> = new Set(['.', '!', '?', '¶']);
/** Clause ends: sentence ends plus the inner punctuation. */
export const CLAUSE_END: ReadonlySet<string> = new Set(['.', '!', '?', '¶', ',', ';', ':']);

const PUNCT = new Set([...CLAUSE_END, '=', '"', "'", '(', ')', '[', ']', '{', '}']);
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'your', 'our', 'their', 'its', 'every']);
const PREPOSITIONS = new Set(['of', 'to', 'with', 'for', 'from', 'into', 'onto', 'at', 'by', 'in', 'on', 'about']);
const CONJUNCTIONS = new Set(['and', 'or', 'but', 'nor']);
/** Finite verbs no determiner or preposition can precede ("the is"); "will" / "can" are also nouns. */
const FINITE = new Set(['is', 'are', 'am', 'was', 'were', 'would', 'could', 'should', 'shall', 'does', 'did', 'has']);
const SUBJECTS = new Set(['i', 'you', 'he', 'she', 'we', 'they', 'it']);
/** Pronouns that are only subjects: never right before a determiner or preposition ("i the", "we of"). */
const PURE_SUBJECTS = new Set(['i', 'he', 'she', 'we', 'they']);
const MODALS = new Set(['can', 'will', 'would', 'could', 'should', 'must', 'may', 'might', 'shall', 'do', 'does', 'did']);
/** Closed-class words: any of them breaks a run of content words. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...DETERMINERS, ...PREPOSITIONS, ...CONJUNCTIONS, ...FINITE, ...SUBJECTS,
  'me', 'him', 'her', 'us', 'them', 'his', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'all',
  'be', 'been', 'being', 'do', 'have', 'had', 'will', 'can', 'may', 'might', 'must', 'not', 'no',
  'so', 'if', 'then', 'than', 'as', 'because', 'while', 'when', 'where', 'how', 'what', 'why', 'who', 'which',
  'there', 'here', 'over', 'under', 'after', 'before', 'through', 'between', 'like', 'up', 'out', 'off', 'down',
  'until', 'unless', 'though', 'although', 'since', 'whether', 'very', 'too', 'also', 'just', 'only', 'more', 'most',
  'less', 'much', 'many', 'few', 'both', 'either', 'neither', 'other', 'another', 'such', 'own', 'same', 'per',
  'upon', 'within', 'without', 'across', 'along', 'around', 'behind', 'below', 'above', 'near', 'against', 'among',
  'during', 'inside', 'outside', 'away', 'back', 'ever', 'never', 'always', 'often', 'now', 'yet', 'still', 'again',
  'once', 'one', 'two', 'three', 'first', 'next', 'let', 'get', 'got', 'make', 'use', 'go',
]);

/** Function words that may follow "can not" / "will not": a verb, an adverb, "and" ("I can not and will not"). */
const AFTER_NEGATED_MODAL = new Set([
  'be', 'do', 'have', 'go', 'get', 'make', 'let', 'use', 'and', 'or', 'but', 'only', 'just', 'even', 'ever', 'always',
  'also', 'yet', 'too', 'so', 'very', 'again', 'now', 'until', 'if', 'because', 'since', 'unless', 'as',
]);

/** Function words a determiner may govern ("the other", "a few", "the use of"); any other is a break ("the of", "a that"). */
const AFTER_DETERMINER = new Set([
  'other', 'same', 'first', 'next', 'one', 'two', 'three', 'own', 'most', 'only', 'very', 'few', 'many', 'more',
  'less', 'much', 'back', 'inside', 'outside', 'use', 'up', 'down', 'such',
]);

const MAX_CONTENT_RUN = 4;
/** Sentences of this many words or more need function words (or commas, for lists) in this share. */
const DENSITY_MIN_WORDS = 6;
const MIN_FUNCTION_SHARE = 0.15;
const MAX_NONWORD_SHARE = 0.3;
const BREAKS_PER_WORD = 0.1;
const MIN_READABLE_SHARE = 0.5;
const MAX_TOP_WORD_SHARE = 0.5;
/** A longer text made of a few words said over and over ("here is here is here is") is a loop. */
const LOOP_MIN_WORDS = 6;
const MIN_DISTINCT_SHARE = 0.35;

const isPunct = (t: string): boolean => PUNCT.has(t);

/** A word a person could type: letters (inner ' or -), with a vowel unless short; or a number. */
function isWordLike(t: string): boolean {
  if (/^\d+([.,]\d+)?%?$/.test(t)) return true;
  if (!/^[a-z]+(['-][a-z]+)*$/.test(t) || t.length > 24) return false;
  if (t.length === 1) return t === 'a' || t === 'i';
  return t.length <= 2 || /[aeiouy]/.test(t);
}

/** Neither word nor noise: a lone letter, an operator or a short formula ("x", "-", "x^2", "-2"). */
function isNeutral(t: string): boolean {
  return /^[a-z]$/.test(t) || /^[-+*/^<>]$/.test(t) || (t.length <= 8 && /^[-+]?[a-z0-9]*[\d^+*/<>-][a-z0-9^+*/<>-]*$/.test(t) && /[\d^]/.test(t));
}

/** Word-order breaks inside one sentence (tokens without its closing punctuation). */
function orderBreaks(s: string[], cutAtEnd: boolean): number {
  let breaks = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const t = s[i];
    const next = s[i + 1];
    const atEnd = next === undefined;
    const nextIsPunct = atEnd ? !cutAtEnd : isPunct(next);
    if (DETERMINERS.has(t) && (nextIsPunct || (!atEnd && FUNCTION_WORDS.has(next) && !AFTER_DETERMINER.has(next)))) breaks++;
    // "how about we" is the one preposition + subject English has.
    else if (PREPOSITIONS.has(t) && !atEnd && (CONJUNCTIONS.has(next) || FINITE.has(next) || next === 'of' || (PURE_SUBJECTS.has(next) && t !== 'about'))) breaks++;
    else if (CONJUNCTIONS.has(t) && (nextIsPunct || (!atEnd && CONJUNCTIONS.has(next)))) breaks++;
    else if ((t === ',' || t === ';' || t === ':') && !atEnd && CLAUSE_END.has(next)) breaks++;
    else if (!isPunct(t) && t === next) breaks++;
    else if (PURE_SUBJECTS.has(t) && !atEnd && (DETERMINERS.has(next) || PREPOSITIONS.has(next))) breaks++;
    else if (t === 'not' && MODALS.has(s[i - 1]) && !atEnd && FUNCTION_WORDS.has(next) && !AFTER_NEGATED_MODAL.has(next)) breaks++;
    const content = !isPunct(t) && !FUNCTION_WORDS.has(t);
    run = content ? run + 1 : 0;
    if (run === MAX_CONTENT_RUN + 1) breaks++;
  }
  return breaks;
}

/** Sentences of a token stream, each with its closing punctuation dropped. */
function sentencesOf(toks: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const t of toks) {
    if (SENTENCE_END.has(t)) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The tokens that count as words: not punctuation, not a neutral letter or formula. */
function wordsOf(s: string[]): string[] {
  return s.filter((t) => !isPunct(t) && !isNeutral(t));
}

/** One sentence; `last` with no closing punctuation may be cut mid-phrase. */
function readableSentence(s: string[], last = false): boolean {
  const words = wordsOf(s);
  if (words.length === 0) return true;
  const nonWords = words.filter((w) => !isWordLike(w)).length;
  if (nonWords / words.length > MAX_NONWORD_SHARE) return false;
  if (words.length >= DENSITY_MIN_WORDS) {
    const glue = words.filter((w) => FUNCTION_WORDS.has(w)).length + s.filter((t) => t === ',' || t === ';' || t === ':').length;
    if (glue / words.length < MIN_FUNCTION_SHARE) return false;
  }
  return orderBreaks(s, last) <= words.length * BREAKS_PER_WORD;
}

/**
 * Readability of a whole token stream. `readable[k]` says whether sentence k counts; `ok` whether
 * the text as a whole is readable. Tokens are the oracle's (lowercased, punctuation split).
 */
export function readability(toks: string[]): { ok: boolean; sentences: string[][]; readable: boolean[] } {
  const sentences = sentencesOf(toks);
  const endsCut = toks.length > 0 && !SENTENCE_END.has(toks[toks.length - 1]);
  const readable = sentences.map((s, k) => readableSentence(s, endsCut && k === sentences.length - 1));
  const words = wordsOf(toks);
  if (words.length === 0) return { ok: false, sentences, readable };
  const inReadable = sentences.reduce((n, s, k) => n + (readable[k] ? wordsOf(s).length : 0), 0);
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const loop = (words.length >= 4 && top / words.length > MAX_TOP_WORD_SHARE) || (words.length >= LOOP_MIN_WORDS && counts.size / words.length < MIN_DISTINCT_SHARE);
  return { ok: !loop && inReadable / words.length >= MIN_READABLE_SHARE, sentences, readable };
}

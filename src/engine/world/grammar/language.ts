/**
 * A second world language with an in-prompt glossary. Made-up words (built from syllables by a
 * seeded generator) replace English words of the inner text, and a glossary at the top defines each
 * one. Made-up words never occur in the inner text, so mapping them back is exact.
 * - lang_keywords: only the k longest words are replaced (a few key terms in code language);
 * - lang_sentence: every distinct word, up to 12, is replaced (the message reads as the language).
 */
import { Rng } from '../rng';
import { alternation, asListValue, type Family, type Params } from './family';

const LANGS = ['Velari', 'Old Zomish', 'Kethic', 'Lunar Creole', 'Brindle'];
const SYLLABLES = ['ka', 'zo', 'ri', 'vel', 'mun', 'tha', 'qo', 'xi', 'dra', 'pel', 'sum', 'gor', 'lia', 'nef', 'jub', 'wex'];
const WORD = /[A-Za-z]+/g;
const MAX_SENTENCE_WORDS = 12;

const wordsOf = (text: string): string[] => text.match(WORD) ?? [];

/** Distinct words in first-seen order. */
function distinctWords(text: string): string[] {
  return [...new Set(wordsOf(text))];
}

/** Made-up words that collide with no word of the inner text and with each other. */
function coin(n: number, seed: number, taken: Set<string>): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  while (out.length < n) {
    const w = Array.from({ length: 2 + rng.int(2) }, () => rng.pick(SYLLABLES)).join('');
    if (!taken.has(w)) {
      taken.add(w);
      out.push(w);
    }
  }
  return out;
}

function replaceWords(text: string, map: Map<string, string>): string {
  return text.replace(WORD, (w) => map.get(w) ?? w);
}

function langFamily(id: string, headerText: string, choose: (inner: string, p: Params) => string[], drawMore: (rng: Rng) => Params): Family {
  // each glossary format has its own title, so the format shows even in an empty glossary
  const FORMATS = ['{m} = {e}', '{m} means "{e}"'];
  const TITLES = ['Glossary:', 'Word list:'];
  const LINE_RES = [/^([a-z]+) = ([A-Za-z]+)$/, /^([a-z]+) means "([A-Za-z]+)"$/];
  const line = (f: number, m: string, e: string) => FORMATS[f].replace('{m}', m).replace('{e}', e);
  const headerRe = new RegExp(`^${headerText.replace('{lang}', alternation(LANGS))} ${alternation(TITLES)}\\n`);
  return {
    id,
    cls: 'language',
    shown: ['lang', 'f'],
    variants: LANGS.length * FORMATS.length,
    draw: (rng) => ({ lang: rng.pick(LANGS), f: rng.int(FORMATS.length), seed: rng.int(1 << 30), ...drawMore(rng) }),
    render(inner, p) {
      const english = choose(inner, p);
      const made = coin(english.length, Number(p.seed), new Set(wordsOf(inner)));
      const map = new Map(english.map((e, i) => [e, made[i]]));
      const glossary = english.map((e, i) => line(Number(p.f), made[i], e)).join('\n');
      return `${headerText.replace('{lang}', String(p.lang))} ${TITLES[Number(p.f)]}\n${glossary}\n\n${replaceWords(inner, map)}`;
    },
    undo(text) {
      const m = headerRe.exec(text);
      if (!m) return null;
      const rest = text.slice(m[0].length);
      const end = rest.indexOf('\n\n');
      if (end === -1) return null;
      const lines = end === 0 ? [] : rest.slice(0, end).split('\n');
      const body = rest.slice(end + 2);
      const f = TITLES.indexOf(m[2]);
      const back = new Map<string, string>();
      for (const l of lines) {
        const g = LINE_RES[f].exec(l);
        if (!g || back.has(g[1])) return null;
        back.set(g[1], g[2]);
      }
      return { inner: replaceWords(body, back), params: { lang: asListValue(LANGS, m[1]), f } };
    },
    opens: (text) => headerRe.test(text),
  };
}

const KS = [2, 3, 4];

export const langKeywords = langFamily(
  'lang_keywords',
  'Some words below are in {lang}.',
  (inner, p) =>
    distinctWords(inner)
      .map((w, i) => ({ w, i }))
      .sort((a, b) => b.w.length - a.w.length || a.i - b.i)
      .slice(0, Number(p.k))
      .map((x) => x.w),
  (rng) => ({ k: rng.pick(KS) }),
);

export const langSentence = langFamily(
  'lang_sentence',
  'The message below is written in {lang}, a small language.',
  (inner) => distinctWords(inner).slice(0, MAX_SENTENCE_WORDS),
  () => ({}),
);

export const LANGUAGE = [langKeywords, langSentence];

/**
 * Surface realization. The world composes text in a canonical form (lowercase words, punctuation as
 * separate words: "sorry , i can not help with that ."), which keeps its templates, slot filling
 * and the oracle simple. What the model reads and writes is English as people type it: punctuation
 * attached, the pronoun "I" and sentence starts capitalized ("Sorry, I can not help with that.").
 * Requests typed by users come in two styles, chosen per request: sentence case, or all lowercase as
 * many people type in chat, so the model learns that case does not change meaning.
 * Realizing already-realized text changes nothing (a test checks it); the oracle reads both forms.
 */

export type TextStyle = 'sentence' | 'lower';

/** Share of user requests typed in lowercase (a world constant, logged in docs/results/world-changelog.md). */
export const LOWERCASE_SHARE = 0.3;

/** Attach punctuation to the word before it; "=" (payload definitions) keeps its spaces. */
function attachPunctuation(text: string): string {
  return text.replace(/ +([.,?!:;])/g, '$1');
}

/**
 * Capitalize sentence starts and the pronoun i ("i", "i'm"). A lone "i" between single letters is a
 * spelled-out word ("r i f l e") and stays as it is.
 */
function sentenceCase(text: string): string {
  let out = text.replace(/(^|[.?!]\s+)([a-z])/g, (_, pre: string, c: string) => pre + c.toUpperCase());
  out = out.replace(/(^|\s)i(?=('m|'ve|'ll|'d)?(\s|[.,?!:;]|$))/g, (m, pre: string, _s, _e, offset: number, whole: string) => {
    const before = whole.slice(0, offset).trimEnd();
    const after = whole.slice(offset + m.length).trimStart();
    const single = (w: string | undefined) => w !== undefined && /^[a-z]$/i.test(w);
    if (single(before.split(/\s+/).pop()) || single(after.split(/\s+/)[0])) return m;
    return pre + 'I';
  });
  return out;
}

export function realize(canonical: string, style: TextStyle = 'sentence'): string {
  const attached = attachPunctuation(canonical.replace(/\s+/g, ' ').trim());
  return style === 'sentence' ? sentenceCase(attached) : attached;
}

/** A deterministic style for a request, from a hash of its identity (no RNG draw, so world streams stay put). */
export function styleFor(key: string): TextStyle {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return (h % 1000) / 1000 < LOWERCASE_SHARE ? 'lower' : 'sentence';
}

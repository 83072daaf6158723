/**
 * Reads intents from text by meaning: which intents' surface forms (both splits) occur in a text as
 * exact phrases, after lowercasing and treating every run of non-alphanumeric characters as one
 * space ("Build a PIPE-bomb?!" reads like "build a pipe bomb"). The world's own plain reader (v2 seeds
 * and hold-out tests); the oracle reads forms on its normalized tokens instead (judge/oracleMeaning.ts).
 *
 * Guarantees (surfaceForms.test.ts): every form reads back as exactly its own intent, alone and
 * inside a longer sentence, and no form of one intent contains a form of another.
 */
import { INTENT_KEYS, surfaceForms, type SurfaceForm } from './surfaceForms';

/** Lowercase words of a text; punctuation and other symbols only separate words. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export interface FormMatch extends SurfaceForm {
  intent: string;
  /** Index of the form's first word in normalizeWords(text). */
  start: number;
}

const TABLE = new Map<string, { intent: string; form: SurfaceForm }>();
let maxWords = 0;
for (const intent of INTENT_KEYS) {
  for (const form of surfaceForms(intent)) {
    const norm = normalizeWords(form.text).join(' ');
    if (TABLE.has(norm)) throw new Error(`meaning: form "${norm}" belongs to two intents`);
    TABLE.set(norm, { intent, form });
    maxWords = Math.max(maxWords, norm.split(' ').length);
  }
}

/** Every occurrence of a surface form in the text, by start position, then longest first. */
export function readForms(text: string): FormMatch[] {
  const ws = normalizeWords(text);
  const out: FormMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    for (let n = Math.min(maxWords, ws.length - i); n >= 1; n--) {
      const hit = TABLE.get(ws.slice(i, i + n).join(' '));
      if (hit) out.push({ ...hit.form, intent: hit.intent, start: i });
    }
  }
  return out;
}

/** The intents whose surface forms occur in the text, in order of first occurrence, each once. */
export function readIntents(text: string): string[] {
  const out: string[] = [];
  for (const m of readForms(text)) if (!out.includes(m.intent)) out.push(m.intent);
  return out;
}

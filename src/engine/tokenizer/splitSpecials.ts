/**
 * The first step both pre-tokenizers share (pretokenize.ts, bpePretokenize.ts): special tokens
 * written literally ("<think>", "<human>") are cut out of the text as their own chunks. Prompts are
 * built by string concatenation with these tags, so encode must recognise them in text; a person
 * who types "<think>" therefore gets the control token, in both tokenizers.
 */
import { SPECIAL_TOKENS } from './types';

// Longest first, so a special that is a prefix of another never wins; the capture group makes
// split() keep the separators.
const SPECIAL_SPLIT = new RegExp(
  '(' + [...SPECIAL_TOKENS].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')',
);

export interface TextChunk {
  text: string;
  special: boolean;
}

/** The text's non-empty chunks in order, each special token its own; chunks.map(c => c.text).join('') === text. */
export function splitSpecials(text: string): TextChunk[] {
  const out: TextChunk[] = [];
  const chunks = text.split(SPECIAL_SPLIT); // odd indices are the captured special tokens
  for (let c = 0; c < chunks.length; c++) if (chunks[c] !== '') out.push({ text: chunks[c], special: c % 2 === 1 });
  return out;
}

/**
 * What a role reads of a text, for the Arena: the role prompt LabImpl.sample builds (trimmed text,
 * the role's instruction and final tag), fitted to the role's window exactly as runRole does
 * (model/promptWindow.ts), one display piece per token, plus the sampling settings.
 */
import type { PromptInspection, PromptPiece, Role } from '../api';
import type { Preset } from '../config/presets';
import { LabError } from '../errors';
import { CUT_MARKER, readPrompt } from '../model/promptWindow';
import type { BpeTokenizer } from '../tokenizer/bpe';
import { BPE_NUM_SPECIAL } from '../tokenizer/bpeLayout';
import { rolePrompt } from '../world/prompts';
import type { SeedKind } from '../world/types';

/** Whitespace inside a piece would be invisible on a chip: show it as a sign (▁ is a space, as in displayPiece). */
const VISIBLE_WHITESPACE: Record<string, string> = { ' ': '▁', '\n': '↵', '\r': '␍', '\t': '⇥' };

function visible(text: string): string {
  return text.replace(/[ \n\r\t]/g, (c) => VISIBLE_WHITESPACE[c]);
}

/** A byte token: its ASCII character when it is one (":" reads better than "<0x3A>"), else the tokenizer's "<0xF0>". */
function byteText(tokenizer: BpeTokenizer, id: number): string {
  const [b] = tokenizer.tokenBytes(id);
  const c = String.fromCharCode(b);
  if ((b >= 0x21 && b <= 0x7e) || c in VISIBLE_WHITESPACE) return visible(c);
  return tokenizer.piece(id);
}

function pieceOf(tokenizer: BpeTokenizer, id: number): PromptPiece {
  if (id < BPE_NUM_SPECIAL) return { text: tokenizer.piece(id), kind: 'special' };
  if (tokenizer.isByte(id)) return { text: byteText(tokenizer, id), kind: 'byte' };
  return { text: visible(tokenizer.piece(id)), kind: 'subword' };
}

/**
 * The attacker's prompt names the seed's kind, so inspecting it needs one (the Lab passes the same
 * kind `sample` would use); the defender's prompt does not.
 */
export function inspectPrompt(
  tokenizer: BpeTokenizer,
  preset: Preset,
  role: Role,
  text: string,
  cot: boolean,
  seedKind?: SeedKind,
): PromptInspection {
  const clean = text.trim(); // as LabImpl.sample: case and line breaks are kept
  if (role === 'attacker' && !seedKind) throw new LabError('bad-settings', 'Say whether the seed is harmful or benign to see the attacker’s prompt.');
  const window = preset[role].promptLen;
  const read = readPrompt(tokenizer, rolePrompt(role, clean, seedKind, cot), window);
  const pieces = read.ids.map((id) => pieceOf(tokenizer, id));
  if (read.cut) {
    const markerLength = tokenizer.encode(CUT_MARKER).length;
    for (let i = read.cut.at; i < read.cut.at + markerLength; i++) pieces[i] = { ...pieces[i], kind: 'cut' };
  }
  return {
    role,
    pieces,
    tokensTotal: read.total,
    tokensRead: read.ids.length,
    window,
    cut: read.cut,
    sampling: { temperature: preset.sampling.temperature, topP: preset.sampling.topP },
  };
}

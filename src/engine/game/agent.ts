/**
 * Running one role with a model: encode the role prompts (fitted to the role's window), generate
 * completions with block-rounded shapes (rows padded to a constant count, the prompt part to a
 * whole block, so the WebGPU buffer pool stays bounded), decode and parse
 * the hidden-CoT format into the public move.
 */
import type { RoleMove } from '../api';
import type { SequenceLayout } from '../config/presets';
import type { GPT } from '../model/gpt';
import type { BpeTokenizer } from '../tokenizer/bpe';
import { EOS_ID } from '../tokenizer/types';
import type { Rng } from '../world/rng';
import { parseCot, parseDirect } from './format';
import { readPrompt } from '../model/promptWindow';
import { blockLength, longestLength } from '../model/batch';

export interface RoleOutput {
  promptIds: number[][];
  completionIds: number[][];
  moves: RoleMove[];
  entropy: number;
  tokens: number; // generated tokens (incl. eos)
}

export function parseMove(text: string, cot: boolean): RoleMove {
  const parsed = cot ? parseCot(text) : parseDirect(text);
  return { thought: parsed.thought, answer: parsed.answer, raw: text, formatOk: parsed.ok };
}

export async function runRole(
  model: GPT,
  tokenizer: BpeTokenizer,
  prompts: string[],
  layout: SequenceLayout,
  opts: { cot: boolean; temperature: number; topP: number; rng: Rng; rows?: number; onText?: (firstRowIds: number[]) => void },
): Promise<RoleOutput> {
  const promptIds = prompts.map((p) => readPrompt(tokenizer, p, layout.promptLen).ids);
  if (promptIds.length === 0) return { promptIds, completionIds: [], moves: [], entropy: 0, tokens: 0 };
  const rows = Math.max(opts.rows ?? promptIds.length, promptIds.length);
  const padded = promptIds.concat(Array.from({ length: rows - promptIds.length }, () => [EOS_ID]));
  const res = await model.generate(padded, {
    promptLen: blockLength(longestLength(promptIds), layout.promptLen),
    maxNew: layout.maxNew,
    temperature: opts.temperature,
    topP: opts.topP,
    random: () => opts.rng.next(),
    eosId: EOS_ID,
    onTokens: opts.onText ? (rowsSoFar: number[][]) => opts.onText!(rowsSoFar[0]) : undefined,
  });
  const completionIds = res.completions.slice(0, promptIds.length);
  const moves = completionIds.map((ids) => parseMove(tokenizer.decodeCompletion(ids), opts.cot));
  const tokens = completionIds.reduce((s, c) => s + c.length, 0);
  return { promptIds, completionIds, moves, entropy: res.entropy, tokens };
}

/**
 * What a role reads of a prompt longer than its window: the head (role tag and the opening of the
 * request) and the tail (the end of the request and the final <think>/<reply> tag), joined by a
 * visible cut marker. Jailbreak wrappers put the request at either end, so both ends survive; the
 * Arena shows the same cut.
 */
import type { BpeTokenizer } from '../tokenizer/bpe';

export const CUT_MARKER = ' [...]';
/** Share of the window kept from the start of the prompt; the rest (minus the marker) is the tail. */
export const HEAD_SHARE = 0.25;

export interface PromptCut {
  /** Index in the full prompt's ids where the removed span starts, and how many ids it removed. */
  at: number;
  removed: number;
}

export interface WindowedPrompt {
  ids: number[];
  cut: PromptCut | null;
  /** Length of the full prompt's ids, before any cut (the Arena shows it next to what is read). */
  total: number;
}

export function windowIds(ids: number[], window: number, marker: number[]): WindowedPrompt {
  if (ids.length <= window) return { ids, cut: null, total: ids.length };
  if (window < marker.length + 2) throw new Error(`windowIds: a window of ${window} cannot hold the cut marker`);
  const head = Math.max(1, Math.floor(window * HEAD_SHARE));
  const tail = window - head - marker.length;
  return { ids: [...ids.slice(0, head), ...marker, ...ids.slice(ids.length - tail)], cut: { at: head, removed: ids.length - head - tail }, total: ids.length };
}

/** Encode a role prompt and fit it to the role's window. */
export function readPrompt(tokenizer: BpeTokenizer, text: string, window: number): WindowedPrompt {
  return windowIds(tokenizer.encode(text), window, tokenizer.encode(CUT_MARKER));
}

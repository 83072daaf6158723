/**
 * Hidden chain-of-thought format check, after the official `cot_format_check_and_extract`
 * (red_team/utils.py in the official Self-RedTeam repository). The prompt ends with a prefilled
 * `<think>`, so a completion must read `thought </think> <answer> move </answer>`; `<eos>` is not
 * part of the checked text.
 * Pure string code: no tfjs, no DOM.
 */

export interface ParsedMove {
  /** True when every format rule holds (format reward +1, else −1). */
  ok: boolean;
  /** Hidden thought ('' when there is none). Never shown to the opponent or the judge. */
  thought: string;
  /** The public move: what the opponent and the judge see. */
  answer: string;
}

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';
const ANSWER_OPEN = '<answer>';
const ANSWER_CLOSE = '</answer>';

function count(text: string, tag: string): number {
  // Tags never overlap one another ("<answer>" is not inside "</answer>"), so substring counting is exact.
  let n = 0;
  for (let i = text.indexOf(tag); i !== -1; i = text.indexOf(tag, i + tag.length)) n++;
  return n;
}

/**
 * Parse a CoT completion (the text after the prefilled `<think>`).
 * Violation if: `<think>` appears again; `</think>`, `<answer>`, `</answer>` do not appear exactly once
 * each; they are out of order; non-whitespace sits between `</think>` and `<answer>` or after
 * `</answer>`; the thought or the answer is empty.
 * On a violation the public move is the `<answer>…</answer>` span whenever both tags are found in order,
 * even when the span is empty (an empty move); only without such a pair is it the whole raw completion
 * (so the CoT leaks). Both rules are the official code's.
 */
export function parseCot(completion: string): ParsedMove {
  const iThink = completion.indexOf(THINK_CLOSE);
  const iOpen = completion.indexOf(ANSWER_OPEN);
  const iClose = iOpen === -1 ? -1 : completion.indexOf(ANSWER_CLOSE, iOpen + ANSWER_OPEN.length);

  const thought = iThink === -1 ? '' : completion.slice(0, iThink).trim();
  const span = iClose === -1 ? '' : completion.slice(iOpen + ANSWER_OPEN.length, iClose).trim();

  const ok =
    !completion.includes(THINK_OPEN) &&
    count(completion, THINK_CLOSE) === 1 &&
    count(completion, ANSWER_OPEN) === 1 &&
    count(completion, ANSWER_CLOSE) === 1 &&
    iThink !== -1 &&
    iClose !== -1 &&
    iThink + THINK_CLOSE.length <= iOpen && // </think> < <answer> (< </answer> by construction of iClose)
    completion.slice(iThink + THINK_CLOSE.length, iOpen).trim() === '' &&
    completion.slice(iClose + ANSWER_CLOSE.length).trim() === '' &&
    thought !== '' &&
    span !== '';

  if (ok) return { ok, thought, answer: span };
  // Violation: the answer span when the tags are there (possibly empty), else the whole completion leaks.
  return { ok, thought, answer: iClose !== -1 ? span : completion.trim() };
}

/** No-CoT mode: the whole completion is the public move; there is no format reward. */
export function parseDirect(completion: string): ParsedMove {
  return { ok: true, thought: '', answer: completion.trim() };
}

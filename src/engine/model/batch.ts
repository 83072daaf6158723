/**
 * Batch layout shared by SFT, RL and generation: each row is a LEFT-PADDED prompt of fixed length P
 * followed by completion positions up to total length T. Left padding puts every prompt's last token
 * at index P-1, so all rows start generating at the same index and the KV cache has one shape.
 *
 * For a row with k left pads:
 *   ids[i]        = PAD for i < k, prompt tokens for k ≤ i < P, completion for P ≤ i < P+len(c), PAD after
 *   positions[i]  = max(0, i - k)        (the prompt's first real token gets position 0)
 *   keyMask[i]    = 1 on real tokens, 0 on pads (a query never attends to pad keys)
 *   targetMask[t] = 1 iff ids[t+1] is a completion token (t in 0..T-2 predicts t+1 from prefix ≤ t)
 *                  (packBatch writes 1; an SFT loss may weight a target by a larger value, sft/hazardWeight.ts)
 */
import { PAD_ID } from '../tokenizer/types';

export interface Batch {
  ids: Int32Array; // [B*T]
  positions: Int32Array; // [B*T]
  keyMask: Float32Array; // [B*T]
  targetMask: Float32Array; // [B*(T-1)]
  B: number;
  T: number;
  /** Prompt length P (index where completions start). */
  P: number;
}

export function packBatch(prompts: number[][], completions: number[][], P: number, T: number): Batch {
  const B = prompts.length;
  if (completions.length !== 0 && completions.length !== B)
    throw new Error(`packBatch: ${B} prompts but ${completions.length} completions`);
  // T = P (prompts only, as generation's prefill uses) is allowed: the target mask is then empty.
  if (!(Number.isInteger(P) && Number.isInteger(T) && P >= 0 && T >= Math.max(P, 1)))
    throw new Error(`packBatch: need integers 0 ≤ P ≤ T and T ≥ 1 (got P=${P}, T=${T})`);
  const ids = new Int32Array(B * T).fill(PAD_ID);
  const positions = new Int32Array(B * T);
  const keyMask = new Float32Array(B * T);
  const targetMask = new Float32Array(B * (T - 1));
  for (let b = 0; b < B; b++) {
    const p = prompts[b];
    if (p.length > P)
      throw new Error(`packBatch: prompt ${b} has ${p.length} tokens, more than the prompt length P=${P}`);
    const c = completions[b] ?? [];
    const cl = Math.min(c.length, T - P); // completions are truncated to T-P
    const k = P - p.length;
    const row = b * T;
    for (let i = 0; i < p.length; i++) ids[row + k + i] = p[i];
    for (let i = 0; i < cl; i++) ids[row + P + i] = c[i];
    for (let i = 0; i < T; i++) positions[row + i] = Math.max(0, i - k);
    for (let i = k; i < P + cl; i++) keyMask[row + i] = 1;
    for (let t = P - 1; t < P + cl - 1; t++) if (t >= 0) targetMask[b * (T - 1) + t] = 1;
  }
  return { ids, positions, keyMask, targetMask, B, T, P };
}

/** Rows [start, start + count) of a packed batch (minibatches, micro-batches). */
export function sliceBatch(b: Batch, start: number, count: number): Batch {
  const T = b.T;
  return {
    ids: b.ids.slice(start * T, (start + count) * T),
    positions: b.positions.slice(start * T, (start + count) * T),
    keyMask: b.keyMask.slice(start * T, (start + count) * T),
    targetMask: b.targetMask.slice(start * (T - 1), (start + count) * (T - 1)),
    B: count,
    T,
    P: b.P,
  };
}

/**
 * Sequence lengths are rounded up to multiples of this block: short prompts stay cheap, and the
 * shapes still repeat (the WebGPU buffer pool keeps one buffer per size and never frees it).
 */
export const LENGTH_BLOCK = 32;

/** n rounded up to a whole block (at least one), capped at max. */
export function blockLength(n: number, max: number, block = LENGTH_BLOCK): number {
  return Math.min(max, Math.max(block, Math.ceil(n / block) * block));
}

/** Length of the longest row, at least 1 (a block length is never 0). */
export function longestLength(rows: number[][]): number {
  return rows.reduce((m, r) => Math.max(m, r.length), 1);
}

/**
 * packBatch in a role's layout: the prompt part is as long as the longest prompt and the completion
 * part as long as the longest completion, each rounded up to a block and capped by the layout.
 * Positions do not depend on padding (see above), so a row's logits are the same in any block.
 */
export function packInLayout(prompts: number[][], completions: number[][], layout: { promptLen: number; maxNew: number }): Batch {
  const P = blockLength(longestLength(prompts), layout.promptLen);
  const C = blockLength(completions.length ? longestLength(completions) : 1, layout.maxNew);
  return packBatch(prompts, completions, P, P + C);
}

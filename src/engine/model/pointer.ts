/**
 * The pointer (copy) head of a GPT whose config.copyHead = c > 0 (pointer-generator, See et al. 2017):
 *
 *   q   = hf_t·copy.wq + copy.bq          hf: final hidden state at the predicting position t
 *   k_j = (hk_{j−1}·real_{j−1})·copy.wk + copy.bk
 *                                         hk: the last block's first LayerNorm output; slot j is keyed
 *                                         by the position BEFORE it (k_0 and keys after a pad: copy.bk)
 *   s_j = q·k_j / √c + M[t][j] + X[j]     M: the attention's causal + key-padding mask
 *                                         X: −1e4 on the slots the pointer may not copy (copyBlock:
 *                                         a row's template opening, copyNever tokens; with
 *                                         copyFromPrompt the completion; with copyContinuations, per query,
 *                                         a slot inside a word unless it continues the query's token)
 *   γ   = hf_t·copy.wg + copy.bg [+ copy.wm·max(logsumexp_j s_j, −20) with config.copyGateMatch]
 *   p(y) = σ(γ)·softmax(logits)_y + σ(−γ)·Σ_{j: ids[j] = y} softmax(s)_j
 *                                         with config.copyCoverage, the slots C the completion's current
 *                                         segment has copied (coveredSlots) copy nothing and their mass
 *                                         joins the generator's:
 *   p(y) = (σ(γ) + σ(−γ)·Σ_{j∈C} a_j)·softmax(logits)_y + σ(−γ)·Σ_{j∉C: ids[j] = y} a_j,  a = softmax(s)
 *
 * Why: a small model cannot carry a rare word's pieces through its residual stream and out through
 * the vocabulary (bench/copying/README.md); a pointer copies them by position. Keying slot j by what
 * precedes it makes copying a lookup ("where did my current token occur? emit what followed"), which
 * the replica learned several times faster than keys of the slot itself. The keys read hk, not hf,
 * because hk exists at every position even when the last block only runs the completion's queries.
 */
import * as tf from '@tensorflow/tfjs';
import { bmm, linear, oneHotF } from './ops';

export interface PointerParams {
  wq: tf.Tensor2D; bq: tf.Tensor1D;
  wk: tf.Tensor2D; bk: tf.Tensor1D;
  wg: tf.Tensor2D; bg: tf.Tensor1D;
  /** The gate's weight on the pointer's match (config.copyGateMatch), else absent. */
  wm?: tf.Tensor1D;
}

/**
 * Floor of the match the gate reads: a query whose slots are all blocked has a log-sum-exp near −1e4,
 * which would swamp the gate and its gradient; below −20 the pointer matched nothing anyway.
 */
const MATCH_FLOOR = -20;

/** The gate logit γ [n, 1] for hidden states h [n, d] and their pointer scores [n, T]. */
function gateLogit(pp: PointerParams, h: tf.Tensor2D, scores: tf.Tensor2D): tf.Tensor2D {
  const g = linear(h, pp.wg, pp.bg);
  if (!pp.wm) return g;
  return tf.add(g, tf.mul(tf.maximum(tf.logSumExp(scores, 1, true), MATCH_FLOOR), pp.wm)) as tf.Tensor2D;
}

/** Large enough that exp() of it is 0, small enough that sums of two stay finite in float32. */
const NEG = -1e9;

/**
 * What copyBlock adds to a slot the pointer may not copy: exp(s − 1e4) is 0 next to any copyable
 * slot, yet a query that sees no copyable slot (a prompt position inside a template) keeps a defined
 * distribution — its scores' softmax, as without rules: the offset is the same on every slot and
 * float32 still resolves s to 1e-3 there (−1e9 would round every score to the same value).
 */
const BLOCK = -1e4;

/** log(eᵃ + eᵇ), elementwise and stable. */
export function logAddExp(a: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor1D {
  const m = tf.maximum(a, b);
  return tf.add(m, tf.log(tf.add(tf.exp(tf.sub(a, m)), tf.exp(tf.sub(b, m))))) as tf.Tensor1D;
}

/**
 * Keys of every slot, kT [B, c, T], from hk [B·T, d] and the key mask [B·T] (1 = real): slot j reads
 * position j−1, zeroed when that is a pad or absent, so a row's keys do not depend on its padding.
 */
export function pointerKeys(pp: PointerParams, hk: tf.Tensor2D, keyMask: Float32Array, B: number, T: number): tf.Tensor3D {
  const d = hk.shape[1];
  const real = tf.mul(tf.reshape(hk, [B, T, d]), tf.tensor3d(keyMask, [B, T, 1]));
  const prev = tf.reshape(tf.slice(tf.pad(real, [[0, 0], [1, 0], [0, 0]]), [0, 0, 0], [B, T, d]), [B * T, d]) as tf.Tensor2D;
  return tf.transpose(tf.reshape(linear(prev, pp.wk, pp.bk), [B, T, pp.wk.shape[1]]), [0, 2, 1]) as tf.Tensor3D;
}

/**
 * Pointer scores s [B·Tq, T] for queries hq [B·Tq, d] against keys kT [B, c, T] (pointerKeys);
 * mask [B,1,Tq,T]; `block` [B·T] (copyBlock, the same for every query of a row) or null.
 */
export function pointerScores(
  pp: PointerParams, hq: tf.Tensor2D, kT: tf.Tensor3D, mask: tf.Tensor4D, B: number, T: number, Tq: number, block: Float32Array | null,
): tf.Tensor2D {
  const c = pp.wq.shape[1];
  const q = tf.reshape(tf.mul(linear(hq, pp.wq, pp.bq), 1 / Math.sqrt(c)), [B, Tq, c]) as tf.Tensor3D;
  const m = block ? tf.add(mask, tf.tensor4d(block, [B, 1, 1, T])) : mask;
  return tf.reshape(tf.add(tf.reshape(bmm(q, kT), [B, 1, Tq, T]), m), [B * Tq, T]) as tf.Tensor2D;
}

/** What the pointer may not copy (model config): template openings, some tokens, and with fromPrompt the completion. */
export interface CopyRules {
  copyTemplates?: readonly (readonly number[])[];
  copyFromPrompt?: boolean;
  copyNever?: readonly number[];
}

/**
 * The copy block X [B·T] of rows laid out [B, T] with `keyMask` (1 = real) and prompt length P: BLOCK on
 * the slots of a row's opening when its first real tokens are one of the templates (the longest that
 * matches), on real slots holding a copyNever token, and with copyFromPrompt on every completion slot
 * (≥ P); else 0. Null when no rule applies. Why templates: the role prompts open with fixed
 * instructions ("<attacker> Goal: … Seed:"); copying them is never content. Why copyNever: role and
 * CoT tags are structure; a copied `<think>` restarts the thought. The seed or user text stays copyable.
 */
export function copyBlock(ids: Int32Array, keyMask: Float32Array, B: number, T: number, P: number, rules: CopyRules): Float32Array | null {
  const templates = rules.copyTemplates ?? [];
  const never = new Set(rules.copyNever ?? []);
  if (!templates.length && !never.size && !rules.copyFromPrompt) return null;
  const out = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const row = b * T;
    let k = 0;
    while (k < T && keyMask[row + k] === 0) k++;
    let len = 0;
    for (const h of templates) {
      if (h.length <= len || k + h.length > T) continue;
      let i = 0;
      while (i < h.length && ids[row + k + i] === h[i] && keyMask[row + k + i] > 0) i++;
      if (i === h.length) len = h.length;
    }
    out.fill(BLOCK, row + k, row + k + len);
    for (let j = k; j < T; j++) if (keyMask[row + j] > 0 && never.has(ids[row + j])) out[row + j] = BLOCK;
    if (rules.copyFromPrompt) out.fill(BLOCK, row + P, row + T);
  }
  return out;
}

/** The additive block value of a slot holding `token` in a completion (generation writes them as it goes). */
export function completionSlotBlock(token: number, rules: CopyRules): number {
  return rules.copyFromPrompt || rules.copyNever?.includes(token) ? BLOCK : 0;
}

/**
 * For entries k (grid row r, position t, target y = ids[r·T + t + 1]): 0 where an earlier-or-same
 * position j ≤ t of row r holds y, else NEG — added to the pointer's log-probabilities, it keeps
 * the positions whose copy emits the target. `entries` are [r, t] pairs.
 */
export function sameTokenBias(ids: Int32Array, T: number, entries: Int32Array): Float32Array {
  const n = entries.length / 2;
  const out = new Float32Array(n * T).fill(NEG);
  for (let k = 0; k < n; k++) {
    const r = entries[2 * k], t = entries[2 * k + 1], y = ids[r * T + t + 1];
    for (let j = 0; j <= t; j++) if (ids[r * T + j] === y) out[k * T + j] = 0;
  }
  return out;
}

/**
 * The slots a token written at position u copied, as far as the host can tell (it sees tokens, not
 * which slot the pointer used): u itself and the earlier real slots j < u that end the same trigram
 * (ids[j−2], ids[j−1], ids[j]); if none does, those that end the same bigram. Why both: a trigram tells
 * the first " st"+"ep" of "step by step" from the second; but the first word copied after the
 * thought's own frame ("… wants to bake sour") never ends a prompt trigram, and only its bigram says
 * which slot it came from.
 */
function copiedSlots(ids: Int32Array, o: number, u: number, out: number[]): void {
  out.length = 0;
  const c = ids[o + u], b = ids[o + u - 1], a = u >= 2 ? ids[o + u - 2] : 0; // 0 (pad) before the row
  for (let j = 1; j < u; j++) if (ids[o + j] === c && ids[o + j - 1] === b) out.push(j); // the bigram's slots
  const bigramSlots = out.length;
  let k = 0;
  for (let i = 0; i < bigramSlots; i++) if ((out[i] >= 2 ? ids[o + out[i] - 2] : 0) === a) out[k++] = out[i]; // of which the trigram's
  if (k > 0) out.length = k;
  out.push(u);
}

/**
 * Coverage (config.copyCoverage = the segment-ending tokens): for entries k (row r, query position
 * t; `entries` [r, t] pairs), 1 on the slots the completion has already copied in t's segment —
 * copiedSlots(u) for the positions u ≥ P of that segment up to t, where a segment starts one past
 * the last segment-ending token (at P if none) — else 0. [n·T]. The mixture hands a covered slot's
 * pointer mass to the generator (pointerLogProbs), so the pointer copies a stretch of the prompt once
 * per segment. Why: keyed by one token, it could not tell the first "step" of "step by step" from the
 * second and looped "step by step by step …" (bench/copying/README.md). Pads (id 0) write nothing.
 */
export function coveredSlots(ids: Int32Array, T: number, P: number, entries: Int32Array, segmentEnds: readonly number[]): Uint8Array {
  const n = entries.length / 2;
  const out = new Uint8Array(n * T);
  const ends = new Set(segmentEnds);
  const perRow = new Map<number, { segStart: Int32Array; pairs: number[] }>();
  const found: number[] = [];
  const rowInfo = (r: number) => {
    let info = perRow.get(r);
    if (info) return info;
    const o = r * T;
    // segStart[t]: the first completion position whose copies count for a query at t.
    const segStart = new Int32Array(T);
    let s = P;
    for (let t = 0; t < T; t++) {
      if (t >= P && ends.has(ids[o + t])) s = t + 1;
      segStart[t] = s;
    }
    // (slot j, writer u) pairs; a segment-ending token copies nothing.
    const pairs: number[] = [];
    for (let u = Math.max(P, 1); u < T; u++) {
      if (ids[o + u] === 0 || ends.has(ids[o + u])) continue;
      copiedSlots(ids, o, u, found);
      for (const j of found) pairs.push(j, u);
    }
    info = { segStart, pairs };
    perRow.set(r, info);
    return info;
  };
  for (let k = 0; k < n; k++) {
    const r = entries[2 * k], t = entries[2 * k + 1];
    const { segStart, pairs } = rowInfo(r);
    const s = segStart[t];
    for (let i = 0; i < pairs.length; i += 2) {
      const u = pairs[i + 1];
      if (u <= t && u >= s) out[k * T + pairs[i]] = 1;
    }
  }
  return out;
}

/** Generation's running coverage (coveredSlots, one token at a time): the cache slots each row's current segment has copied [B·Tmax]. */
export class CoverageTracker {
  readonly covered: Uint8Array;
  private readonly ends: Set<number>;
  private readonly found: number[] = [];
  constructor(B: number, private readonly Tmax: number, segmentEnds: readonly number[]) {
    this.covered = new Uint8Array(B * Tmax);
    this.ends = new Set(segmentEnds);
  }

  /** Row b wrote slotIds[b·Tmax + t] (already stored) at cache slot t ≥ 1. */
  wrote(b: number, t: number, slotIds: Int32Array): void {
    const o = b * this.Tmax;
    if (this.ends.has(slotIds[o + t])) {
      this.covered.fill(0, o, o + this.Tmax);
      return;
    }
    if (slotIds[o + t] === 0) return;
    copiedSlots(slotIds, o, t, this.found);
    for (const j of this.found) this.covered[o + j] = 1;
  }
}

/**
 * Word starts (config.copyContinuations): for entries k (row r, query position t), BLOCK on the slots j
 * holding a word-continuing token unless the token before it, ids[j−1], is the one at t — the pointer
 * may continue a word it is copying, never start a copy inside one — else 0. [n·T], added to the
 * pointer's scores like copyBlock. Why: a copy started at "ers" of " play"+"ers" ("The user wants help
 * withers"; bench/copying/README.md).
 */
export function continuationBlock(ids: Int32Array, T: number, entries: Int32Array, continuations: ReadonlySet<number>): Float32Array {
  const n = entries.length / 2;
  const out = new Float32Array(n * T);
  for (let k = 0; k < n; k++) blockContinuations(out, k * T, T, ids, entries[2 * k] * T, entries[2 * k + 1], continuations);
  return out;
}

/**
 * continuationBlock for one query (one generation step on the host, or one entry): adds BLOCK to the
 * pointer scores raw[off .. off + Tmax) of the slots it blocks for a query whose current token is
 * slotIds[slotOff + t].
 */
export function blockContinuations(raw: Float32Array, off: number, Tmax: number, slotIds: Int32Array, slotOff: number, t: number, continuations: ReadonlySet<number>): void {
  const cur = slotIds[slotOff + t];
  for (let j = 0; j < Tmax; j++)
    if (continuations.has(slotIds[slotOff + j]) && (j === 0 || slotIds[slotOff + j - 1] !== cur)) raw[off + j] += BLOCK;
}

/**
 * log p(y) of the mixture for n selected entries: `genLogProb` [n] = log softmax(logits)_y,
 * h [n, d] their final hidden states, `scores` [n, T] their pointer scores (pointerScores, rows
 * selected), `bias` [n, T] from sameTokenBias. Differentiable.
 */
export function pointerLogProbs(
  pp: PointerParams, genLogProb: tf.Tensor1D, h: tf.Tensor2D, scores: tf.Tensor2D, bias: tf.Tensor2D, covered?: Uint8Array,
): tf.Tensor1D {
  const n = h.shape[0], T = scores.shape[1];
  const gate = tf.reshape(gateLogit(pp, h, scores), [n]) as tf.Tensor1D;
  const logA = tf.logSoftmax(scores);
  // log σ(γ) = −softplus(−γ), log σ(−γ) = −softplus(γ) (tf.logSigmoid's custom gradient fails inside a tidy under a tape).
  let logGate = tf.neg(tf.softplus(tf.neg(gate))) as tf.Tensor1D;
  const logCopy = tf.neg(tf.softplus(gate)) as tf.Tensor1D;
  let copyBias: tf.Tensor2D = bias;
  if (covered) {
    // Coverage: covered slots are not copied; their mass σ(−γ)·Σ_covered a_j goes to the generator.
    const notCopied = new Float32Array(n * T), notCovered = new Float32Array(n * T);
    for (let i = 0; i < n * T; i++) (covered[i] ? notCopied : notCovered)[i] = NEG;
    copyBias = tf.add(bias, tf.tensor2d(notCopied, [n, T])) as tf.Tensor2D;
    const logCovered = tf.logSumExp(tf.add(logA, tf.tensor2d(notCovered, [n, T])), 1) as tf.Tensor1D;
    logGate = logAddExp(logGate, tf.add(logCopy, logCovered) as tf.Tensor1D);
  }
  const copied = tf.logSumExp(tf.add(logA, copyBias), 1) as tf.Tensor1D;
  return logAddExp(tf.add(genLogProb, logGate) as tf.Tensor1D, tf.add(copied, logCopy) as tf.Tensor1D);
}

/**
 * The whole mixture over the vocabulary, log p [B·T, V], for every position of a batch (tests and
 * inspection; training scores targets only): the pointer's probabilities are summed onto the ids
 * they copy with a one-hot product.
 */
export function pointerVocabLogProbs(
  pp: PointerParams, logits: tf.Tensor2D, hidden: tf.Tensor2D, scores: tf.Tensor2D, ids: tf.Tensor1D, B: number, T: number, covered?: Uint8Array,
): tf.Tensor2D {
  const V = logits.shape[1];
  const gate = gateLogit(pp, hidden, scores); // [B·T, 1]
  const oneHot = tf.reshape(oneHotF(ids, V), [B, T, V]) as tf.Tensor3D;
  let a = tf.softmax(scores), genW = tf.sigmoid(gate);
  if (covered) {
    // Coverage (pointerLogProbs): covered slots' pointer mass goes to the generator.
    const cov = tf.tensor2d(Float32Array.from(covered), [B * T, T]);
    genW = tf.add(genW, tf.mul(tf.sigmoid(tf.neg(gate)), tf.sum(tf.mul(a, cov), 1, true)));
    a = tf.mul(a, tf.sub(1, cov));
  }
  const copyV = tf.reshape(bmm(tf.reshape(a, [B, T, T]) as tf.Tensor3D, oneHot), [B * T, V]);
  const p = tf.add(tf.mul(genW, tf.softmax(logits)), tf.mul(tf.sigmoid(tf.neg(gate)), copyV));
  return tf.log(tf.maximum(p, 1e-30)) as tf.Tensor2D;
}

/** Pointer keys of a prefill, kT [B, c, P+N] (pointerKeys of the prompt): slots ≥ P are zero until decode steps write them. */
export function pointerPrefillKeys(pp: PointerParams, lastLn1: tf.Tensor2D, keyMask: Float32Array, B: number, P: number, N: number): tf.Tensor3D {
  return tf.pad(pointerKeys(pp, lastLn1, keyMask, B, P), [[0, 0], [0, 0], [0, N]]) as tf.Tensor3D;
}

/**
 * Writes slot t's key into the cache (one-hot `slot` [1,1,Tmax]; the slot is still zero): it reads
 * hkPrev [B, d], the last block's LayerNorm output at position t−1 (zeroed where that was a pad).
 */
export function pointerWriteKey(pp: PointerParams, keysT: tf.Tensor3D, hkPrev: tf.Tensor2D, slot: tf.Tensor3D): tf.Tensor3D {
  const B = hkPrev.shape[0], c = pp.wk.shape[1];
  return tf.add(keysT, tf.mul(tf.reshape(linear(hkPrev, pp.wk, pp.bk), [B, c, 1]), slot)) as tf.Tensor3D;
}

/**
 * One generation step's raw output [B, V + Tmax + 1]: the vocabulary logits, the pointer scores over
 * the cache slots (mask [B, Tmax] additive) and the gate logit γ. foldPointerRow (sample.ts) turns a
 * row into log p over the vocabulary on the host, where the slots' token ids are known.
 */
export function pointerStepRaw(pp: PointerParams, hidden: tf.Tensor2D, logits: tf.Tensor2D, keysT: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const B = hidden.shape[0], c = pp.wq.shape[1];
  const q = tf.reshape(tf.mul(linear(hidden, pp.wq, pp.bq), 1 / Math.sqrt(c)), [B, c, 1]);
  const scores = tf.add(tf.sum(tf.mul(keysT, q), 1), mask) as tf.Tensor2D;
  return tf.concat([logits, scores, gateLogit(pp, hidden, scores)], 1) as tf.Tensor2D;
}

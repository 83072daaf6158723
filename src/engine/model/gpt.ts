/**
 * Tiny GPT (pre-LayerNorm decoder) on tfjs variables and functional ops — no tf.layers.
 *
 * EXACT MATH (the PyTorch peer mirrors this; parameter names/shapes in params.ts):
 *   Inputs per row: ids[T], positions[T] = max(0, i − k) for k left pads, keyMask[T] (1 = real).
 *   x0 = tok_emb[ids] + pos_emb[positions]                       (one-hot·matrix in effect)
 *   for block i (ln1, attn, ln2, mlp = "h{i}.*"):
 *     LN(z; g, b) = (z − mean(z)) / sqrt(var(z) + 1e-5) · g + b  (biased variance, last axis)
 *     h   = LN(x; ln1.g, ln1.b)
 *     qkv = h · attn.wqkv + attn.bqkv          wqkv [d,3d]: columns [q | k | v]; inside each,
 *                                               head j owns columns j·dh..(j+1)·dh−1 (dh = d/H)
 *     per head: A = softmax(q·kᵀ/√dh + M) · v,  M[i][j] = 0 if j ≤ i and (keyMask[j] or j = i),
 *                                               else −1e9 (causal + key padding)
 *     att = concat_heads(A) · attn.wo          (no bias)
 *     x   = x + att
 *     h2  = LN(x; ln2.g, ln2.b)
 *     x   = x + gelu_tanh(h2 · mlp.w1 + mlp.b1) · mlp.w2 + mlp.b2
 *           gelu_tanh(u) = 0.5·u·(1 + tanh(√(2/π)·(u + 0.044715·u³)))
 *   logits = LN(x; lnf.g, lnf.b) · lm_head    (lm_head [d,V], no bias; tok_embᵀ when config.tiedHead)
 *   config.copyHead = c > 0: p(next) mixes softmax(logits) with a pointer over earlier positions
 *   through a learned gate (math and parameters in pointer.ts).
 *   Weight matrices are [in,out] (y = x·W): transpose when loading into torch.nn.Linear.
 *   Init (params.ts): N(0,0.02²); attn.wo, mlp.w2: N(0,(0.02/√(2L))²); biases 0; LN gains 1.
 *
 * Sequences are left-padded prompts of length P followed by completions (batch.ts), so a row's
 * logits at real positions do not depend on its pad count.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './types';
import { paramSpecs, validateConfig } from './params';
import { ParamTable, type NamedTensor } from './paramTable';
import type { Batch } from './batch';
import { attentionMask } from './masks';
import { mm, pickLogSoftmax, selectRows } from './ops';
import { forwardFull, type Params, type LayerParams, type Trunk } from './forward';
import { pointerKeys, pointerLogProbs, pointerScores, pointerVocabLogProbs, sameTokenBias, copyBlock, coveredSlots, continuationBlock, type PointerParams } from './pointer';
import { generate, type GenerateOptions, type GenerateResult } from './generate';

/** Grid indices r·(T−1)+t where targetMask is 1, row-major (the order targetLogProbs uses). */
export function targetPositions(b: Batch): Int32Array {
  let n = 0;
  for (let i = 0; i < b.targetMask.length; i++) if (b.targetMask[i] > 0) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < b.targetMask.length; i++) if (b.targetMask[i] > 0) out[k++] = i;
  return out;
}

/** Row counts are rounded up to a multiple of 64 (at least 64) for shape-stable WebGPU kernels. */
export function bucketRows(n: number): number {
  return Math.max(64, Math.ceil(n / 64) * 64);
}

export class GPT {
  readonly config: ModelConfig;
  /** Parameter variables, in the stable order of `names` (see params.ts). */
  readonly variables: tf.Variable[];
  readonly names: string[];
  readonly trainable: boolean;
  private readonly table: ParamTable;
  private readonly p: Trunk;
  /** The lm_head variable; null for a tied head (head() derives it from tok_emb). */
  private readonly lmHead: tf.Tensor2D | null;
  /** The pointer head's variables (config.copyHead > 0), else null. */
  private readonly pointer: PointerParams | null;
  /** config.copyContinuations as a set (read by every forward), else null. */
  private readonly continuations: ReadonlySet<number> | null;

  /**
   * New model with weights drawn from `seed` (identical on every backend).
   * `from` (internal, used by clone) takes an existing parameter table instead of initializing.
   */
  constructor(config: ModelConfig, seed: number, from?: ParamTable) {
    validateConfig(config);
    this.config = { ...config };
    this.table = from ?? new ParamTable('GPT', paramSpecs(config), { seed });
    this.variables = this.table.variables;
    this.names = this.table.names;
    this.trainable = this.table.trainable;
    this.p = this.structure();
    this.lmHead = config.tiedHead ? null : (this.table.get('lm_head') as unknown as tf.Tensor2D);
    this.pointer = (config.copyHead ?? 0) > 0 ? this.pointerParams() : null;
    this.continuations = config.copyContinuations ? new Set(config.copyContinuations) : null;
  }

  private pointerParams(): PointerParams {
    const g = <T extends tf.Tensor>(n: string) => this.table.get(`copy.${n}`) as unknown as T;
    return { wq: g('wq'), bq: g('bq'), wk: g('wk'), bk: g('bk'), wg: g('wg'), bg: g('bg'), ...(this.config.copyGateMatch ? { wm: g<tf.Tensor1D>('wm') } : {}) };
  }

  private structure(): Trunk {
    const g = <T extends tf.Tensor>(n: string) => this.table.get(n) as unknown as T;
    const layers: LayerParams[] = [];
    for (let i = 0; i < this.config.nLayers; i++) {
      const h = `h${i}`;
      layers.push({
        ln1g: g(`${h}.ln1.g`), ln1b: g(`${h}.ln1.b`),
        wqkv: g(`${h}.attn.wqkv`), bqkv: g(`${h}.attn.bqkv`), wo: g(`${h}.attn.wo`),
        ln2g: g(`${h}.ln2.g`), ln2b: g(`${h}.ln2.b`),
        w1: g(`${h}.mlp.w1`), b1: g(`${h}.mlp.b1`), w2: g(`${h}.mlp.w2`), b2: g(`${h}.mlp.b2`),
      });
    }
    return { tokEmb: g('tok_emb'), posEmb: g('pos_emb'), layers, lnfG: g('lnf.g'), lnfB: g('lnf.b') };
  }

  /**
   * The vocabulary projection [d,V]. Tied: a fresh tok_embᵀ (call inside a tidy or gradient scope, so
   * the head's gradient reaches tok_emb; an explicit transpose is faster than transposeB on wasm).
   */
  private head(): tf.Tensor2D {
    return this.lmHead ?? (tf.transpose(this.p.tokEmb) as tf.Tensor2D);
  }

  private checkBatch(b: Batch): void {
    if (b.T > this.config.maxLen) throw new Error(`GPT: sequence length ${b.T} exceeds maxLen ${this.config.maxLen}`);
    if (b.ids.length !== b.B * b.T) throw new Error('GPT: batch ids length does not match B*T');
  }

  /**
   * Final hidden states [B*Tq, d] (after lnf) of query positions q0..q0+Tq−1, the last block's first
   * LayerNorm output at every position [B*T, d], and the mask of those queries [B,1,Tq,T].
   */
  private trunk(b: Batch, q0 = 0, Tq = b.T): { hidden: tf.Tensor2D; lastLn1: tf.Tensor2D; mask: tf.Tensor4D } {
    this.checkBatch(b);
    const { B, T } = b;
    const mask = tf.tensor4d(attentionMask(b.keyMask, B, T, T, 0), [B, 1, T, T]);
    const last = q0 > 0 || Tq < T ? { q0, Tq, mask: tf.tensor4d(attentionMask(b.keyMask, B, Tq, T, q0), [B, 1, Tq, T]) } : undefined;
    const out = forwardFull(this.p, this.config, tf.tensor1d(b.ids, 'int32'), tf.tensor1d(b.positions, 'int32'), mask, B, T, false, last);
    return { hidden: out.hidden, lastLn1: out.lastLn1, mask: last ? last.mask : mask };
  }

  /** Pointer scores [B·Tq, T] of the trunk's query rows q0..q0+Tq−1 (the model has a pointer head). */
  private pointerScoresOf(b: Batch, hidden: tf.Tensor2D, lastLn1: tf.Tensor2D, mask: tf.Tensor4D, q0: number, Tq: number): tf.Tensor2D {
    const pp = this.pointer!;
    const block = copyBlock(b.ids, b.keyMask, b.B, b.T, b.P, this.config);
    return pointerScores(pp, hidden, pointerKeys(pp, lastLn1, b.keyMask, b.B, b.T), mask, b.B, b.T, Tq, block);
  }

  /**
   * Logits [B,T,V] at every position. With a pointer head: the mixture's log-probabilities (the same
   * softmax and argmax as logits of that distribution).
   */
  logits(b: Batch): tf.Tensor3D {
    return tf.tidy(() => {
      const { hidden, lastLn1, mask } = this.trunk(b);
      const lg = mm(hidden, this.head());
      if (!this.pointer) return tf.reshape(lg, [b.B, b.T, this.config.vocabSize]);
      const entries = allEntries(b.B, b.T);
      const scores = this.withWordStarts(b, this.pointerScoresOf(b, hidden, lastLn1, mask, 0, b.T), entries);
      const out = pointerVocabLogProbs(this.pointer, lg, hidden, scores, tf.tensor1d(b.ids, 'int32'), b.B, b.T, this.coverage(b, entries));
      return tf.reshape(out, [b.B, b.T, this.config.vocabSize]);
    });
  }

  /**
   * log p(ids[pos+1]) at grid positions `pos` (indices r·(T−1)+t into the [B, T−1] grid), padded to
   * `nOut` entries (padding repeats the first entry and must be ignored). Only these rows go through
   * lm_head and the softmax (the [rows, V] part was most of a training step at our sizes), and the
   * last block only computes query positions from the earliest one needed (the completion part).
   */
  private logProbsAt(b: Batch, pos: Int32Array, nOut: number): tf.Tensor1D {
    const { T } = b, V = this.config.vocabSize, W = T - 1;
    // The last block only runs the query positions q0..T-2 that some entry needs.
    let q0 = W - 1;
    for (let k = 0; k < pos.length; k++) q0 = Math.min(q0, pos[k] % W);
    const Tq = W - q0;
    const rowIdx = new Int32Array(nOut), flat = new Int32Array(nOut), entries = new Int32Array(2 * nOut);
    for (let k = 0; k < nOut; k++) {
      const g = k < pos.length ? pos[k] : pos.length ? pos[0] : q0; // padding repeats a real entry
      const r = Math.floor(g / W), t = g - r * W;
      rowIdx[k] = r * Tq + (t - q0);
      flat[k] = k * V + b.ids[r * T + t + 1];
      entries[2 * k] = r;
      entries[2 * k + 1] = t;
    }
    const { hidden, lastLn1, mask } = this.trunk(b, q0, Tq);
    const rows = tf.tensor1d(rowIdx, 'int32');
    const h = selectRows(hidden, rows);
    const gen = pickLogSoftmax(mm(h, this.head()), tf.tensor1d(flat, 'int32'));
    if (!this.pointer) return gen;
    const scores = this.withWordStarts(b, selectRows(this.pointerScoresOf(b, hidden, lastLn1, mask, q0, Tq), rows), entries);
    return pointerLogProbs(this.pointer, gen, h, scores, tf.tensor2d(sameTokenBias(b.ids, T, entries), [nOut, T]), this.coverage(b, entries));
  }

  /** Pointer scores [n, T] of these [row, position] entries with config.copyContinuations' block added (pointer.ts continuationBlock). */
  private withWordStarts(b: Batch, scores: tf.Tensor2D, entries: Int32Array): tf.Tensor2D {
    if (!this.continuations) return scores;
    return tf.add(scores, tf.tensor2d(continuationBlock(b.ids, b.T, entries, this.continuations), scores.shape)) as tf.Tensor2D;
  }

  /** Covered slots of these [row, position] entries (config.copyCoverage), else undefined. */
  private coverage(b: Batch, entries: Int32Array): Uint8Array | undefined {
    const ends = this.config.copyCoverage;
    return ends ? coveredSlots(b.ids, b.T, b.P, entries, ends) : undefined;
  }

  /**
   * log p(ids[:,t+1] | ids[:, ≤t]) for t = 0..T-2 → [B, T-1]. Differentiable w.r.t. the variables
   * (use inside tf.variableGrads / optimizer.minimize). Pad positions carry junk values: multiply by
   * targetMask.
   * `fromT` skips the vocabulary projection for t < fromT (those columns are 0): pass batch.P-1 when
   * only completion tokens matter — the [rows, V] logSoftmax is a large share of a training step.
   * Training code uses targetLogProbs (completion tokens only).
   */
  tokenLogProbs(b: Batch, fromT = 0): tf.Tensor2D {
    return tf.tidy(() => {
      this.checkBatch(b);
      const { B, T } = b;
      const t0 = Math.min(Math.max(0, Math.floor(fromT)), T - 2);
      const n = T - 1 - t0;
      const pos = new Int32Array(B * n);
      for (let r = 0; r < B; r++) for (let t = 0; t < n; t++) pos[r * n + t] = r * (T - 1) + t0 + t;
      const lp = tf.reshape(this.logProbsAt(b, pos, B * n), [B, n]);
      return (t0 > 0 ? tf.pad(lp, [[0, 0], [t0, 0]]) : lp) as tf.Tensor2D;
    });
  }

  /**
   * log-probs of the target tokens only (targetMask = 1, row-major order, as targetPositions(b)),
   * padded to bucketRows(n) entries so WebGPU sees few distinct shapes: entries ≥ n are junk and must
   * get weight 0. Differentiable; only target positions go through lm_head.
   */
  targetLogProbs(b: Batch, pos: Int32Array = targetPositions(b)): tf.Tensor1D {
    return tf.tidy(() => {
      this.checkBatch(b);
      return this.logProbsAt(b, pos, bucketRows(pos.length));
    });
  }

  /**
   * Mean cross-entropy (nats/token) over targetMask (the completion tokens), each token weighted by
   * its mask value: 1, unless a warm start weights some (sft/hazardWeight.ts); then a weighted mean.
   */
  sftLoss(b: Batch): tf.Scalar {
    return tf.tidy(() => {
      const pos = targetPositions(b);
      const lp = this.targetLogProbs(b, pos);
      const w = new Float32Array(lp.shape[0]);
      let total = 0;
      for (let k = 0; k < pos.length; k++) total += w[k] = b.targetMask[pos[k]];
      return tf.div(tf.neg(tf.sum(tf.mul(lp, tf.tensor1d(w)))), total > 0 ? total : 1) as tf.Scalar;
    });
  }

  /** Sample completions for left-padded prompts (see generate.ts). */
  async generate(prompts: number[][], opts: GenerateOptions): Promise<GenerateResult> {
    const pointer = this.pointer ?? undefined;
    if (this.lmHead) return generate({ ...this.p, lmHead: this.lmHead, pointer }, this.config, prompts, opts);
    // Tied: one tok_embᵀ for the whole generation (weights do not change while it runs).
    const lmHead = tf.tidy(() => this.head());
    try {
      return await generate({ ...this.p, lmHead, pointer }, this.config, prompts, opts);
    } finally {
      lmHead.dispose();
    }
  }

  getWeights(): Promise<NamedTensor[]> {
    return this.table.getWeights();
  }

  /** Load weights by name; every parameter must be present with the exact shape (all or nothing). */
  setWeights(list: readonly NamedTensor[]): void {
    this.table.setWeights(list);
  }

  /** Frozen copy (non-trainable variables), e.g. the RL reference model. Shares no state. */
  clone(trainable = false): GPT {
    return new GPT(this.config, 0, this.table.clone(trainable));
  }

  paramCount(): number {
    return this.table.size();
  }

  dispose(): void {
    this.table.dispose();
  }
}

/** Every [row, position] pair of a B×T batch, row-major. */
function allEntries(B: number, T: number): Int32Array {
  const out = new Int32Array(2 * B * T);
  for (let r = 0; r < B; r++) for (let t = 0; t < T; t++) out.set([r, t], 2 * (r * T + t));
  return out;
}

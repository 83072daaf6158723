/**
 * Functional GPT forward passes (the math is written out at the top of gpt.ts):
 * - forwardFull: all positions of a [B,T] batch (training, scoring, and the generation prefill,
 *   which also returns each layer's keys/values for the KV cache);
 * - decodeStep: one new position per row against a fixed-shape KV cache.
 * Activations are kept 2-D [rows, features] around matMuls (fast wasm path); heads are split with
 * reshape/transpose into 3-D [B·H, T, dh] for the batched attention matMuls.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './types';
import { mm, bmm, gatherRows, layerNorm, geluTanh, linear, oneHotF } from './ops';
import { fusedTrainApplies } from './webgpu/trainEnabled';
import { attentionApplies, attentionGpu, type AttentionGeometry } from './webgpu/attentionTrain';
import type { PointerParams } from './pointer';

export interface LayerParams {
  ln1g: tf.Tensor1D; ln1b: tf.Tensor1D;
  wqkv: tf.Tensor2D; bqkv: tf.Tensor1D; wo: tf.Tensor2D;
  ln2g: tf.Tensor1D; ln2b: tf.Tensor1D;
  w1: tf.Tensor2D; b1: tf.Tensor1D; w2: tf.Tensor2D; b2: tf.Tensor1D;
}
export interface Params {
  tokEmb: tf.Tensor2D; posEmb: tf.Tensor2D;
  layers: LayerParams[];
  lnfG: tf.Tensor1D; lnfB: tf.Tensor1D;
  /** [d,V]: the lm_head variable, or tok_embᵀ for a tied head (gpt.ts makes it per use). */
  lmHead: tf.Tensor2D;
  /** The pointer head (config.copyHead > 0; pointer.ts), read by generation. */
  pointer?: PointerParams;
}
/** Everything but the vocabulary projection: what a full forward pass to hidden states reads. */
export type Trunk = Omit<Params, 'lmHead'>;

/**
 * Per-layer cache. Default layout: keys stored transposed kT [B·H, dh, Tmax], values v [B·H, Tmax, dh]
 * (batched matMul attention). `conv` layout (wasm): kT [dh, B·H, Tmax], v [Tmax, B·H, dh] — the
 * depthwise-convolution operand layouts of ops.ts' batched product, so a decode step needs no
 * transpose of the cache and writes the new value with one TensorScatterUpdate.
 */
export interface KV { kT: tf.Tensor3D; v: tf.Tensor3D; conv?: boolean }

/** Whether decode steps use the convolution cache layout (wasm: its batched matMul is slow). */
export function useConvCache(): boolean {
  return tf.getBackend() === 'wasm';
}

/** Prefill K/V ([B·H, dh, P] / [B·H, P, dh]) → caches padded to P+N slots in the layout for this backend. */
export function makeCache(kv: KV[], N: number, conv: boolean): KV[] {
  return kv.map(({ kT, v }) =>
    conv
      ? {
          kT: tf.pad(tf.transpose(kT, [1, 0, 2]), [[0, 0], [0, 0], [0, N]]) as tf.Tensor3D,
          v: tf.pad(tf.transpose(v, [1, 0, 2]), [[0, N], [0, 0], [0, 0]]) as tf.Tensor3D,
          conv: true,
        }
      : {
          kT: tf.pad(kT, [[0, 0], [0, 0], [0, N]]) as tf.Tensor3D,
          v: tf.pad(v, [[0, 0], [0, N], [0, 0]]) as tf.Tensor3D,
        },
  );
}

/**
 * Decode-step attention in the conv layout: q [B, d] (scaled), caches kC [dh, B·H, Tmax],
 * vC [Tmax, B·H, dh], mask [B,1,1,Tmax] → [B, d]. Both products are depthwise convolutions
 * (see ops.ts batchedMatMul): scores[g, j] = Σ_c q[g,c]·kC[c,g,j], out[g, e] = Σ_j p[g,j]·vC[j,g,e].
 */
function attendConv(q: tf.Tensor2D, kC: tf.Tensor3D, vC: tf.Tensor3D, mask: tf.Tensor4D, cfg: ModelConfig): tf.Tensor2D {
  const H = cfg.nHeads, d = cfg.dModel, dh = d / H, B = q.shape[0], BH = B * H, Tmax = kC.shape[2];
  const x = tf.reshape(tf.transpose(tf.reshape(q, [BH, dh])), [1, 1, dh, BH]) as tf.Tensor4D;
  const scores = tf.depthwiseConv2d(x, tf.reshape(kC, [1, dh, BH, Tmax]) as tf.Tensor4D, 1, 'valid'); // [1,1,1,BH·Tmax]
  const pr = tf.softmax(tf.add(tf.reshape(scores, [B, H, 1, Tmax]), mask));
  const px = tf.reshape(tf.transpose(tf.reshape(pr, [BH, Tmax])), [1, 1, Tmax, BH]) as tf.Tensor4D;
  return tf.reshape(tf.depthwiseConv2d(px, tf.reshape(vC, [1, Tmax, BH, dh]) as tf.Tensor4D, 1, 'valid'), [B, d]);
}

function embed(p: Trunk, ids: tf.Tensor1D, pos: tf.Tensor1D): tf.Tensor2D {
  return tf.add(gatherRows(p.tokEmb, ids), gatherRows(p.posEmb, pos));
}

function mlp(l: LayerParams, x: tf.Tensor2D): tf.Tensor2D {
  const h = layerNorm(x, l.ln2g, l.ln2b);
  const a = geluTanh(linear(h, l.w1, l.b1));
  return tf.add(x, linear(a, l.w2, l.b2)) as tf.Tensor2D;
}

/** The q/k/v column blocks of attn.wqkv / attn.bqkv (weight slices: small; activations never are). */
export interface QKV { wq: tf.Tensor2D; wk: tf.Tensor2D; wv: tf.Tensor2D; bq: tf.Tensor1D; bk: tf.Tensor1D; bv: tf.Tensor1D }

export function splitQKV(l: LayerParams, d: number): QKV {
  const w = (i: number) => tf.slice(l.wqkv, [0, i * d], [d, d]) as tf.Tensor2D;
  const b = (i: number) => tf.slice(l.bqkv, [i * d], [d]) as tf.Tensor1D;
  return { wq: w(0), wk: w(1), wv: w(2), bq: b(0), bk: b(1), bv: b(2) };
}

/**
 * Projections x·W + b [rows=B·T, d] → [B·H, T, dh] (perm [0,2,1,3]) or kT [B·H, dh, T] (perm [0,2,3,1]).
 * q, k and v come from three matMuls against column blocks of wqkv rather than slices of one [rows,3d]
 * product: wasm's Slice kernel copies the whole input on every call.
 */
function heads(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D, B: number, T: number, cfg: ModelConfig, keyT: boolean): tf.Tensor3D {
  const d = cfg.dModel, H = cfg.nHeads, dh = d / H;
  const part = linear(x, w, bias);
  const t4 = tf.transpose(tf.reshape(part, [B, T, H, dh]), keyT ? [0, 2, 3, 1] : [0, 2, 1, 3]);
  return tf.reshape(t4, keyT ? [B * H, dh, T] : [B * H, T, dh]);
}

/** softmax(q·kT + mask)·v for q [B·H,Tq,dh] (already scaled), mask [B,1,Tq,Tk] → [B·Tq, d]. */
function attend(q: tf.Tensor3D, kT: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor4D, B: number, Tq: number, cfg: ModelConfig): tf.Tensor2D {
  const H = cfg.nHeads, d = cfg.dModel, dh = d / H, Tk = kT.shape[2];
  const s = tf.add(tf.reshape(bmm(q, kT), [B, H, Tq, Tk]), mask);
  const pr = tf.reshape(tf.softmax(s), [B * H, Tq, Tk]) as tf.Tensor3D;
  const o = tf.reshape(bmm(pr, v), [B, H, Tq, dh]);
  return tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [B * Tq, d]);
}

/** Rows [q0, q0+Tq) of every sequence of x [B·T, d] → [B·Tq, d]. */
function rowsOf(x: tf.Tensor2D, B: number, T: number, q0: number, Tq: number): tf.Tensor2D {
  const d = x.shape[1];
  return tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, q0, 0], [B, Tq, d]), [B * Tq, d]);
}

/** Only these query positions of the LAST block are needed (scoring and training: the completion part). */
export interface LastQueries {
  q0: number;
  Tq: number;
  /** Additive mask for those queries, [B,1,Tq,T] (attentionMask(keyMask, B, Tq, T, q0)). */
  mask: tf.Tensor4D;
}

/**
 * Full causal forward. ids/pos int32 [B·T], mask [B,1,T,T] additive.
 * Returns the final-LayerNorm hidden states [B·T, d] (and per-layer K/V when collectKV), and the last
 * block's first LayerNorm output at every position [B·T, d] (what a pointer head's keys read).
 * With `last`, the last block computes its queries, attention output and MLP only for positions
 * [q0, q0+Tq) (keys/values still cover every position) and the result is [B·Tq, d]: the hidden
 * states of the other positions feed nothing when only completion tokens are scored.
 */
export function forwardFull(
  p: Trunk, cfg: ModelConfig, ids: tf.Tensor1D, pos: tf.Tensor1D, mask: tf.Tensor4D, B: number, T: number,
  collectKV = false, last?: LastQueries,
): { hidden: tf.Tensor2D; kv: KV[]; lastLn1: tf.Tensor2D } {
  const d = cfg.dModel, scale = 1 / Math.sqrt(d / cfg.nHeads);
  let x = embed(p, ids, pos);
  const kv: KV[] = [];
  let lastLn1 = x;
  p.layers.forEach((l, li) => {
    const cut = last && li === p.layers.length - 1 ? last : null;
    const h = layerNorm(x, l.ln1g, l.ln1b);
    lastLn1 = h;
    // WebGPU: one packed q|k|v matMul and the fused attention programs (webgpu/attentionTrain.ts).
    const geo: AttentionGeometry = { B, T, q0: cut ? cut.q0 : 0, Tq: cut ? cut.Tq : T, heads: cfg.nHeads, maxLen: cfg.maxLen };
    if (!collectKV && fusedTrainApplies(h) && attentionApplies(geo, d)) {
      const att = attentionGpu(linear(h, l.wqkv, l.bqkv), cut ? cut.mask : mask, geo);
      x = tf.add(cut ? rowsOf(x, B, T, cut.q0, cut.Tq) : x, mm(att, l.wo)) as tf.Tensor2D;
      x = mlp(l, x);
      return;
    }
    const s = splitQKV(l, d);
    const hq = cut ? rowsOf(h, B, T, cut.q0, cut.Tq) : h;
    const Tq = cut ? cut.Tq : T;
    const q = tf.mul(heads(hq, s.wq, s.bq, B, Tq, cfg, false), scale) as tf.Tensor3D;
    const kT = heads(h, s.wk, s.bk, B, T, cfg, true);
    const v = heads(h, s.wv, s.bv, B, T, cfg, false);
    if (collectKV) kv.push({ kT, v });
    const xq = cut ? rowsOf(x, B, T, cut.q0, cut.Tq) : x;
    x = tf.add(xq, mm(attend(q, kT, v, cut ? cut.mask : mask, B, Tq, cfg), l.wo)) as tf.Tensor2D;
    x = mlp(l, x);
  });
  return { hidden: layerNorm(x, p.lnfG, p.lnfB), kv, lastLn1 };
}

/**
 * One decode step at sequence index t for every row: ids/pos int32 [B], mask [B,1,1,Tmax].
 * The new key/value are written into slot t of the cache by adding them times a one-hot over
 * time (the slot is still zero), so every step has the same tensor shapes: WebGPU's buffer pool
 * reuses the same buffers and memory stays flat. Returns logits [B,V] and the new caches, plus the final
 * hidden state and the last block's first LayerNorm output [B,d] (a pointer head reads both).
 * `qkv` (splitQKV per layer) may be prepared once per generation instead of every step.
 */
export function decodeStep(
  p: Params, cfg: ModelConfig, ids: tf.Tensor1D, pos: tf.Tensor1D, mask: tf.Tensor4D, cache: KV[], t: number, qkv?: QKV[],
): { logits: tf.Tensor2D; cache: KV[]; hidden: tf.Tensor2D; lastLn1: tf.Tensor2D } {
  const d = cfg.dModel, H = cfg.nHeads, dh = d / H, B = ids.shape[0];
  const conv = cache[0].conv === true;
  const Tmax = conv ? cache[0].v.shape[0] : cache[0].v.shape[1];
  const scale = 1 / Math.sqrt(dh);
  const slot = oneHotF(tf.tensor1d([t], 'int32'), Tmax); // [1,Tmax]
  const slotRow = tf.reshape(slot, [1, 1, Tmax]);
  const slotCol = tf.reshape(slot, [1, Tmax, 1]);
  let x = embed(p, ids, pos);
  const next: KV[] = [];
  let lastLn1 = x;
  p.layers.forEach((l, i) => {
    const h = layerNorm(x, l.ln1g, l.ln1b);
    lastLn1 = h;
    const s = qkv?.[i] ?? splitQKV(l, d);
    if (conv) {
      const q = tf.mul(linear(h, s.wq, s.bq), scale) as tf.Tensor2D;
      const k = tf.reshape(tf.transpose(tf.reshape(linear(h, s.wk, s.bk), [B * H, dh])), [dh, B * H, 1]);
      const kT = tf.add(cache[i].kT, tf.mul(k, slotRow)) as tf.Tensor3D;
      const vv = tf.tensorScatterUpdate(cache[i].v, tf.tensor2d([[t]], [1, 1], 'int32'), tf.reshape(linear(h, s.wv, s.bv), [1, B * H, dh])) as tf.Tensor3D;
      next.push({ kT, v: vv, conv: true });
      x = tf.add(x, mm(attendConv(q, kT, vv, mask, cfg), l.wo)) as tf.Tensor2D;
    } else {
      const q = tf.mul(tf.reshape(linear(h, s.wq, s.bq), [B * H, 1, dh]), scale) as tf.Tensor3D;
      const k = tf.reshape(linear(h, s.wk, s.bk), [B * H, dh, 1]);
      const v = tf.reshape(linear(h, s.wv, s.bv), [B * H, 1, dh]);
      const kT = tf.add(cache[i].kT, tf.mul(k, slotRow)) as tf.Tensor3D;
      const vv = tf.add(cache[i].v, tf.mul(v, slotCol)) as tf.Tensor3D;
      next.push({ kT, v: vv });
      x = tf.add(x, mm(attend(q, kT, vv, mask, B, 1, cfg), l.wo)) as tf.Tensor2D;
    }
    x = mlp(l, x);
  });
  const hidden = layerNorm(x, p.lnfG, p.lnfB);
  return { logits: mm(hidden, p.lmHead), cache: next, hidden, lastLn1 };
}

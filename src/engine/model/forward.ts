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
import { mm, bmm, gatherRows, layerNorm, geluTanh, oneHotF } from './ops';

export interface LayerParams {
  ln1g: tf.Tensor1D; ln1b: tf.Tensor1D;
  wqkv: tf.Tensor2D; bqkv: tf.Tensor1D; wo: tf.Tensor2D;
  ln2g: tf.Tensor1D; ln2b: tf.Tensor1D;
  w1: tf.Tensor2D; b1: tf.Tensor1D; w2: tf.Tensor2D; b2: tf.Tensor1D;
}
export interface Params {
  tokEmb: tf.Tensor2D; posEmb: tf.Tensor2D;
  layers: LayerParams[];
  lnfG: tf.Tensor1D; lnfB: tf.Tensor1D; lmHead: tf.Tensor2D;
}

/** Per-layer cache: keys stored transposed kT [B·H, dh, Tmax], values v [B·H, Tmax, dh]. */
export interface KV { kT: tf.Tensor3D; v: tf.Tensor3D }

function embed(p: Params, ids: tf.Tensor1D, pos: tf.Tensor1D): tf.Tensor2D {
  return tf.add(gatherRows(p.tokEmb, ids), gatherRows(p.posEmb, pos));
}

function mlp(l: LayerParams, x: tf.Tensor2D): tf.Tensor2D {
  const h = layerNorm(x, l.ln2g, l.ln2b);
  const a = geluTanh(tf.add(mm(h, l.w1), l.b1) as tf.Tensor2D);
  return tf.add(x, tf.add(mm(a, l.w2), l.b2)) as tf.Tensor2D;
}

/** [rows=B·T, d] columns [c0, c0+d) → [B·H, T, dh] (perm [0,2,1,3]) or kT [B·H, dh, T] (perm [0,2,3,1]). */
function heads(qkv: tf.Tensor2D, c0: number, B: number, T: number, cfg: ModelConfig, keyT: boolean): tf.Tensor3D {
  const d = cfg.dModel, H = cfg.nHeads, dh = d / H;
  const part = tf.slice(qkv, [0, c0], [B * T, d]); // 2-D slice: fast on wasm, unlike a 5-D split
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

/**
 * Full causal forward. ids/pos int32 [B·T], mask [B,1,T,T] additive.
 * Returns the final-LayerNorm hidden states [B·T, d] (and per-layer K/V when collectKV).
 */
export function forwardFull(
  p: Params, cfg: ModelConfig, ids: tf.Tensor1D, pos: tf.Tensor1D, mask: tf.Tensor4D, B: number, T: number,
  collectKV = false,
): { hidden: tf.Tensor2D; kv: KV[] } {
  const d = cfg.dModel, scale = 1 / Math.sqrt(d / cfg.nHeads);
  let x = embed(p, ids, pos);
  const kv: KV[] = [];
  for (const l of p.layers) {
    const h = layerNorm(x, l.ln1g, l.ln1b);
    const qkv = tf.add(mm(h, l.wqkv), l.bqkv) as tf.Tensor2D;
    const q = tf.mul(heads(qkv, 0, B, T, cfg, false), scale) as tf.Tensor3D;
    const kT = heads(qkv, d, B, T, cfg, true);
    const v = heads(qkv, 2 * d, B, T, cfg, false);
    if (collectKV) kv.push({ kT, v });
    x = tf.add(x, mm(attend(q, kT, v, mask, B, T, cfg), l.wo)) as tf.Tensor2D;
    x = mlp(l, x);
  }
  return { hidden: layerNorm(x, p.lnfG, p.lnfB), kv };
}

/**
 * One decode step at sequence index t for every row: ids/pos int32 [B], mask [B,1,1,Tmax].
 * The new key/value are written into slot t of the cache by adding them times a one-hot over
 * time (the slot is still zero), so every step has the same tensor shapes: WebGPU's buffer pool
 * reuses the same buffers and memory stays flat. Returns logits [B,V] and the new caches.
 */
export function decodeStep(
  p: Params, cfg: ModelConfig, ids: tf.Tensor1D, pos: tf.Tensor1D, mask: tf.Tensor4D, cache: KV[], t: number,
): { logits: tf.Tensor2D; cache: KV[] } {
  const d = cfg.dModel, H = cfg.nHeads, dh = d / H, B = ids.shape[0];
  const Tmax = cache[0].v.shape[1];
  const scale = 1 / Math.sqrt(dh);
  const slot = oneHotF(tf.tensor1d([t], 'int32'), Tmax); // [1,Tmax]
  const slotRow = tf.reshape(slot, [1, 1, Tmax]);
  const slotCol = tf.reshape(slot, [1, Tmax, 1]);
  let x = embed(p, ids, pos);
  const next: KV[] = [];
  p.layers.forEach((l, i) => {
    const h = layerNorm(x, l.ln1g, l.ln1b);
    const qkv = tf.add(mm(h, l.wqkv), l.bqkv) as tf.Tensor2D; // [B,3d], head-major within each d
    const q = tf.mul(tf.reshape(tf.slice(qkv, [0, 0], [B, d]), [B * H, 1, dh]), scale) as tf.Tensor3D;
    const k = tf.reshape(tf.slice(qkv, [0, d], [B, d]), [B * H, dh, 1]);
    const v = tf.reshape(tf.slice(qkv, [0, 2 * d], [B, d]), [B * H, 1, dh]);
    const kT = tf.add(cache[i].kT, tf.mul(k, slotRow)) as tf.Tensor3D;
    const vv = tf.add(cache[i].v, tf.mul(v, slotCol)) as tf.Tensor3D;
    next.push({ kT, v: vv });
    x = tf.add(x, mm(attend(q, kT, vv, mask, B, 1, cfg), l.wo)) as tf.Tensor2D;
    x = mlp(l, x);
  });
  const hidden = layerNorm(x, p.lnfG, p.lnfB);
  return { logits: mm(hidden, p.lmHead), cache: next };
}

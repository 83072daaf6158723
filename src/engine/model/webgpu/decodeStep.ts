/**
 * One fused decode step on WebGPU: embedding (token read from the GPU) → per layer
 * [LayerNorm+qkv writing the cache slot] [attention] [out-proj + residual] [LayerNorm+MLP-in+GELU]
 * [MLP-out + residual] → [final LayerNorm + lm_head]: 2 + 5·L dispatches, no uploads (every scalar
 * is a uniform), every tensor the same shape each step (WebGPU's buffer pool reuses them).
 * Same math as forward.ts decodeStep (checked against the cpu backend in webgpu/fused.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../types';
import type { Params } from '../forward';
import { run, runInto, i32 } from './runtime';
import { EmbedProgram } from './embed';
import { LnLinearProgram } from './lnLinear';
import { AttentionProgram } from './attention';
import { LinearResidualProgram } from './linearResidual';

/** Per-generation GPU state: each layer's decode state (attention.ts layout) and the row info. */
export interface DecodeCache {
  layers: tf.Tensor1D[];
  /** [B, Tmax+1]: key mask over the cache, then the row's left-pad count. */
  rowInfo: tf.Tensor2D;
  rows: number;
  tmax: number;
  /** B·H·Tmax·dh: size of the key (and of the value) block of a layer's state. */
  kvSize: number;
}

/**
 * Logits [B, V] for the tokens at `tokens[tokOff .. tokOff+B)` (int32, on the GPU) placed at
 * sequence index t; writes their keys/values into cache slot t.
 */
export function fusedDecodeStep(p: Params, cfg: ModelConfig, c: DecodeCache, tokens: tf.Tensor, tokOff: number, t: number): tf.Tensor2D {
  const { dModel: d, nHeads: H, dFF: ff, vocabSize: V, maxLen } = cfg;
  const B = c.rows;
  const at = [i32(t), i32(c.tmax)];
  return tf.tidy(() => {
    let x = run(new EmbedProgram(B, d), [p.tokEmb, p.posEmb, tokens, c.rowInfo], 'float32', [...at, i32(tokOff)]);
    p.layers.forEach((l, li) => {
      const state = c.layers[li];
      runInto(new LnLinearProgram('qkv', B, d, 3 * d, H, state.size), [x, l.ln1g, l.ln1b, l.wqkv, l.bqkv], state, [...at, i32(c.kvSize)]);
      const a = run(new AttentionProgram(B, d, H, maxLen), [state, c.rowInfo], 'float32', [...at, i32(c.kvSize)]);
      x = run(new LinearResidualProgram(B, d, d, false), [a, l.wo, x], 'float32');
      const h = run(new LnLinearProgram('gelu', B, d, ff), [x, l.ln2g, l.ln2b, l.w1, l.b1], 'float32');
      x = run(new LinearResidualProgram(B, ff, d, true), [h, l.w2, x, l.b2], 'float32');
    });
    return run(new LnLinearProgram('plain', B, d, V), [x, p.lnfG, p.lnfB, p.lmHead], 'float32') as tf.Tensor2D;
  });
}

/**
 * Differentiable building blocks tuned for tfjs-backend-wasm (see notes/feasibility.md):
 *
 * - matMul's built-in gradient uses transposeA/transposeB, which is 10–40× slower than an explicit
 *   tf.transpose followed by a plain matMul on wasm. mm/bmm wrap matMul in a tf.customGrad whose
 *   backward does exactly that.
 * - tf.gather's gradient needs UnsortedSegmentSum, which wasm lacks. gatherRows does a cheap
 *   gather forward and a one-hot matMul backward (dTable = onehot(idx)^T · dy).
 * - pow is slow and its gradient heavy; gelu uses x*x*x.
 * All of these run unchanged on cpu and webgpu.
 */
import * as tf from '@tensorflow/tfjs';

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/** 2-D a[m,k] · b[k,n] with a transpose-flag-free backward. */
export const mm = tf.customGrad((...args: CGArgs) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** Batched 3-D a[n,m,k] · b[n,k,p] with a transpose-flag-free backward. */
export const bmm = tf.customGrad((...args: CGArgs) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor3D[];
      const d = dy as tf.Tensor3D;
      return [tf.matMul(d, tf.transpose(sb, [0, 2, 1])), tf.matMul(tf.transpose(sa, [0, 2, 1]), d)];
    },
  };
}) as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/**
 * Float one-hot. NOT tf.oneHot(..., 'float32'): tfjs-backend-wasm 4.22's OneHot kernel ignores the
 * dtype and writes int32 bits into a float32 tensor (1 reads as 1.4e-45). Cast an int32 one-hot.
 */
export function oneHotF(idx: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(idx, depth), 'float32') as tf.Tensor2D;
}

/** table[idx] for a [R,d] table and int32 idx [N] → [N,d]; gradient only w.r.t. the table. */
export const gatherRows = tf.customGrad((...args: CGArgs) => {
  const [table, idx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([idx]);
  const rows = table.shape[0];
  return {
    value: tf.gather(table, idx) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const oh = oneHotF(saved[0] as tf.Tensor1D, rows); // [N,R]
      // The idx "gradient" is never used (tfjs prunes non-float inputs from the tape);
      // it only has to exist with the right shape.
      return [tf.matMul(tf.transpose(oh), dy as tf.Tensor2D), tf.zeros(saved[0].shape)];
    },
  };
}) as (table: tf.Tensor2D, idx: tf.Tensor1D) => tf.Tensor2D;

/** LayerNorm over the last axis: (x-μ)/sqrt(σ²+eps)·g + b, σ² the biased variance. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, eps = 1e-5): tf.Tensor2D {
  const mu = tf.mean(x, -1, true);
  const xc = tf.sub(x, mu);
  const variance = tf.mean(tf.mul(xc, xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), g), b) as tf.Tensor2D;
}

const GELU_C = Math.sqrt(2 / Math.PI);
/** GELU, tanh approximation (GPT-2's): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  const x3 = tf.mul(tf.mul(x, x), x);
  const inner = tf.mul(tf.add(x, tf.mul(x3, 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as T;
}

/**
 * Differentiable building blocks tuned for tfjs-backend-wasm (see notes/feasibility.md):
 *
 * - matMul's built-in gradient uses transposeA/transposeB, which is 10–40× slower than an explicit
 *   tf.transpose followed by a plain matMul on wasm. mm/bmm wrap matMul in a tf.customGrad whose
 *   backward does exactly that.
 * - tf.gather's gradient needs UnsortedSegmentSum, which wasm lacks, and wasm's GatherV2 copies
 *   element by element. gatherRows/selectRows take rows with GatherNd (row-wise copies) and
 *   scatter the gradient back with ScatterNd (one-hot matMul on WebGPU, see scatterRowsGrad).
 * - pickLogSoftmax: log-probabilities of chosen tokens via the fused softmax kernel.
 * - pow is slow and its gradient heavy; gelu uses x*x; wasm's Tanh is slow, gelu uses Sigmoid.
 * - wasm's batched matMul is slow: bmm runs as a depthwise convolution there (XNNPACK). wasm's Slice
 *   copies its whole input per call, so hot paths avoid tf.slice/split/unstack on activations.
 * All of these run unchanged on cpu and wasm. On webgpu (unless switched off, webgpu/trainEnabled.ts)
 * layerNorm, geluTanh and pickLogSoftmax are fused forward/backward programs, and the mm/linear
 * backwards use matMul's transpose flags and a column-sum program (webgpu/layerNorm.ts, gelu.ts,
 * logSoftmax.ts).
 * Custom gradients must take what they need through save() (a clone), not the closure: callers
 * wrap forwards in tf.tidy (tokenLogProbs, sftLoss), which disposes inputs before backprop.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedTrainApplies } from './webgpu/trainEnabled';
import { columnSumGpu, layerNormApplies, layerNormGpu } from './webgpu/layerNorm';
import { geluGpu } from './webgpu/gelu';
import { pickLogSoftmaxApplies, pickLogSoftmaxGpu } from './webgpu/logSoftmax';

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/** 2-D a[m,k] · b[k,n] with a transpose-flag-free backward. */
export const mm = tf.customGrad((...args: CGArgs) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      // WebGPU (fused training path on): its matMul reads transposed operands directly.
      if (fusedTrainApplies(dy)) return [tf.matMul(dy as tf.Tensor2D, sb, false, true), tf.matMul(sa, dy as tf.Tensor2D, true, false)];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * a[n,m,k] · b[n,k,p] → [n,m,p]. tfjs-backend-wasm runs batched matMul through a slow generic loop
 * (~1.4 GFLOP/s). On wasm the same product is computed as ONE depthwise convolution, which XNNPACK
 * runs as a grouped GEMM (4–6× faster for attention blocks): input x[0,i,c,g] = a[g,i,c]
 * ([1, m, k, n], channels = the n matrices), filter f[0,c,g,j] = b[g,c,j] ([1, k, n, p], channel
 * multiplier p), 'valid' padding over width k → out[0,i,0,g·p+j] = Σ_c a[g,i,c]·b[g,c,j].
 * (Cutting the n blocks out instead is slow there: Slice copies its whole input per call and
 * GatherV2 copies element by element.) Decode-sized products (m = 1) and other backends keep matMul.
 */
function batchedMatMul(a: tf.Tensor3D, b: tf.Tensor3D, ta = false, tb = false): tf.Tensor3D {
  // op(a) [n,m,k] · op(b) [n,k,p], op = transpose of the last two axes when the flag is set.
  const n = a.shape[0];
  const m = ta ? a.shape[2] : a.shape[1];
  const k = ta ? a.shape[1] : a.shape[2];
  const p = tb ? b.shape[1] : b.shape[2];
  if (n === 1 || m === 1 || m * k * p < 4096 || tf.getBackend() !== 'wasm') {
    return tf.matMul(ta ? tf.transpose(a, [0, 2, 1]) : a, tb ? tf.transpose(b, [0, 2, 1]) : b);
  }
  // One transpose per operand into the convolution layouts (any op() folded into it).
  const x = tf.reshape(tf.transpose(a, ta ? [2, 1, 0] : [1, 2, 0]), [1, m, k, n]) as tf.Tensor4D;
  const f = tf.reshape(tf.transpose(b, tb ? [2, 0, 1] : [1, 0, 2]), [1, k, n, p]) as tf.Tensor4D;
  const out = tf.depthwiseConv2d(x, f, 1, 'valid'); // [1, m, 1, n·p]
  return tf.transpose(tf.reshape(out, [m, n, p]), [1, 0, 2]);
}

/** Batched 3-D a[n,m,k] · b[n,k,p]; backward dA = dy·bᵀ, dB = aᵀ·dy without transpose flags. */
export const bmm = tf.customGrad((...args: CGArgs) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: batchedMatMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor3D[];
      const d = dy as tf.Tensor3D;
      return [batchedMatMul(d, sb, false, true), batchedMatMul(sa, d, true, false)];
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

/**
 * Gradient of row gathers: dTable[r] = Σ_{n: idx[n] = r} dy[n]. ScatterNd sums duplicate indices in
 * one pass over dy, where the one-hot route builds, transposes and multiplies an [N,R] matrix (tens
 * of ms per step on wasm at our sizes). WebGPU's ScatterNd adds floats atomically in no fixed order,
 * so with duplicate indices it keeps the one-hot matMul there (deterministic).
 */
function scatterRowsGrad(dy: tf.Tensor2D, idx: tf.Tensor1D, rows: number, duplicates: boolean): tf.Tensor2D {
  if (duplicates && tf.getBackend() === 'webgpu') {
    // fused training path on: matMul reads the one-hot transposed in place (one transpose less)
    if (fusedTrainApplies(dy)) return tf.matMul(oneHotF(idx, rows), dy, true, false);
    return tf.matMul(tf.transpose(oneHotF(idx, rows)), dy);
  }
  return tf.scatterND(tf.reshape(idx, [-1, 1]), dy, [rows, dy.shape[1]]) as tf.Tensor2D;
}

/**
 * Rows table[idx]. On wasm as GatherNd with [N,1] indices: same values as tf.gather(table, idx),
 * but wasm's GatherNd copies whole rows where its GatherV2 copies element by element (~25 ns each):
 * a [1340,64] × 3712-row embedding lookup takes ~0.1 ms instead of ~6–12 ms. Other backends keep
 * tf.gather: tfjs-backend-webgpu 4.22's GatherNd leaks two tensors per call when it runs small
 * CPU-resident inputs on the CPU (its flattened copies are never disposed).
 */
function takeRows(table: tf.Tensor2D, idx: tf.Tensor1D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.gather(table, idx) as tf.Tensor2D;
  return tf.gatherND(table, tf.reshape(idx, [-1, 1])) as tf.Tensor2D;
}

/** table[idx] for a [R,d] table and int32 idx [N] → [N,d]; gradient only w.r.t. the table. */
export const gatherRows = tf.customGrad((...args: CGArgs) => {
  const [table, idx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([idx]);
  const rows = table.shape[0];
  return {
    value: takeRows(table, idx),
    // The idx "gradient" is never used (tfjs prunes non-float inputs from the tape);
    // it only has to exist with the right shape.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      scatterRowsGrad(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, rows, true),
      tf.zeros(saved[0].shape),
    ],
  };
}) as (table: tf.Tensor2D, idx: tf.Tensor1D) => tf.Tensor2D;

/**
 * x[idx] for activations x [R,d] when idx holds each row at most once, except rows whose gradient is
 * zero (padding entries): the backward is a ScatterNd on every backend (no order-dependent sums).
 */
export const selectRows = tf.customGrad((...args: CGArgs) => {
  const [x, idx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([idx]);
  const rows = x.shape[0];
  return {
    value: takeRows(x, idx),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      scatterRowsGrad(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, rows, false),
      tf.zeros(saved[0].shape),
    ],
  };
}) as (x: tf.Tensor2D, idx: tf.Tensor1D) => tf.Tensor2D;

/**
 * logSoftmax(logits)[r, target_r] for logits [n,V] → [n], with `flatIdx[r] = r·V + target_r`.
 * Same math as picking from tf.logSoftmax, computed through the fused Softmax kernel:
 *   log p_t = x_t − m − log S,   m = max x,  S = Σ exp(x − m) = 1 / max(softmax(x))
 * (the max entry of softmax is exp(0)/S). On wasm, tf.logSoftmax / logSumExp run the scalar Exp
 * kernel (~7× slower than XNNPACK's softmax at [3680,1340]), and picking via a one-hot product costs
 * two more passes over [n,V]. Backward: d log p_t / dx = onehot(t) − softmax(x), with the one-hot
 * part scattered in (one write per row).
 */
const pickLogSoftmaxOp = tf.customGrad((...args: CGArgs) => {
  const [logits, flatIdx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  const [n, V] = logits.shape;
  const sm = tf.softmax(logits);
  const logZ = tf.sub(tf.max(logits, -1), tf.log(tf.max(sm, -1)));
  const picked = tf.gather(tf.reshape(logits, [n * V]), flatIdx);
  save([sm, flatIdx]);
  return {
    value: tf.sub(picked, logZ) as tf.Tensor1D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [p, fi] = saved as [tf.Tensor2D, tf.Tensor1D];
      const hot = tf.reshape(tf.scatterND(tf.reshape(fi, [-1, 1]), dy, [n * V]), [n, V]);
      return [tf.sub(hot, tf.mul(p, tf.reshape(dy, [n, 1]))), tf.zeros(fi.shape)];
    },
  };
}) as (logits: tf.Tensor2D, flatIdx: tf.Tensor1D) => tf.Tensor1D;

/**
 * log softmax(logits)[r, target_r] (see pickLogSoftmaxOp). On WebGPU (unless switched off) one
 * program each way (webgpu/logSoftmax.ts).
 */
export function pickLogSoftmax(logits: tf.Tensor2D, flatIdx: tf.Tensor1D): tf.Tensor1D {
  if (fusedTrainApplies(logits) && pickLogSoftmaxApplies(logits)) return pickLogSoftmaxGpu(logits, flatIdx);
  return pickLogSoftmaxOp(logits, flatIdx);
}

/** Column sums of dy [R,d] → [d] as ones[1,R]·dy: a GEMV (XNNPACK), where tf.sum(dy, 0) transposes first. */
function colSum(dy: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, dy.shape[0]]), dy), [dy.shape[1]]);
}

/**
 * x·W + b for x [R,k], W [k,n], b [n]. The forward is one fused matMul-with-bias kernel (one kernel
 * instead of matMul + add: one WebGPU dispatch less, same speed on wasm; the bias enters the sum
 * first, so results differ from matMul-then-add by float rounding only). The backward is written
 * out (transpose-flag-free matMuls, bias gradient as a GEMV) instead of autodiff's broadcast
 * reduction (transpose + Sum over rows).
 */
export const linear = tf.customGrad((...args: CGArgs) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      // WebGPU (fused training path on): transposed operands read in place, the bias gradient one
      // column-sum dispatch (3 dispatches instead of 6 and an upload).
      if (fusedTrainApplies(d)) return [tf.matMul(d, sw, false, true), tf.matMul(sx, d, true, false), columnSumGpu(d)];
      return [tf.matMul(d, tf.transpose(sw)), tf.matMul(tf.transpose(sx), d), colSum(d)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

const LN_EPS = 1e-5;
/**
 * LayerNorm over the last axis: (x−μ)/sqrt(σ²+1e-5)·g + b, σ² the biased variance. The forward runs
 * the same ops as the plain formula; the backward is the closed form
 *   x̂ = (x−μ)·r,  dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)),  dx̂ = dy·g,  dg = Σ_rows dy·x̂,  db = Σ_rows dy
 * (about half the ops of autodiff through mean/sub/rsqrt, and no broadcast reductions over rows).
 */
const layerNormOp = tf.customGrad((...args: CGArgs) => {
  const [x, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const mu = tf.mean(x, -1, true);
  const xc = tf.sub(x, mu);
  const variance = tf.mean(tf.mul(xc, xc), -1, true);
  const r = tf.rsqrt(tf.add(variance, LN_EPS));
  const xhat = tf.mul(xc, r);
  save([xhat, r, g]);
  return {
    value: tf.add(tf.mul(xhat, g), b) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xh, rr, gg] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const d = dy as tf.Tensor2D;
      const dxh = tf.mul(d, gg);
      const dx = tf.mul(rr, tf.sub(tf.sub(dxh, tf.mean(dxh, -1, true)), tf.mul(xh, tf.mean(tf.mul(dxh, xh), -1, true))));
      return [dx, colSum(tf.mul(d, xh) as tf.Tensor2D), colSum(d)];
    },
  };
}) as (x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D;

/**
 * LayerNorm over the last axis: (x-μ)/sqrt(σ²+1e-5)·g + b, σ² the biased variance. On WebGPU (unless
 * switched off, webgpu/trainEnabled.ts) the forward and backward are fused programs (webgpu/layerNorm.ts).
 */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D {
  if (fusedTrainApplies(x) && layerNormApplies(x)) return layerNormGpu(x, g, b);
  return layerNormOp(x, g, b);
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 2 * GELU_C;
const GELU_B = 2 * GELU_C * 0.044715;
/**
 * GELU, tanh approximation (GPT-2's): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), computed through
 * the identity 1 + tanh(z) = 2·sigmoid(2z) as x·sigmoid(x·(2√(2/π) + 2√(2/π)·0.044715·x²)): the same
 * function, in 6 ops instead of 9, and wasm's Sigmoid (XNNPACK) is ~20× faster than its Tanh.
 * On WebGPU (unless switched off) one fused dispatch each way (webgpu/gelu.ts).
 */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  if (fusedTrainApplies(x)) return geluGpu(x);
  const inner = tf.mul(x, tf.add(tf.mul(tf.mul(x, x), GELU_B), GELU_A));
  return tf.mul(x, tf.sigmoid(inner)) as T;
}

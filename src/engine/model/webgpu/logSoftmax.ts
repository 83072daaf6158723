/**
 * log softmax(logits)[r, t_r] on WebGPU (ops.ts pickLogSoftmax: the training and scoring loss
 * head), forward and backward as one program each, one workgroup per row, wrapped in tf.customGrad:
 *   log p_t = x_t − m − log S,  m = max_v x_v,  S = Σ_v exp(x_v − m)
 *   d log p_t / dx_v = 1[v = t] − exp(x_v − m)/S
 * The targets come as flatIdx[r] = r·V + t_r (ops.ts' layout). tfjs ran softmax, two max, log, sub,
 * gather and sub forward and scatter, mul and sub backward; here the backward recomputes m and S
 * from the saved logits instead of keeping the [rows, V] softmax. Rows ≤ 65535 (one workgroup each).
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from './runtime';
import { REDUCE_WGSL, run } from './runtime';

const WG = 64;
const MAX_GROUPS = 65535;

class PickLogSoftmaxProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  constructor(rows: number, private readonly V: number, private readonly backward: boolean) {
    this.variableNames = backward ? ['logits', 'flatIdx', 'dy'] : ['logits', 'flatIdx'];
    this.outputShape = backward ? [rows, V] : [rows];
    this.dispatch = [rows, 1, 1];
    this.shaderKey = `labPickLogSoftmax_${V}_${backward}`;
  }
  getUserCode(): string {
    const V = this.V;
    const tail = this.backward
      ? `
  let g = dy[row];
  for (var v = tid; v < ${V}; v = v + ${WG}) {
    let p = exp(logits[base + v] - m) / s;
    result[base + v] = select(0.0, g, v == t) - p * g;
  }`
      : `
  if (tid == 0) { result[row] = logits[base + t] - m - log(s); }`;
    return `
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  _ = uniforms.NAN; // every binding must be used: layout 'auto' drops unused ones, tfjs binds all
  let row = i32(workgroupId.x);
  let tid = i32(localId.x);
  let base = row * ${V};
  let t = flatIdx[row] - base;
  var mx = -3.0e38;
  for (var v = tid; v < ${V}; v = v + ${WG}) { mx = max(mx, logits[base + v]); }
  let m = reduceMax(tid, mx);
  var z = 0.0;
  for (var v = tid; v < ${V}; v = v + ${WG}) { z = z + exp(logits[base + v] - m); }
  let s = reduceSum(tid, z);${tail}
}`;
  }
}

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/** Whether logits [rows, V] fit the programs (one workgroup per row). */
export function pickLogSoftmaxApplies(logits: tf.Tensor): boolean {
  return logits.rank === 2 && logits.shape[0] >= 1 && logits.shape[0] <= MAX_GROUPS;
}

/** log softmax(logits)[r, flatIdx[r] − r·V] → [rows]; gradient w.r.t. the logits only. */
export const pickLogSoftmaxGpu = tf.customGrad((...args: CGArgs) => {
  const [logits, flatIdx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  const [n, V] = logits.shape;
  save([logits, flatIdx]);
  return {
    value: run(new PickLogSoftmaxProgram(n, V, false), [logits, flatIdx], 'float32') as tf.Tensor1D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sl, fi] = saved as [tf.Tensor2D, tf.Tensor1D];
      // The index "gradient" is never used (tfjs prunes int inputs); it only needs the right shape.
      return [run(new PickLogSoftmaxProgram(n, V, true), [sl, fi, dy], 'float32'), tf.zeros(fi.shape)];
    },
  };
}) as (logits: tf.Tensor2D, flatIdx: tf.Tensor1D) => tf.Tensor1D;

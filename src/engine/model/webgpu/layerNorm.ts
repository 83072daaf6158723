/**
 * LayerNorm for training on WebGPU: the forward and its backward as our own programs, wrapped in
 * tf.customGrad (the op ops.ts layerNorm runs on the webgpu backend, see trainEnabled.ts):
 *   y = x̂·g + b,  x̂ = (x − μ)·r,  r = 1/√(σ² + 1e-5)  (σ² the biased variance, per row)
 *   dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)),  dx̂ = dy·g,  dg = Σ_rows dy·x̂,  db = Σ_rows dy
 * (the closed form of ops.ts' layerNormOp). tfjs needs 9 kernels for the forward (each a dispatch,
 * plus the epsilon's scalar upload) and about 13 for the backward; here the forward is 1 dispatch
 * and the backward 4: the row statistics (μ, r) once, dx one workgroup per row, dg and db one
 * workgroup per column. Nothing is kept from the forward but x and g (save(): clones, as ops.ts
 * requires), so inference pays for the forward dispatch only.
 * The column-sum program also gives linear layers their bias gradient (columnSumGpu).
 * Row counts are uniforms (one pipeline per width d, whatever the batch shape); rows ≤ 65535 (one
 * workgroup per row: WebGPU's default dispatch limit per dimension), see layerNormApplies.
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from './runtime';
import { REDUCE_WGSL, i32, run } from './runtime';

const WG = 64;
const EPS = 1e-5;
/** WebGPU's default maxComputeWorkgroupsPerDimension. */
const MAX_GROUPS = 65535;

const lit = (v: number) => (Number.isInteger(v) ? `${v}.0` : `${v}`);

/** Statistics of row `row` of xIn [·, D] (every thread of the workgroup must call it). */
const ROW_STATS = (D: number) => `
fn rowStats(row : i32, tid : i32) -> vec2<f32> {
  var s = 0.0;
  for (var k = tid; k < ${D}; k = k + ${WG}) { s = s + xIn[row * ${D} + k]; }
  let mu = reduceSum(tid, s) / ${lit(D)};
  var q = 0.0;
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let c = xIn[row * ${D} + k] - mu;
    q = q + c * c;
  }
  return vec2<f32>(mu, inverseSqrt(reduceSum(tid, q) / ${lit(D)} + ${EPS}));
}`;

abstract class RowProgram implements Program {
  abstract variableNames: string[];
  outputShape: number[];
  abstract shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  constructor(rows: number, protected readonly d: number, outputShape: number[]) {
    this.outputShape = outputShape;
    this.dispatch = [rows, 1, 1];
  }
  abstract getUserCode(): string;
}

/** y = LN(x)·g + b, one workgroup per row. */
class LnForwardProgram extends RowProgram {
  variableNames = ['xIn', 'gain', 'shift'];
  shaderKey: string;
  constructor(rows: number, d: number) {
    super(rows, d, [rows, d]);
    this.shaderKey = `labLnFwd_${d}`;
  }
  getUserCode(): string {
    const D = this.d;
    return `
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
${ROW_STATS(D)}
fn main(index : i32) {
  _ = uniforms.NAN; // every binding must be used: layout 'auto' drops unused ones, tfjs binds all
  let row = i32(workgroupId.x);
  let tid = i32(localId.x);
  let st = rowStats(row, tid);
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let i = row * ${D} + k;
    result[i] = (xIn[i] - st.x) * st.y * gain[k] + shift[k];
  }
}`;
  }
}

/** Per-row (μ, r) → [rows, 2]. */
class LnStatsProgram extends RowProgram {
  variableNames = ['xIn'];
  shaderKey: string;
  constructor(rows: number, d: number) {
    super(rows, d, [rows, 2]);
    this.shaderKey = `labLnStats_${d}`;
  }
  getUserCode(): string {
    return `
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
${ROW_STATS(this.d)}
fn main(index : i32) {
  _ = uniforms.NAN;
  let row = i32(workgroupId.x);
  let tid = i32(localId.x);
  let st = rowStats(row, tid);
  if (tid == 0) {
    result[2 * row] = st.x;
    result[2 * row + 1] = st.y;
  }
}`;
  }
}

/** dx = r·(dy·g − mean(dy·g) − x̂·mean(dy·g·x̂)), one workgroup per row. */
class LnBackwardXProgram extends RowProgram {
  variableNames = ['xIn', 'gain', 'dy', 'stats'];
  shaderKey: string;
  constructor(rows: number, d: number) {
    super(rows, d, [rows, d]);
    this.shaderKey = `labLnDx_${d}`;
  }
  getUserCode(): string {
    const D = this.d;
    return `
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  _ = uniforms.NAN;
  let row = i32(workgroupId.x);
  let tid = i32(localId.x);
  let mu = stats[2 * row];
  let r = stats[2 * row + 1];
  var a = 0.0;
  var b = 0.0;
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let i = row * ${D} + k;
    let g = dy[i] * gain[k];
    a = a + g;
    b = b + g * (xIn[i] - mu) * r;
  }
  let ma = reduceSum(tid, a) / ${lit(D)};
  let mb = reduceSum(tid, b) / ${lit(D)};
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let i = row * ${D} + k;
    result[i] = r * (dy[i] * gain[k] - ma - (xIn[i] - mu) * r * mb);
  }
}`;
  }
}

/** Column sums over `rows` rows, one workgroup per column: Σ dy·x̂ (dg) or Σ dy (db) → [d]. */
class LnColumnGradProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms = 'rows : i32,';
  constructor(private readonly d: number, private readonly withXhat: boolean) {
    this.variableNames = withXhat ? ['dy', 'xIn', 'stats'] : ['dy'];
    this.outputShape = [d];
    this.dispatch = [d, 1, 1];
    this.shaderKey = `labLnCol_${d}_${withXhat}`;
  }
  getUserCode(): string {
    const D = this.d;
    const term = this.withXhat ? `dy[i] * (xIn[i] - stats[2 * r]) * stats[2 * r + 1]` : 'dy[i]';
    return `
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  let c = i32(workgroupId.x);
  let tid = i32(localId.x);
  var acc = 0.0;
  for (var r = tid; r < uniforms.rows; r = r + ${WG}) {
    let i = r * ${D} + c;
    acc = acc + ${term};
  }
  let s = reduceSum(tid, acc);
  if (tid == 0) { result[c] = s; }
}`;
  }
}

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/**
 * Column sums of dy [rows, n] → [n], one dispatch (a linear layer's bias gradient): ops.ts' colSum
 * is ones[1,rows]·dy, an upload of the ones and a matMul.
 */
export function columnSumGpu(dy: tf.Tensor2D): tf.Tensor1D {
  return run(new LnColumnGradProgram(dy.shape[1], false), [dy], 'float32', [i32(dy.shape[0])]) as tf.Tensor1D;
}

/** Whether x [rows, d] fits the programs' layout (one workgroup per row). */
export function layerNormApplies(x: tf.Tensor): boolean {
  const [rows, d] = x.shape;
  return x.rank === 2 && rows >= 1 && rows <= MAX_GROUPS && (d ?? 0) >= 1;
}

/** LayerNorm over the last axis of x [rows, d] on WebGPU (see the top of this file). */
export const layerNormGpu = tf.customGrad((...args: CGArgs) => {
  const [x, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const [R, D] = x.shape;
  save([x, g]);
  return {
    value: run(new LnForwardProgram(R, D), [x, g, b], 'float32') as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sg] = saved as [tf.Tensor2D, tf.Tensor1D];
      const stats = run(new LnStatsProgram(R, D), [sx], 'float32');
      const dx = run(new LnBackwardXProgram(R, D), [sx, sg, dy, stats], 'float32');
      const dg = run(new LnColumnGradProgram(D, true), [dy, sx, stats], 'float32', [i32(R)]);
      const db = run(new LnColumnGradProgram(D, false), [dy], 'float32', [i32(R)]);
      stats.dispose();
      return [dx, dg, db];
    },
  };
}) as (x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D;

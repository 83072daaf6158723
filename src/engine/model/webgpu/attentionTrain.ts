/**
 * Causal self-attention for training on WebGPU: softmax(q·kᵀ/√dh + mask)·v for every head, forward
 * and backward as our own programs wrapped in tf.customGrad. The input is the packed projection
 * qkv = LN(x)·Wqkv + bqkv [B·T, 3d] (columns: q | k | v, head h at h·dh within each block), so the
 * model needs one matMul instead of three against weight slices, and no head transposes:
 *
 * - forward, 1 dispatch, one workgroup per (row b, head h, query i): scores of query q0+i against
 *   all T keys plus the additive mask [B,1,Tq,T] (masks.ts: every query sees at least itself), max,
 *   exp, sum, and the probability-weighted sum of values → out [B·Tq, d] (heads side by side, the
 *   layout the output projection reads). q is scaled by 1/√dh before the product, as forward.ts does;
 * - backward, 2 dispatches: (1) per (b, h, i) again: recompute the probabilities P, dP = dO·vᵀ and
 *   dS = P∘(dP − Σ_j P∘dP) (the softmax gradient), written as [P | dS] ([2, B·H, Tq, T]);
 *   (2) one thread per element of d(qkv) [B·T, 3d]: dq_i = Σ_j dS_ij·k_j/√dh (zero outside the
 *   queries), dk_j = Σ_i dS_ij·q_i/√dh, dv_j = Σ_i P_ij·dO_i.
 * tfjs ran 3 weight slices, 3 matMuls, 4 transposes, mul, 2 batched matMuls, add and softmax forward
 * and about 40 kernels backward per block. Queries are rows [q0, q0+Tq) of each sequence (the last
 * block of a scoring pass only needs the completion part, forward.ts LastQueries); keys all T.
 * The mask's "gradient" is a zero tensor made on the CPU (never uploaded: it feeds nothing).
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from './runtime';
import { REDUCE_WGSL, i32, run } from './runtime';

const WG = 64;
const FLAT_WG = 256;
const MAX_GROUPS = 65535;

export interface AttentionGeometry {
  B: number;
  /** Keys (and rows of qkv) per sequence. */
  T: number;
  /** First query position and query count. */
  q0: number;
  Tq: number;
  heads: number;
  /** Bound on T (the model's maxLen): the size of the per-workgroup score arrays. */
  maxLen: number;
}

/** WebGPU's default maxStorageBufferBindingSize (bytes): bounds the backward's [P | dS] buffer. */
const MAX_BINDING = 134217728;

/** Whether the fused programs take these shapes (workgroups per dimension, workgroup memory, binding size). */
export function attentionApplies(g: AttentionGeometry, d: number): boolean {
  return (
    d % g.heads === 0 && g.B * g.heads * g.Tq <= MAX_GROUPS && g.T <= g.maxLen && g.maxLen <= 1024 &&
    g.q0 >= 0 && g.Tq >= 1 && g.q0 + g.Tq <= g.T && 2 * g.B * g.heads * g.Tq * g.T * 4 <= MAX_BINDING
  );
}

/** Shared head of both per-query programs: indices, q·scale into `qs`, masked scores into `sc`, softmax. */
function probsWGSL(D: number, H: number, scale: number): string {
  const DH = D / H;
  return `
  let w = i32(workgroupId.x);
  let g = w / uniforms.tq;
  let i = w % uniforms.tq;
  let b = g / ${H};
  let h = g % ${H};
  let tid = i32(localId.x);
  let T = uniforms.tk;
  let qrow = (b * T + uniforms.q0 + i) * ${3 * D} + h * ${DH};
  for (var e = tid; e < ${DH}; e = e + ${WG}) { qs[e] = qkv[qrow + e] * ${scale}; }
  workgroupBarrier();
  let mrow = (b * uniforms.tq + i) * T;
  var mx = -3.0e38;
  for (var j = tid; j < T; j = j + ${WG}) {
    let krow = (b * T + j) * ${3 * D} + ${D} + h * ${DH};
    var s = 0.0;
    for (var e = 0; e < ${DH}; e = e + 1) { s = s + qs[e] * qkv[krow + e]; }
    s = s + mask[mrow + j];
    sc[j] = s;
    mx = max(mx, s);
  }
  let m = reduceMax(tid, mx);
  var z = 0.0;
  for (var j = tid; j < T; j = j + ${WG}) {
    let p = exp(sc[j] - m);
    sc[j] = p;
    z = z + p;
  }
  let zs = reduceSum(tid, z);`;
}

abstract class QueryProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  abstract shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms = 'tk : i32, tq : i32, q0 : i32, pdsHalf : i32,';
  protected readonly scale: number;
  protected readonly heads: number;
  protected readonly maxLen: number;
  constructor(names: string[], outputShape: number[], geo: AttentionGeometry, protected readonly d: number) {
    this.heads = geo.heads;
    this.maxLen = geo.maxLen;
    this.variableNames = names;
    this.outputShape = outputShape;
    this.dispatch = [geo.B * geo.heads * geo.Tq, 1, 1];
    this.scale = 1 / Math.sqrt(d / geo.heads);
  }
  abstract getUserCode(): string;
}

class AttnForwardProgram extends QueryProgram {
  shaderKey: string;
  constructor(geo: AttentionGeometry, d: number) {
    super(['qkv', 'mask'], [geo.B * geo.Tq, d], geo, d);
    this.shaderKey = `labAttnFwd_${d}_${geo.heads}_${geo.maxLen}`;
  }
  getUserCode(): string {
    const D = this.d, H = this.heads, DH = D / H;
    return `
var<workgroup> sc : array<f32, ${this.maxLen}>;
var<workgroup> qs : array<f32, ${DH}>;
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  ${probsWGSL(D, H, this.scale)}
  let orow = (b * uniforms.tq + i) * ${D} + h * ${DH};
  for (var e = tid; e < ${DH}; e = e + ${WG}) {
    var acc = 0.0;
    for (var j = 0; j < T; j = j + 1) {
      acc = acc + sc[j] * qkv[(b * T + j) * ${3 * D} + ${2 * D} + h * ${DH} + e];
    }
    result[orow + e] = acc / zs;
  }
}`;
  }
}

/** [P | dS], each [B·H, Tq, T]. */
class AttnBackwardProbsProgram extends QueryProgram {
  shaderKey: string;
  constructor(geo: AttentionGeometry, d: number) {
    super(['qkv', 'mask', 'dy'], [2 * geo.B * geo.heads * geo.Tq * geo.T], geo, d);
    this.shaderKey = `labAttnBwdP_${d}_${geo.heads}_${geo.maxLen}`;
  }
  getUserCode(): string {
    const D = this.d, H = this.heads, DH = D / H;
    return `
var<workgroup> sc : array<f32, ${this.maxLen}>;
var<workgroup> dps : array<f32, ${this.maxLen}>;
var<workgroup> qs : array<f32, ${DH}>;
var<workgroup> dos : array<f32, ${DH}>;
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  ${probsWGSL(D, H, this.scale)}
  let orow = (b * uniforms.tq + i) * ${D} + h * ${DH};
  for (var e = tid; e < ${DH}; e = e + ${WG}) { dos[e] = dy[orow + e]; }
  workgroupBarrier();
  var ds = 0.0;
  for (var j = tid; j < T; j = j + ${WG}) {
    let vrow = (b * T + j) * ${3 * D} + ${2 * D} + h * ${DH};
    var dp = 0.0;
    for (var e = 0; e < ${DH}; e = e + 1) { dp = dp + dos[e] * qkv[vrow + e]; }
    let p = sc[j] / zs;
    sc[j] = p;
    dps[j] = dp;
    ds = ds + p * dp;
  }
  let dsum = reduceSum(tid, ds);
  let base = (g * uniforms.tq + i) * T;
  let dsOff = uniforms.pdsHalf;
  for (var j = tid; j < T; j = j + ${WG}) {
    result[base + j] = sc[j];
    result[dsOff + base + j] = sc[j] * (dps[j] - dsum);
  }
}`;
  }
}

/** d(qkv) [B·T, 3d] from [P | dS], qkv and dO. */
class AttnBackwardQkvProgram implements Program {
  variableNames = ['qkv', 'pds', 'dy'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [FLAT_WG, 1, 1];
  uniforms = 'tk : i32, tq : i32, q0 : i32, pdsHalf : i32,';
  size = true;
  private readonly scale: number;
  constructor(geo: AttentionGeometry, private readonly d: number, private readonly heads: number) {
    this.outputShape = [geo.B * geo.T, 3 * d];
    const groups = Math.ceil((geo.B * geo.T * 3 * d) / FLAT_WG);
    const y = Math.ceil(groups / MAX_GROUPS);
    this.dispatch = [Math.ceil(groups / y), y, 1];
    this.shaderKey = `labAttnBwdQkv_${d}_${heads}`;
    this.scale = 1 / Math.sqrt(d / heads);
  }
  getUserCode(): string {
    const D = this.d, H = this.heads, DH = D / H;
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let T = uniforms.tk;
    let row = index / ${3 * D};
    let c = index % ${3 * D};
    let b = row / T;
    let t = row % T;
    let sec = c / ${D};
    let hc = c % ${D};
    let g = b * ${H} + hc / ${DH};
    var acc = 0.0;
    if (sec == 0) {
      let i = t - uniforms.q0;
      if (i >= 0 && i < uniforms.tq) {
        let srow = uniforms.pdsHalf + (g * uniforms.tq + i) * T;
        for (var j = 0; j < T; j = j + 1) {
          acc = acc + pds[srow + j] * qkv[(b * T + j) * ${3 * D} + ${D} + hc];
        }
        acc = acc * ${this.scale};
      }
    } else if (sec == 1) {
      for (var i = 0; i < uniforms.tq; i = i + 1) {
        acc = acc + pds[uniforms.pdsHalf + (g * uniforms.tq + i) * T + t] * qkv[(b * T + uniforms.q0 + i) * ${3 * D} + hc];
      }
      acc = acc * ${this.scale};
    } else {
      for (var i = 0; i < uniforms.tq; i = i + 1) {
        acc = acc + pds[(g * uniforms.tq + i) * T + t] * dy[(b * uniforms.tq + i) * ${D} + hc];
      }
    }
    result[index] = acc;
  }
}`;
  }
}

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/**
 * Attention of queries [q0, q0+Tq) over all T keys, from qkv [B·T, 3d] and the additive mask
 * [B,1,Tq,T] → [B·Tq, d] (see the top of this file; check attentionApplies first).
 */
export function attentionGpu(qkv: tf.Tensor2D, mask: tf.Tensor4D, geo: AttentionGeometry): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  const half = geo.B * geo.heads * geo.Tq * geo.T;
  const u = () => [i32(geo.T), i32(geo.Tq), i32(geo.q0), i32(half)];
  const op = tf.customGrad((...args: CGArgs) => {
    const [x, m, save] = args as [tf.Tensor2D, tf.Tensor4D, tf.GradSaveFunc];
    save([x, m]);
    return {
      value: run(new AttnForwardProgram(geo, d), [x, m], 'float32', u()) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sm] = saved as [tf.Tensor2D, tf.Tensor4D];
        const pds = run(new AttnBackwardProbsProgram(geo, d), [sx, sm, dy], 'float32', u());
        const dqkv = run(new AttnBackwardQkvProgram(geo, d, geo.heads), [sx, pds, dy], 'float32', u());
        pds.dispose();
        return [dqkv, tf.zeros(sm.shape)];
      },
    };
  }) as (x: tf.Tensor2D, m: tf.Tensor4D) => tf.Tensor2D;
  return op(qkv, mask);
}

/**
 * Decode-step attention against the fixed-shape KV cache, one workgroup per (row b, head h):
 * scores q·k_j over the slots j ≤ t, the pad/causal key mask, softmax and the weighted sum of
 * values, in one dispatch (tfjs needed reshape/matMul/add(mask)/softmax/matMul/transpose kernels
 * and a per-step mask upload). The mask is the one of masks.ts: key j is visible to the query at t
 * iff j ≤ t and (keyMask[b, j] = 1 or j = t); blocked keys get the same additive −1e9, so their
 * weight is exactly 0 as in tf.softmax. Slots after t are never read (their contents are stale).
 *
 * Decode state of a layer (one float32 buffer, written by LnLinearProgram's 'qkv' epilogue):
 *   [0, kvSize)         keys    [B·H, Tmax, dh]
 *   [kvSize, 2·kvSize)  values  [B·H, Tmax, dh]
 *   [2·kvSize, +B·d)    q of the current position, pre-scaled by 1/√dh  [B, d]
 * rowInfo [B, Tmax+1]: the key mask over the cache, then the row's left-pad count (see embed.ts).
 */
import type { Program } from './runtime';
import { REDUCE_WGSL } from './runtime';

const WG = 64;

export class AttentionProgram implements Program {
  variableNames = ['kv', 'rowInfo'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms = 't : i32, tmax : i32, kvSize : i32,';

  /** maxLen bounds Tmax (the scores live in workgroup memory). */
  constructor(rows: number, private readonly d: number, private readonly heads: number, private readonly maxLen: number) {
    this.outputShape = [rows, d];
    this.dispatch = [rows * heads, 1, 1];
    this.shaderKey = `labAttention_${d}_${heads}_${maxLen}`;
  }

  getUserCode(): string {
    const { d: D, heads: H } = this;
    const DH = D / H;
    return `
var<workgroup> sc : array<f32, ${this.maxLen}>;
var<workgroup> qs : array<f32, ${DH}>;
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  let g = i32(workgroupId.x);
  let b = g / ${H};
  let h = g % ${H};
  let tid = i32(localId.x);
  let t = uniforms.t;
  for (var e = tid; e < ${DH}; e = e + ${WG}) {
    qs[e] = kv[2 * uniforms.kvSize + b * ${D} + h * ${DH} + e];
  }
  workgroupBarrier();
  let base = g * uniforms.tmax * ${DH};
  let info = b * (uniforms.tmax + 1);
  var mx = -3.0e38;
  for (var j = tid; j <= t; j = j + ${WG}) {
    var s = 0.0;
    for (var e = 0; e < ${DH}; e = e + 1) {
      s = s + qs[e] * kv[base + j * ${DH} + e];
    }
    if (!(rowInfo[info + j] > 0.0 || j == t)) { s = s - 1e9; }
    sc[j] = s;
    mx = max(mx, s);
  }
  let m = reduceMax(tid, mx);
  var z = 0.0;
  for (var j = tid; j <= t; j = j + ${WG}) {
    let p = exp(sc[j] - m);
    sc[j] = p;
    z = z + p;
  }
  let zs = reduceSum(tid, z);
  for (var e = tid; e < ${DH}; e = e + ${WG}) {
    var acc = 0.0;
    for (var j = 0; j <= t; j = j + 1) {
      acc = acc + sc[j] * kv[uniforms.kvSize + base + j * ${DH} + e];
    }
    result[b * ${D} + h * ${DH} + e] = acc / zs;
  }
}`;
  }
}

/**
 * LayerNorm fused with the linear layer that reads it, for one decode position per row:
 *   y[r, j] = epilogue( Σ_k LN(x[r])[k] · W[k, j] (+ b[j]) ).
 * One workgroup per (row, block of COLS output columns): it normalizes its row in workgroup memory
 * (d ≤ 1024 floats; the row is re-normalized per column block, cheap next to the product) and
 * then computes its columns. Replaces tfjs's mean, sub, mul, mean, add(eps), rsqrt, mul, mul, add
 * and fused matMul kernels (and the epsilon's scalar upload) with one dispatch.
 * Epilogues:
 * - 'qkv': the attention projections; q·(1/√dh) goes to the q region of the layer's decode state
 *   and k, v straight into cache slot t ([B·H, Tmax, dh] blocks, see attention.ts), so no separate
 *   cache-update kernel runs;
 * - 'gelu': bias + GELU (the MLP's first layer, same formula as ops.ts geluTanh);
 * - 'plain': no bias (final LayerNorm + lm_head → logits).
 */
import type { Program } from './runtime';
import { REDUCE_WGSL } from './runtime';

export type Epilogue = 'qkv' | 'gelu' | 'plain';

const WG = 64;
const COLS = 256;
const GELU_C = Math.sqrt(2 / Math.PI);

/** Numbers printed into WGSL as f32 literals. */
const lit = (v: number) => (Number.isInteger(v) ? `${v}.0` : `${v}`);

export class LnLinearProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms?: string;
  private readonly blocks: number;

  /** rows B, width d, output columns n; for 'qkv' n = 3d and `heads` = H, output = the decode state. */
  constructor(private readonly mode: Epilogue, rows: number, private readonly d: number, private readonly n: number, private readonly heads = 1, stateSize = 0) {
    this.variableNames = mode === 'plain' ? ['xIn', 'gain', 'shift', 'weight'] : ['xIn', 'gain', 'shift', 'weight', 'bias'];
    this.outputShape = mode === 'qkv' ? [stateSize] : [rows, n];
    this.blocks = Math.ceil(n / COLS);
    this.dispatch = [rows * this.blocks, 1, 1];
    if (mode === 'qkv') this.uniforms = 't : i32, tmax : i32, kvSize : i32,';
    this.shaderKey = `labLnLinear_${mode}_${d}_${n}_${heads}`;
  }

  getUserCode(): string {
    const { d: D, n: N, heads: H } = this;
    const DH = D / H;
    const epilogue =
      this.mode === 'qkv'
        ? `
      let sec = j / ${D};
      let c = j % ${D};
      if (sec == 0) {
        result[2 * uniforms.kvSize + row * ${D} + c] = acc * ${lit(1 / Math.sqrt(DH))};
      } else {
        let slot = ((row * ${H} + c / ${DH}) * uniforms.tmax + uniforms.t) * ${DH} + c % ${DH};
        result[(sec - 1) * uniforms.kvSize + slot] = acc;
      }`
        : this.mode === 'gelu'
          ? `
      // x·sigmoid(x·(2√(2/π) + 2√(2/π)·0.044715·x²)) = GPT-2's tanh GELU (ops.ts geluTanh)
      let inner = acc * (acc * acc * ${lit(2 * GELU_C * 0.044715)} + ${lit(2 * GELU_C)});
      result[row * ${N} + j] = acc / (1.0 + exp(-inner));`
          : `
      result[row * ${N} + j] = acc;`;
    return `
var<workgroup> xs : array<f32, ${D}>;
var<workgroup> red : array<f32, ${WG}>;
${REDUCE_WGSL(WG)}
fn main(index : i32) {
  _ = uniforms.NAN; // every binding must be used: layout 'auto' drops unused ones, tfjs binds all
  let row = i32(workgroupId.x) / ${this.blocks};
  let blk = i32(workgroupId.x) % ${this.blocks};
  let tid = i32(localId.x);
  var s = 0.0;
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let v = xIn[row * ${D} + k];
    xs[k] = v;
    s = s + v;
  }
  let mu = reduceSum(tid, s) / ${lit(D)};
  var q = 0.0;
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    let c = xs[k] - mu;
    xs[k] = c;
    q = q + c * c;
  }
  let r = inverseSqrt(reduceSum(tid, q) / ${lit(D)} + 1e-5);
  for (var k = tid; k < ${D}; k = k + ${WG}) {
    xs[k] = xs[k] * r * gain[k] + shift[k];
  }
  workgroupBarrier();
  let jEnd = min(${N}, (blk + 1) * ${COLS});
  for (var j = blk * ${COLS} + tid; j < jEnd; j = j + ${WG}) {
    var acc = ${this.mode === 'plain' ? '0.0' : 'bias[j]'};
    for (var k = 0; k < ${D}; k = k + 1) {
      acc = acc + xs[k] * weight[k * ${N} + j];
    }
    ${epilogue}
  }
}`;
  }
}

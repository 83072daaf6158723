/**
 * Sampling on the GPU, one workgroup per row, so the sampled token feeds the next decode step
 * without a readback. It picks the token sample.ts would pick from the same logits:
 * - temperature 0: the first argmax;
 * - otherwise p_i = exp((l_i − max)/T) and u = r·Σp with r the caller's random() number for this
 *   (step, row); the token is the first i (in index order) whose running sum exceeds u, falling back
 *   to the last i with p_i > 0;
 * - top-p < 1: the nucleus in sample.ts's order (p descending, ties by index) without sorting: a
 *   token's rank and the mass ranked before it are counted directly (O(V²) per row, vocabularies
 *   up to TOPP_MAX_VOCAB), it is kept iff it is first or that mass is < topP·Σp, and the pick is the
 *   first kept token whose cumulative mass exceeds u·(kept mass).
 * sample.ts sums in float64, WGSL has only float32: the pick can differ only when u lands within
 * float32 rounding (~1e-7 relative) of a cumulative boundary, the same order of difference as the
 * logits themselves show between backends.
 *
 * Random numbers: r for row b at step s is draws[B + base_s + rank_s(b)], where rank counts the
 * rows still running before b and base_s the draws used by the chunk's earlier steps, so the rows
 * consume the caller's random() sequence in exactly the order generate.ts's JS loop does (one draw
 * per running row per step, none at temperature 0), even when rows stop at eos inside a chunk.
 *
 * The chunk record (int32, written in place; K = chunk capacity, B = rows):
 *   [0, K·B)                     sampled token per (step, row) (PAD for rows already stopped)
 *   [K·B, K·B + (K+1)·B)         stopped flag per (step, row) BEFORE that step (step 0 from draws[0..B))
 *   [.., + K+1)                  base_s: draws used before step s
 *   [.., + K·B)                  entropy (nats, temperature 1) per (step, row), float32 bits
 * Each step reads only what the previous step wrote, so the rows of one dispatch never race.
 */
import type { Program } from './runtime';
import { REDUCE_WGSL } from './runtime';

const WG = 64;
/** Largest vocabulary for GPU top-p (the row's probabilities live in workgroup memory). */
export const TOPP_MAX_VOCAB = 2048;

export function recordSize(rows: number, K: number): number {
  return K * rows + (K + 1) * rows + (K + 1) + K * rows;
}

export function recordOffsets(rows: number, K: number) {
  const done = K * rows, base = done + (K + 1) * rows, entropy = base + K + 1;
  return { tokens: 0, done, base, entropy };
}

export class SamplerProgram implements Program {
  variableNames = ['logits', 'draws'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms = 's : i32, kcap : i32, temperature : f32, topP : f32, eos : i32, stopAtEos : i32, pad : i32,';

  constructor(rows: number, private readonly vocab: number, size: number) {
    this.outputShape = [size];
    this.dispatch = [rows, 1, 1];
    this.shaderKey = `labSampler_${vocab}`;
  }

  private topPCode(): string {
    const V = this.vocab;
    if (V > TOPP_MAX_VOCAB) return 'tok = 0; // GPU top-p is not used at this vocabulary size (generateFused checks)';
    const NQ = Math.ceil(V / WG);
    return `
    for (var i = tid; i < ${V}; i = i + ${WG}) {
      ps[i] = exp((logits[row + i] - m) / uniforms.temperature);
    }
    var zt = 0.0;
    for (var i = tid; i < ${V}; i = i + ${WG}) { zt = zt + ps[i]; }
    let z = reduceSum(tid, zt);
    let thr = uniforms.topP * z;
    var cs : array<f32, ${NQ}>;
    var cn : array<i32, ${NQ}>;
    var kept = 0.0;
    for (var q = 0; q < ${NQ}; q = q + 1) {
      let i = tid + q * ${WG};
      if (i < ${V}) {
        let pi = ps[i];
        var c = 0.0;
        var n = 0;
        for (var j = 0; j < ${V}; j = j + 1) {
          let pj = ps[j];
          if (pj > pi || (pj == pi && j < i)) { c = c + pj; n = n + 1; }
        }
        cs[q] = c;
        cn[q] = n;
        if (n == 0 || c < thr) { kept = kept + pi; }
      }
    }
    let u = r * reduceSum(tid, kept);
    var best = ${2 ** 31 - 1};
    var last = -1;
    for (var q = 0; q < ${NQ}; q = q + 1) {
      let i = tid + q * ${WG};
      if (i < ${V} && (cn[q] == 0 || cs[q] < thr)) {
        if (cs[q] + ps[i] > u) { best = min(best, cn[q]); }
        last = max(last, cn[q]);
      }
    }
    let bestAll = reduceMinI(tid, best);
    let lastAll = reduceMaxI(tid, last);
    let want = select(lastAll, bestAll, bestAll != ${2 ** 31 - 1});
    for (var q = 0; q < ${NQ}; q = q + 1) {
      let i = tid + q * ${WG};
      if (i < ${V} && cn[q] == want) { pick = i; }
    }
    workgroupBarrier();
    tok = pick;`;
  }

  getUserCode(): string {
    const V = this.vocab;
    return `
var<workgroup> red : array<f32, ${WG}>;
var<workgroup> redI : array<i32, ${WG}>;
var<workgroup> bs : array<f32, ${WG}>;
var<workgroup> pick : i32;
${V <= TOPP_MAX_VOCAB ? `var<workgroup> ps : array<f32, ${V}>;` : ''}
${REDUCE_WGSL(WG)}
fn reduceMinI(tid : i32, v : i32) -> i32 {
  redI[tid] = v;
  workgroupBarrier();
  for (var off = ${WG / 2}; off > 0; off = off / 2) {
    if (tid < off) { redI[tid] = min(redI[tid], redI[tid + off]); }
    workgroupBarrier();
  }
  let r = redI[0];
  workgroupBarrier();
  return r;
}
fn reduceMaxI(tid : i32, v : i32) -> i32 {
  redI[tid] = v;
  workgroupBarrier();
  for (var off = ${WG / 2}; off > 0; off = off / 2) {
    if (tid < off) { redI[tid] = max(redI[tid], redI[tid + off]); }
    workgroupBarrier();
  }
  let r = redI[0];
  workgroupBarrier();
  return r;
}
fn stoppedAt(s : i32, rows : i32, bb : i32) -> bool {
  if (s == 0) { return draws[bb] > 0.5; }
  return result[uniforms.kcap * rows + s * rows + bb] != 0;
}
fn main(index : i32) {
  let b = i32(workgroupId.x);
  let tid = i32(localId.x);
  let rows = uniforms.logitsShape.x;
  let s = uniforms.s;
  let K = uniforms.kcap;
  let doneOff = K * rows;
  let baseOff = doneOff + (K + 1) * rows;
  let entOff = baseOff + K + 1;
  let row = b * ${V};

  // Which draw this row uses: rows still running before b, after the draws of earlier steps.
  var running = 0;
  var rank = 0;
  for (var bb = 0; bb < rows; bb = bb + 1) {
    if (!stoppedAt(s, rows, bb)) {
      running = running + 1;
      if (bb < b) { rank = rank + 1; }
    }
  }
  let stopped = stoppedAt(s, rows, b);
  var used = 0;
  if (s > 0) { used = result[baseOff + s]; }
  let r = draws[rows + min(used + rank, K * rows - 1)];

  var mx = -3.0e38;
  for (var i = tid; i < ${V}; i = i + ${WG}) { mx = max(mx, logits[row + i]); }
  let m = reduceMax(tid, mx);
  // Entropy at temperature 1 (sample.ts entropyOf): log z − Σ e·(l − max) / z.
  var z1 = 0.0;
  var s1 = 0.0;
  for (var i = tid; i < ${V}; i = i + ${WG}) {
    let dl = logits[row + i] - m;
    let e = exp(dl);
    z1 = z1 + e;
    s1 = s1 + e * dl;
  }
  let zz = reduceSum(tid, z1);
  let ent = log(zz) - reduceSum(tid, s1) / zz;

  var tok = 0;
  if (uniforms.temperature <= 0.0) {
    var firstMax = ${V};
    for (var i = tid; i < ${V}; i = i + ${WG}) {
      if (logits[row + i] == m) { firstMax = min(firstMax, i); }
    }
    tok = reduceMinI(tid, firstMax);
  } else if (uniforms.topP >= 1.0) {
    // Contiguous blocks per thread, so block sums chain in index order like sample.ts's loop.
    let cb = (${V} + ${WG - 1}) / ${WG};
    let lo = tid * cb;
    let hi = min(${V}, lo + cb);
    var bsum = 0.0;
    for (var i = lo; i < hi; i = i + 1) { bsum = bsum + exp((logits[row + i] - m) / uniforms.temperature); }
    bs[tid] = bsum;
    workgroupBarrier();
    if (tid == 0) {
      var z = 0.0;
      for (var k = 0; k < ${WG}; k = k + 1) { z = z + bs[k]; }
      let u = r * z;
      var acc = 0.0;
      var k0 = ${WG};
      for (var k = 0; k < ${WG}; k = k + 1) {
        if (acc + bs[k] > u) { k0 = k; break; }
        acc = acc + bs[k];
      }
      var found = -1;
      for (var i = k0 * cb; i < ${V}; i = i + 1) {
        acc = acc + exp((logits[row + i] - m) / uniforms.temperature);
        if (acc > u) { found = i; break; }
      }
      if (found < 0) {
        found = 0;
        for (var i = ${V - 1}; i >= 0; i = i - 1) {
          if (exp((logits[row + i] - m) / uniforms.temperature) > 0.0) { found = i; break; }
        }
      }
      pick = found;
    }
    workgroupBarrier();
    tok = pick;
  } else {
    ${this.topPCode()}
  }

  if (tid == 0) {
    var outTok = tok;
    if (stopped) { outTok = uniforms.pad; }
    let nowStopped = stopped || (uniforms.stopAtEos != 0 && outTok == uniforms.eos);
    result[s * rows + b] = outTok;
    result[doneOff + (s + 1) * rows + b] = select(0, 1, nowStopped);
    result[entOff + s * rows + b] = bitcast<i32>(ent);
    if (b == 0) { result[baseOff + s + 1] = used + select(0, running, uniforms.temperature > 0.0); }
  }
}`;
  }
}

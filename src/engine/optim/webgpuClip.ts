/**
 * clipByGlobalNorm (clip.ts) on WebGPU in G + 1 dispatches for the norm instead of ~2 per gradient
 * plus the chunked addN (classroom, 27 gradients: 4 + 1 instead of ~60), and one dispatch per
 * gradient for the scaling with the coefficient as a uniform instead of an uploaded scalar each.
 *
 * - sumsq: for a group of up to 7 gradients (7 inputs + the output = WebGPU's default 8 storage
 *   buffers per stage), NWG workgroups each write one partial sum of squares into a shared partials
 *   tensor at the group's offset (the tensor is fresh every call and never read back, so writing it
 *   in parts is safe);
 * - norm: one workgroup sums all partials and takes the square root.
 * Non-finite values are detected on the bit patterns (WGSL lets compilers assume no NaN/Inf in
 * float arithmetic) and reported like the op-by-op path: NaN if any NaN, else Infinity.
 * Used by clipByGlobalNorm on the webgpu backend, unless switched off with setWebGpuClip(false)
 * or LAB_WEBGPU_CLIP=0 in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedSwitch, gpu, i32, type Program, type Uniform } from '../model/webgpu/runtime';
import type { ClipResult } from './clip';

const fused = fusedSwitch('LAB_WEBGPU_CLIP');

/** Turn the fused WebGPU gradient clip on or off (default on); returns the previous setting. */
export function setWebGpuClip(on: boolean): boolean {
  return fused.set(on);
}

export function webGpuClipApplies(grads: tf.Tensor[]): boolean {
  return fused.on() && tf.getBackend() === 'webgpu' && grads.every((g) => g.dtype === 'float32');
}

const GROUP = 7;
const WG = 256;
/** Workgroups per group: enough to spread a big group over a GPU, 1 for tiny ones. */
const workgroupsFor = (n: number) => Math.max(1, Math.min(64, Math.ceil(n / (WG * 16))));




const flat = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype });

/** Bit tests (immune to fast-math): 2 for NaN, 1 for ±Inf, 0 for a finite value. */
const BAD_WGSL = `
fn badCode(x : f32) -> i32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7f800000u) != 0x7f800000u) { return 0; }
  return select(1, 2, (b & 0x007fffffu) != 0u);
}
var<workgroup> red : array<f32, ${WG}>;
var<workgroup> redBad : array<i32, ${WG}>;
fn reduce(tid : i32) {
  for (var off = ${WG / 2}; off > 0; off = off / 2) {
    if (tid < off) {
      red[tid] = red[tid] + red[tid + off];
      redBad[tid] = max(redBad[tid], redBad[tid + off]);
    }
    workgroupBarrier();
  }
}
fn flagged(sum : f32, bad : i32) -> f32 {
  let code = max(bad, badCode(sum)); // a finite input can still overflow the sum
  if (code == 2) { return uniforms.NAN; }
  if (code == 1) { return uniforms.INFINITY; }
  return sum;
}`;

function sumsqProgram(k: number, partials: number, nwg: number): Program {
  const names = Array.from({ length: k }, (_, j) => `G${j}`);
  const loops = names
    .map((G, j) => `
      for (var i = start; i < uniforms.n${j}; i = i + stride) {
        let x = ${G}[i];
        sum = sum + x * x;
        bad = max(bad, badCode(x));
      }`)
    .join('');
  return {
    variableNames: names,
    outputShape: [partials],
    shaderKey: `labClipSumsq${k}`,
    dispatchLayout: { x: [0] },
    dispatch: [nwg, 1, 1],
    workgroupSize: [WG, 1, 1],
    uniforms: `base : i32, ${names.map((_, j) => `n${j} : i32, `).join('')}`,
    getUserCode: () => `${BAD_WGSL}
      fn main(index : i32) {
        let tid = i32(localId.x);
        let start = i32(workgroupId.x) * ${WG} + tid;
        let stride = i32(numWorkgroups.x) * ${WG};
        var sum = 0.0;
        var bad = 0;${loops}
        red[tid] = sum;
        redBad[tid] = bad;
        workgroupBarrier();
        reduce(tid);
        if (tid == 0) { result[uniforms.base + i32(workgroupId.x)] = flagged(red[0], redBad[0]); }
      }`,
  };
}

function normProgram(): Program {
  return {
    variableNames: ['S'],
    outputShape: [1],
    shaderKey: 'labClipNorm',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [WG, 1, 1],
    uniforms: 'count : i32,',
    getUserCode: () => `${BAD_WGSL}
      fn main(index : i32) {
        let tid = i32(localId.x);
        var sum = 0.0;
        var bad = 0;
        for (var i = tid; i < uniforms.count; i = i + ${WG}) {
          sum = sum + S[i];
          bad = max(bad, badCode(S[i]));
        }
        red[tid] = sum;
        redBad[tid] = bad;
        workgroupBarrier();
        reduce(tid);
        if (tid == 0) {
          let total = flagged(red[0], redBad[0]);
          result[0] = select(sqrt(total), total, badCode(total) != 0);
        }
      }`,
  };
}

function scaleProgram(n: number): Program {
  return {
    variableNames: ['G'],
    outputShape: [n],
    shaderKey: 'labClipScale',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / WG), 1, 1],
    workgroupSize: [WG, 1, 1],
    size: true,
    uniforms: 'coef : f32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) { result[index] = G[index] * uniforms.coef; }
      }`,
  };
}

/** ‖grads‖₂ over all of them, as a [1] tensor (NaN / Infinity when any value is). */
export function globalNormWebGpu(grads: tf.Tensor[]): tf.Tensor {
  const be = gpu();
  const groups: tf.Tensor[][] = [];
  for (let s = 0; s < grads.length; s += GROUP) groups.push(grads.slice(s, s + GROUP));
  const nwg = groups.map((g) => workgroupsFor(g.reduce((a, t) => a + t.size, 0)));
  const count = nwg.reduce((a, b) => a + b, 0);
  const partials = tf.engine().makeTensorFromTensorInfo(be.makeTensorInfo([count], 'float32'));
  let base = 0;
  groups.forEach((g, k) => {
    be.runWebGPUProgram(sumsqProgram(g.length, count, nwg[k]), g.map(flat), 'float32', [i32(base), ...g.map((t) => i32(t.size))], flat(partials));
    base += nwg[k];
  });
  const norm = tf.engine().makeTensorFromTensorInfo(be.runWebGPUProgram(normProgram(), [flat(partials)], 'float32', [i32(count)]));
  partials.dispose();
  return norm;
}

/** The same contract and arithmetic as clipByGlobalNorm (clip.ts), which calls this on WebGPU. */
export async function clipByGlobalNormWebGpu(grads: tf.Tensor[], maxNorm: number): Promise<ClipResult> {
  const normT = globalNormWebGpu(grads);
  const norm = (await normT.data())[0];
  normT.dispose();
  if (!Number.isFinite(norm)) return { grads: [], norm, finite: false };
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef < 1)) return { grads: grads.map((g) => g.clone()), norm, finite: true };
  const be = gpu();
  const out = grads.map((g) => {
    const info = be.runWebGPUProgram(scaleProgram(g.size), [flat(g)], 'float32', [{ type: 'float32', data: [coef] }]);
    return tf.engine().makeTensorFromTensorInfo({ ...info, shape: g.shape });
  });
  return { grads: out, norm, finite: true };
}

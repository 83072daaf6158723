/**
 * Adam on WebGPU in a few dispatches per step instead of ~15 tfjs ops per parameter (each a
 * dispatch, plus scalar constants tfjs uploads as fresh tensors). Two custom tfjs-backend-webgpu
 * programs, with every scalar (lr, betas, bias corrections, epsilon) passed as a uniform:
 *
 * - moments: the m and v of up to 6 parameters live packed in one tensor per group,
 *   [m_a | m_b | … | v_a | v_b | …]; one dispatch per group writes the new packed tensor from the old
 *   one and the 6 gradients (7 inputs + the output = WebGPU's default 8 storage buffers per stage).
 *   Not in place: tfjs caches a tensor's values on the CPU after `await data()` and would return
 *   (and slice) stale moments after an in-place write;
 * - param: one dispatch per parameter writes p − lr·(m/c1)/(√(v/c2)+ε) into a new tensor, which the
 *   tf.Variable takes over with assign (never in place: a variable's buffer may be shared).
 *
 * Same arithmetic, in the same order, as the op-by-op path in adam.ts. Classroom model (27
 * parameter tensors): 5 + 27 dispatches per step. Only Adam (adam.ts) uses this, on the webgpu
 * backend, unless switched off with setWebGpuAdam(false) or LAB_WEBGPU_ADAM=0 in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { f32, fusedSwitch, gpu, i32, type Program, type Uniform } from '../model/webgpu/runtime';
import type { NamedTensor } from '../model/paramTable';

const fused = fusedSwitch('LAB_WEBGPU_ADAM');

/** Turn the fused WebGPU Adam on or off (default on; tests and the bench A/B it); returns the previous setting. */
export function setWebGpuAdam(on: boolean): boolean {
  return fused.set(on);
}

/** True when Adam should take the fused path: switched on, webgpu backend, float32 gradients. */
export function webGpuAdamApplies(grads?: tf.Tensor[]): boolean {
  return fused.on() && tf.getBackend() === 'webgpu' && (grads ?? []).every((g) => g.dtype === 'float32');
}

/** Parameters per packed group: WebGPU guarantees 8 storage buffers per stage (tfjs requests no more). */
const GROUP = 6;
const WG = 128;




/** The same buffer seen as 1-D: the programs index flat, and one pipeline then serves every shape. */
const flat = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype });
const dispatchFor = (n: number): [number, number, number] => [Math.ceil(n / WG), 1, 1];

/** A group's new packed [m… | v…] (length 2·total) from the old one and k gradients laid end to end. */
function momentsProgram(k: number, total: number): Program {
  const names = Array.from({ length: k }, (_, j) => `G${j}`);
  const offsets = names.slice(1).map((_, j) => `o${j + 1} : i32, `).join('');
  // The gradient for packed index i: G_j[i − o_j] where o_j ≤ i < o_{j+1}.
  let pick = `g = G${k - 1}[index${k > 1 ? ` - uniforms.o${k - 1}` : ''}];`;
  for (let j = k - 2; j >= 0; j--) {
    pick = `if (index < uniforms.o${j + 1}) { g = G${j}[index${j > 0 ? ` - uniforms.o${j}` : ''}]; } else { ${pick} }`;
  }
  return {
    variableNames: ['MV', ...names],
    outputShape: [2 * total],
    shaderKey: `labAdamMoments${k}`,
    dispatchLayout: { x: [0] },
    dispatch: dispatchFor(total),
    workgroupSize: [WG, 1, 1],
    uniforms: `total : i32, ${offsets}beta1 : f32, omb1 : f32, beta2 : f32, omb2 : f32,`,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.total) {
          var g : f32;
          ${pick}
          result[index] = MV[index] * uniforms.beta1 + g * uniforms.omb1;
          let vi = index + uniforms.total;
          result[vi] = MV[vi] * uniforms.beta2 + (g * g) * uniforms.omb2;
        }
      }`,
  };
}

/** p − (m/c1)/(√(v/c2)+ε)·lr for one parameter, its m and v read from its group's packed buffer. */
function paramProgram(n: number): Program {
  return {
    variableNames: ['P', 'MV'],
    outputShape: [n],
    shaderKey: 'labAdamParam',
    dispatchLayout: { x: [0] },
    dispatch: dispatchFor(n),
    workgroupSize: [WG, 1, 1],
    size: true,
    uniforms: 'off : i32, total : i32, lr : f32, c1 : f32, c2 : f32, eps : f32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let m = MV[uniforms.off + index];
          let v = MV[uniforms.total + uniforms.off + index];
          result[index] = P[index] - (m / uniforms.c1) / (sqrt(v / uniforms.c2) + uniforms.eps) * uniforms.lr;
        }
      }`,
  };
}

interface Group {
  /** Parameter indices (consecutive). */
  idx: number[];
  /** Start of each parameter's moments within the group's m half (and v half). */
  off: number[];
  total: number;
  /** [m… | v…], owned here, replaced every step. */
  state: tf.Tensor;
}

export interface AdamStepScalars {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Bias corrections 1 − β1^t and 1 − β2^t. */
  c1: number;
  c2: number;
}

/** Adam's moments packed per group of parameters, and the fused step over them. */
export class WebGpuAdamState {
  private constructor(private readonly groups: Group[]) {}

  private static layout(sizes: number[], makeState: (idx: number[], total: number) => tf.Tensor): WebGpuAdamState {
    const groups: Group[] = [];
    for (let s = 0; s < sizes.length; s += GROUP) {
      const idx = sizes.slice(s, s + GROUP).map((_, j) => s + j);
      const off: number[] = [];
      let total = 0;
      for (const i of idx) {
        off.push(total);
        total += sizes[i];
      }
      groups.push({ idx, off, total, state: makeState(idx, total) });
    }
    return new WebGpuAdamState(groups);
  }

  /** Zero moments for these parameters (a fill dispatch per group, no upload). */
  static zeros(params: tf.Tensor[]): WebGpuAdamState {
    return WebGpuAdamState.layout(params.map((p) => p.size), (_, total) => tf.fill([2 * total], 0));
  }

  /** Pack per-parameter moments (the caller keeps and disposes m and v). */
  static pack(m: tf.Tensor[], v: tf.Tensor[]): WebGpuAdamState {
    return WebGpuAdamState.layout(m.map((t) => t.size), (idx) =>
      tf.tidy(() => tf.concat([...idx.map((i) => m[i].reshape([-1])), ...idx.map((i) => v[i].reshape([-1]))])),
    );
  }

  /** One Adam step: params[i] takes its new value (assign); the caller keeps ownership of grads. */
  apply(params: tf.Variable[], grads: tf.Tensor[], s: AdamStepScalars): void {
    const be = gpu();
    for (const g of this.groups) {
      for (const i of g.idx) {
        if (grads[i].size !== params[i].size) throw new Error(`Adam: gradient ${i} has ${grads[i].size} values for ${params[i].size}`);
      }
      const uniforms = [
        i32(g.total),
        ...g.off.slice(1).map(i32),
        f32(s.beta1), f32(1 - s.beta1), f32(s.beta2), f32(1 - s.beta2),
      ];
      const inputs = [flat(g.state), ...g.idx.map((i) => flat(grads[i]))];
      const next = tf.engine().makeTensorFromTensorInfo(be.runWebGPUProgram(momentsProgram(g.idx.length, g.total), inputs, 'float32', uniforms));
      g.state.dispose();
      g.state = next;
    }
    for (const g of this.groups) {
      g.idx.forEach((i, j) => {
        const p = params[i];
        const uniforms = [i32(g.off[j]), i32(g.total), f32(s.lr), f32(s.c1), f32(s.c2), f32(s.epsilon)];
        const out = be.runWebGPUProgram(paramProgram(p.size), [flat(p), flat(g.state)], 'float32', uniforms);
        const t = tf.engine().makeTensorFromTensorInfo({ ...out, shape: p.shape });
        p.assign(t);
        t.dispose();
      });
    }
  }

  /** Per-parameter m and v variables again (the op-by-op layout); this state stays valid. */
  unpack(shapes: number[][]): { m: tf.Variable[]; v: tf.Variable[] } {
    const m: tf.Variable[] = [];
    const v: tf.Variable[] = [];
    for (const g of this.groups) {
      g.idx.forEach((i, j) => {
        const n = shapes[i].reduce((a, b) => a * b, 1);
        m.push(tf.tidy(() => tf.variable(g.state.slice([g.off[j]], [n]).reshape(shapes[i]), false)));
        v.push(tf.tidy(() => tf.variable(g.state.slice([g.total + g.off[j]], [n]).reshape(shapes[i]), false)));
      });
    }
    return { m, v };
  }

  /** Same shapes and order as Adam.getState (names from `name`): one readback per group. */
  async getState(shapes: number[][], name: (kind: 'm' | 'v', i: number) => string): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [];
    for (const g of this.groups) {
      const data = (await g.state.data()) as Float32Array;
      g.idx.forEach((i, j) => {
        const n = shapes[i].reduce((a, b) => a * b, 1);
        out.push({ name: name('m', i), shape: shapes[i], data: data.slice(g.off[j], g.off[j] + n) });
        out.push({ name: name('v', i), shape: shapes[i], data: data.slice(g.total + g.off[j], g.total + g.off[j] + n) });
      });
    }
    return out;
  }

  dispose(): void {
    for (const g of this.groups) g.state.dispose();
  }
}

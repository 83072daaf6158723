/**
 * GPT-2's tanh GELU for training on WebGPU, as ops.ts geluTanh computes it,
 *   y = x·σ(u),  u = x·(A + B·x²),  A = 2√(2/π),  B = 2√(2/π)·0.044715,
 * with its derivative  dy/dx = σ(u) + x·σ(u)·(1 − σ(u))·(A + 3B·x²): one elementwise dispatch each
 * way, wrapped in tf.customGrad (tfjs runs 6 kernels forward and about a dozen for autodiff's
 * backward). σ(v) = 1/(1 + e^−v), as tf.sigmoid. Used by ops.ts geluTanh on the webgpu backend
 * (see trainEnabled.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from './runtime';
import { run } from './runtime';

const WG = 256;
const MAX_GROUPS = 65535;
const GELU_C = Math.sqrt(2 / Math.PI);
const A = 2 * GELU_C;
const B = 2 * GELU_C * 0.044715;

/** Workgroups for n threads: 1-D up to the per-dimension limit, else 2-D (tfjs then indexes flat). */
function grid(n: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(n / WG));
  if (groups <= MAX_GROUPS) return [groups, 1, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y, 1];
}

class GeluProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  size = true;
  constructor(n: number, private readonly backward: boolean) {
    this.variableNames = backward ? ['xIn', 'dy'] : ['xIn'];
    this.outputShape = [n];
    this.dispatch = grid(n);
    this.shaderKey = `labGelu_${backward}`;
  }
  getUserCode(): string {
    const out = this.backward
      ? `dy[index] * (s + x * s * (1.0 - s) * (${A} + ${3 * B} * x * x))`
      : 'x * s';
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let x = xIn[index];
    let s = 1.0 / (1.0 + exp(-(x * (x * x * ${B} + ${A}))));
    result[index] = ${out};
  }
}`;
  }
}

type CGArgs = Array<tf.Tensor | tf.GradSaveFunc>;

/** The same buffer seen as 1-D (the programs index flat: one pipeline for every shape). */
const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [t.size]);

/** GELU (tanh form) of a float32 tensor of any shape on WebGPU. */
export const geluGpu = tf.customGrad((...args: CGArgs) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.reshape(run(new GeluProgram(x.size, false), [flat(x)], 'float32'), x.shape),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const sx = saved[0];
      return [tf.reshape(run(new GeluProgram(sx.size, true), [flat(sx), flat(dy)], 'float32'), sx.shape)];
    },
  };
}) as <T extends tf.Tensor>(x: T) => T;

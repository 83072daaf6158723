/**
 * resid + act·W (+ b): a linear layer with the residual add as its epilogue (attention output
 * projection: no bias; the MLP's second layer: bias), one thread per output element. Replaces
 * tfjs's matMul (or fused matMul) + add.
 */
import type { Program } from './runtime';

const WG = 64;

export class LinearResidualProgram implements Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];

  /** act [rows, k] · W [k, n] (+ b [n]) + resid [rows, n]. */
  constructor(rows: number, private readonly k: number, private readonly n: number, private readonly withBias: boolean) {
    this.variableNames = withBias ? ['act', 'weight', 'resid', 'bias'] : ['act', 'weight', 'resid'];
    this.outputShape = [rows, n];
    this.dispatch = [Math.ceil((rows * n) / WG), 1, 1];
    this.shaderKey = `labLinearResidual_${k}_${n}_${withBias}`;
  }

  getUserCode(): string {
    const { k: K, n: N } = this;
    return `
fn main(index : i32) {
  if (index >= uniforms.outShape.x * ${N}) { return; }
  let row = index / ${N};
  let j = index % ${N};
  var acc = 0.0;
  for (var k = 0; k < ${K}; k = k + 1) {
    acc = acc + act[row * ${K} + k] * weight[k * ${N} + j];
  }
  result[index] = resid[index] + ${this.withBias ? '(acc + bias[j])' : 'acc'};
}`;
  }
}

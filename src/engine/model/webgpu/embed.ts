/**
 * Token + position embedding of the decode input, read from the GPU: the token is the one the
 * sampler wrote into the chunk record (sampler.ts) at `tokOff + b`, so it never makes a round trip
 * through JS; the position is max(0, t − pad_b) as in generate.ts (pad_b = rowInfo[b, Tmax]).
 * One thread per output element; replaces two gathers and an add (and the ids/positions uploads).
 */
import type { Program } from './runtime';

const WG = 64;

export class EmbedProgram implements Program {
  variableNames = ['tokTable', 'posTable', 'tokens', 'rowInfo'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WG, 1, 1];
  uniforms = 't : i32, tmax : i32, tokOff : i32,';

  constructor(rows: number, private readonly d: number) {
    this.outputShape = [rows, d];
    this.dispatch = [Math.ceil((rows * d) / WG), 1, 1];
    this.shaderKey = `labEmbed_${d}`;
  }

  getUserCode(): string {
    const D = this.d;
    return `
fn main(index : i32) {
  if (index >= uniforms.outShape.x * ${D}) { return; }
  let b = index / ${D};
  let c = index % ${D};
  let tok = tokens[uniforms.tokOff + b];
  let pos = max(0, uniforms.t - i32(rowInfo[b * (uniforms.tmax + 1) + uniforms.tmax]));
  result[index] = tokTable[tok * ${D} + c] + posTable[pos * ${D} + c];
}`;
  }
}

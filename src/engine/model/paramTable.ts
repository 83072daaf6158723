/**
 * The one owner of a model's parameters, shared by the GPT and the reward LM: a table of named specs
 * (shape and init) and the tfjs variables made from it, in the table's stable order. Init values come
 * from a JS PRNG, so one seed gives bit-identical weights on every backend. getWeights / setWeights
 * move plain named float arrays (NamedTensor), the form checkpoints and the Adam state use.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, normalArray } from './rng';

/** A tensor as plain data: what checkpoints store and weights travel as. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type InitKind = 'normal' | 'zeros' | 'ones';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: InitKind;
  /** Standard deviation of a 'normal' init (0 otherwise). */
  std: number;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Initial values for `specs` drawn from `seed`, in order (no tfjs needed). Only 'normal' specs draw
 * from the stream, so adding a zeros/ones parameter does not shift the others.
 */
export function initialValues(specs: readonly ParamSpec[], seed: number): NamedTensor[] {
  const rand = mulberry32(seed);
  return specs.map((s) => {
    const n = sizeOf(s.shape);
    const data = s.init === 'normal' ? normalArray(n, s.std, rand) : new Float32Array(n).fill(s.init === 'ones' ? 1 : 0);
    return { name: s.name, shape: s.shape.slice(), data };
  });
}

export class ParamTable {
  /** Variables in spec order. */
  readonly variables: tf.Variable[];
  readonly names: string[];
  private readonly byName: Map<string, tf.Variable>;

  /**
   * `owner` names the model in error messages. `init` is a seed, or tensors to copy (one per spec,
   * the caller keeps them).
   */
  constructor(
    readonly owner: string,
    readonly specs: readonly ParamSpec[],
    init: { seed: number } | { tensors: tf.Tensor[] },
    readonly trainable = true,
  ) {
    this.names = specs.map((s) => s.name);
    if ('tensors' in init) {
      this.variables = init.tensors.map((t) => tf.variable(t, trainable));
    } else {
      // tidy: the source tensors would otherwise outlive the variables made from them.
      this.variables = initialValues(specs, init.seed).map((w) => tf.tidy(() => tf.variable(tf.tensor(w.data, w.shape), trainable)));
    }
    this.byName = new Map(this.names.map((n, i) => [n, this.variables[i]]));
  }

  get(name: string): tf.Variable {
    const v = this.byName.get(name);
    if (!v) throw new Error(`${this.owner}: no parameter "${name}"`);
    return v;
  }

  /** Number of floats in all parameters. */
  size(): number {
    return this.variables.reduce((s, v) => s + v.size, 0);
  }

  async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [];
    for (let i = 0; i < this.variables.length; i++) {
      // A copy: some backends hand out their own buffer.
      const data = new Float32Array((await this.variables[i].data()) as Float32Array);
      out.push({ name: this.names[i], shape: this.specs[i].shape.slice(), data });
    }
    return out;
  }

  /** Load weights by name: every parameter present with its exact shape, nothing else. All or nothing. */
  setWeights(weights: readonly NamedTensor[] | ReadonlyMap<string, NamedTensor>): void {
    const list: readonly NamedTensor[] = weights instanceof Map ? [...(weights as ReadonlyMap<string, NamedTensor>).values()] : (weights as readonly NamedTensor[]);
    const byName = new Map(list.map((w) => [w.name, w]));
    // Validate everything before touching any variable, so a bad list leaves the model intact.
    for (const s of this.specs) {
      const w = byName.get(s.name);
      if (!w) throw new Error(`${this.owner}.setWeights: missing parameter "${s.name}"`);
      if (w.shape.length !== s.shape.length || w.shape.some((x, i) => x !== s.shape[i]) || w.data.length !== sizeOf(s.shape))
        throw new Error(`${this.owner}.setWeights: "${s.name}" has shape [${w.shape}] (${w.data.length} values), expected [${s.shape}]`);
    }
    const extra = list.filter((w) => !this.byName.has(w.name)).map((w) => w.name);
    if (extra.length) throw new Error(`${this.owner}.setWeights: unknown parameters ${extra.join(', ')}`);
    this.specs.forEach((s, i) => {
      tf.tidy(() => this.variables[i].assign(tf.tensor(byName.get(s.name)!.data, s.shape)));
    });
  }

  /** An independent copy (own variables), e.g. a frozen reference model. */
  clone(trainable = this.trainable): ParamTable {
    const tensors = this.variables.map((v) => tf.clone(v));
    const t = new ParamTable(this.owner, this.specs, { tensors }, trainable);
    tf.dispose(tensors);
    return t;
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}

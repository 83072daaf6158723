/**
 * Adam written with plain tfjs ops (not tf.train.adam) so that its state is explicit named
 * tensors — easy to checkpoint, restore and inspect — and the learning rate can change every
 * step (cosine schedule) without touching optimizer internals.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../model/paramTable';
import { WebGpuAdamState, webGpuAdamApplies } from './webgpuAdam';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The policy's Adam everywhere (warm start, RL, benchmarks): OpenRLHF's betas (0.9, 0.95), eps 1e-8. */
export const ADAM_DEFAULTS: Readonly<AdamConfig> = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8 };

/** Name of one moment tensor in getState / setState: `${prefix}.m.${i}` or `${prefix}.v.${i}`. */
export function adamStateName(prefix: string, kind: 'm' | 'v', i: number): string {
  return `${prefix}.${kind}.${i}`;
}

/** The state getState returns for parameters of these shapes (names and shapes, in order). */
export function adamStateSpecs(shapes: number[][], prefix = 'adam'): { name: string; shape: number[] }[] {
  return shapes.flatMap((shape, i) => [
    { name: adamStateName(prefix, 'm', i), shape },
    { name: adamStateName(prefix, 'v', i), shape },
  ]);
}

export class Adam {
  private m: tf.Variable[] = [];
  private v: tf.Variable[] = [];
  /** On WebGPU (webgpuAdam.ts) the moments live packed here instead of in m and v (then empty). */
  private packed: WebGpuAdamState | null = null;
  step = 0;

  constructor(
    private readonly params: tf.Variable[],
    readonly config: Readonly<AdamConfig> = ADAM_DEFAULTS,
  ) {
    if (webGpuAdamApplies()) {
      this.packed = WebGpuAdamState.zeros(params);
      return;
    }
    // tidy: the zerosLike source tensors would otherwise outlive the variables made from them.
    this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /** Back to one m and one v variable per parameter (the op-by-op layout). */
  private unpack(): void {
    if (!this.packed) return;
    ({ m: this.m, v: this.v } = this.packed.unpack(this.params.map((p) => p.shape)));
    this.packed.dispose();
    this.packed = null;
  }

  /** Apply one update. `grads[i]` belongs to `params[i]`; the caller keeps ownership of grads. */
  apply(grads: tf.Tensor[], lr: number): void {
    if (grads.length !== this.params.length) throw new Error(`Adam: ${grads.length} gradients for ${this.params.length} parameters`);
    this.step += 1;
    const { beta1, beta2, epsilon } = this.config;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    if (webGpuAdamApplies(grads)) {
      if (!this.packed) {
        this.packed = WebGpuAdamState.pack(this.m, this.v);
        tf.dispose([...this.m, ...this.v]);
        this.m = [];
        this.v = [];
      }
      this.packed.apply(this.params, grads, { lr, beta1, beta2, epsilon, c1, c2 });
      return;
    }
    this.unpack();
    tf.tidy(() => {
      for (let i = 0; i < this.params.length; i++) {
        const g = grads[i];
        const m = this.m[i].mul(beta1).add(g.mul(1 - beta1));
        const v = this.v[i].mul(beta2).add(g.square().mul(1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const update = m.div(c1).div(v.div(c2).sqrt().add(epsilon)).mul(lr);
        this.params[i].assign(this.params[i].sub(update));
      }
    });
  }

  async getState(prefix = 'adam'): Promise<NamedTensor[]> {
    if (this.packed) return this.packed.getState(this.params.map((p) => p.shape), (kind, i) => adamStateName(prefix, kind, i));
    const out: NamedTensor[] = [];
    for (let i = 0; i < this.params.length; i++) {
      out.push({ name: adamStateName(prefix, 'm', i), shape: this.m[i].shape, data: (await this.m[i].data()) as Float32Array });
      out.push({ name: adamStateName(prefix, 'v', i), shape: this.v[i].shape, data: (await this.v[i].data()) as Float32Array });
    }
    return out;
  }

  /** Load state saved by getState. Everything is checked before any variable changes (all or nothing). */
  setState(state: Map<string, NamedTensor>, step: number, prefix = 'adam'): void {
    this.unpack(); // the next WebGPU step packs the loaded moments again
    const plan: [tf.Variable, NamedTensor][] = [];
    for (let i = 0; i < this.params.length; i++) {
      for (const [kind, vars] of [['m', this.m], ['v', this.v]] as const) {
        const name = adamStateName(prefix, kind, i);
        const t = state.get(name);
        if (!t) throw new Error(`optimizer state ${name} missing`);
        if (t.shape.join() !== vars[i].shape.join() || t.data.length !== vars[i].size)
          throw new Error(`optimizer state ${name}: shape ${t.shape} != ${vars[i].shape}`);
        plan.push([vars[i], t]);
      }
    }
    // tidy: assign copies the values, so the source tensor must be freed (it leaked once per restore).
    for (const [v, t] of plan) tf.tidy(() => v.assign(tf.tensor(t.data, t.shape)));
    this.step = step;
  }

  dispose(): void {
    this.packed?.dispose();
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

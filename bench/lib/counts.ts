/**
 * WebGPU work per generated token, per SFT step and per RL iteration, counted with GpuCounter
 * (dispatches, passes, submits, uploads, uniform writes, readbacks) plus the tfjs kernels run.
 * Runs the bench's own workloads (same shapes, same functions as the timed rows) on the active
 * WebGPU backend; meant for SwiftShader in Node, where every machine can reproduce the numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Role } from '../../src/engine/api';
import type { GPT } from '../../src/engine/model/gpt';
import { Adam } from '../../src/engine/optim/adam';
import { buildExperience } from '../../src/engine/rl/experience';
import { ppoEpoch } from '../../src/engine/rl/ppo';
import { sftStep } from '../../src/engine/sft/warmstart';
import { Rng } from '../../src/engine/world/rng';
import type { PresetAssets } from './assets';
import { subCounts, scaleCounts, type GpuCounter, type GpuCounts } from './gpuCounts';
import { ADAM, genOptions, modelFrom, rolloutGroups, settle } from './ours';
import { RL_PPO, SFT_LR, type Workload } from './workload';

export interface CallCounts extends GpuCounts {
  /** tfjs kernels run (engine.runKernel calls: reshapes and other data-only kernels included). */
  kernels: number;
}

export interface PresetCounts {
  /** One decode step (one new token in each of the 32 rows), attacker layout: (C(N) − C(1)) / (N − 1). */
  genPerToken: CallCounts;
  /** A whole generate call, attacker layout (32 rows, prefill + N tokens). */
  genCall: CallCounts;
  genLayout: { rows: number; promptLen: number; maxNew: number };
  /** One warm-start SFT step (sftStep + a scalar readback to finish it). */
  sftStep: CallCounts;
  /** One RL iteration of rl.compute, by phase and in all. */
  rl: { generate: CallCounts; score: CallCounts; ppo: CallCounts; total: CallCounts };
  /** Wall time of the counting run (SwiftShader is slow). */
  wallS: number;
}

/** Counts tfjs kernels by wrapping the engine's runKernel (every op goes through it). */
class KernelCounter {
  n = 0;
  private readonly engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
  private readonly orig = this.engine.runKernel;
  constructor() {
    const self = this;
    this.engine.runKernel = function (this: unknown, ...a: unknown[]) {
      self.n++;
      return self.orig.apply(this, a);
    };
  }
  dispose(): void {
    this.engine.runKernel = this.orig;
  }
}

async function measure(gpu: GpuCounter, k: KernelCounter, fn: () => Promise<unknown>): Promise<CallCounts> {
  const k0 = k.n;
  const c = await gpu.measure(fn);
  return { ...c, kernels: k.n - k0 };
}

const sub = (a: CallCounts, b: CallCounts): CallCounts => ({ ...subCounts(a, b), kernels: a.kernels - b.kernels });
const scale = (a: CallCounts, f: number): CallCounts => ({ ...scaleCounts(a, f), kernels: a.kernels * f });
const add = (...xs: CallCounts[]): CallCounts => xs.reduce((s, x) => sub(s, scale(x, -1)));

/** Make every variable resident on the GPU, so its first upload is not counted as per-step work. */
async function resident(...models: GPT[]): Promise<void> {
  const s = tf.tidy(() => tf.addN(models.flatMap((m) => m.variables.map((v) => tf.sum(v)))));
  await s.data();
  s.dispose();
}

export async function countPreset(gpu: GpuCounter, assets: PresetAssets, w: Workload): Promise<PresetCounts> {
  const t0 = performance.now();
  const k = new KernelCounter();
  try {
    const role: Role = 'attacker';
    const prompts = w.genPrompts[role];
    const N = w.preset[role].maxNew;
    const gen = modelFrom(assets);
    await resident(gen);
    const rng = new Rng(99);
    const one = await measure(gpu, k, () => gen.generate(prompts, { ...genOptions(w, role, () => rng.next()), maxNew: 1 }));
    const full = await measure(gpu, k, () => gen.generate(prompts, genOptions(w, role, () => rng.next())));
    gen.dispose();

    const model = modelFrom(assets);
    const opt = new Adam(model.variables, ADAM);
    await resident(model);
    const sft = await measure(gpu, k, async () => {
      await sftStep(model, opt, w.sft.attacker, w.sft.defender, SFT_LR);
      await settle(model.variables[model.variables.length - 1]);
    });
    opt.dispose();
    model.dispose();

    const policy = modelFrom(assets);
    const ref = policy.clone(false);
    const rlOpt = new Adam(policy.variables, ADAM);
    await resident(policy, ref);
    const r = new Rng(5);
    let groups: Awaited<ReturnType<typeof rolloutGroups>> = [];
    let exps: Awaited<ReturnType<typeof buildExperience>> = [];
    const generate = await measure(gpu, k, async () => { groups = await rolloutGroups(policy, w, r); });
    const score = await measure(gpu, k, async () => { exps = await buildExperience(policy, ref, groups, { beta: RL_PPO.beta, klAsLoss: RL_PPO.klAsLoss }); });
    const ppo = await measure(gpu, k, async () => {
      await ppoEpoch(policy, rlOpt, exps, RL_PPO);
      await settle(policy.variables[policy.variables.length - 1]);
    });
    rlOpt.dispose();
    policy.dispose();
    ref.dispose();

    return {
      genPerToken: scale(sub(full, one), 1 / (N - 1)),
      genCall: full,
      genLayout: { rows: prompts.length, promptLen: w.preset[role].promptLen, maxNew: N },
      sftStep: sft,
      rl: { generate, score, ppo, total: add(generate, score, ppo) },
      wallS: (performance.now() - t0) / 1000,
    };
  } finally {
    k.dispose();
  }
}

/** Rows for the table: what, per token / step / iteration. */
export function countRows(preset: string, c: PresetCounts): string[][] {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const row = (what: string, x: CallCounts) => [preset, what, f(x.kernels), f(x.dispatches), f(x.passes), f(x.submits), f(x.uploads), f(x.uniformWrites), f(x.readbacks)];
  return [
    row('per generated token', c.genPerToken),
    row(`generate call (${c.genLayout.rows} rows, ${c.genLayout.promptLen}+${c.genLayout.maxNew})`, c.genCall),
    row('SFT step', c.sftStep),
    row('RL iteration', c.rl.total),
    row('  of which generation', c.rl.generate),
    row('  of which scoring', c.rl.score),
    row('  of which PPO epoch', c.rl.ppo),
  ];
}

export const COUNT_HEADER = ['preset', 'per', 'tfjs kernels', 'dispatches', 'passes', 'submits', 'uploads', 'uniform writes', 'readbacks'];

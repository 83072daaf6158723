/**
 * Benchmarks of our tfjs engine on the active backend. Every timed call ends with a readback, so
 * asynchronous backends (WebGPU) are measured to completion.
 */
import * as tf from '@tensorflow/tfjs';
import type { Role } from '../../src/engine/api';
import { createLab } from '../../src/engine/lab';
import { DEFAULT_SETTINGS } from '../../src/engine/config/settings';
import { GPT } from '../../src/engine/model/gpt';
import { Adam } from '../../src/engine/optim/adam';
import { sftStep } from '../../src/engine/sft/warmstart';
import { buildExperience, type TrainSample } from '../../src/engine/rl/experience';
import { ppoEpoch } from '../../src/engine/rl/ppo';
import { EOS_ID } from '../../src/engine/tokenizer/types';
import { Rng } from '../../src/engine/world/rng';
import type { BackendName } from '../../src/engine/api';
import type { PresetAssets } from './assets';
import { RL_PPO, SFT_LR, type Workload } from './workload';

export const ADAM = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8 };

export interface Timing {
  medianMs: number;
  ms: number[];
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** LAB_BENCH_CLOCK=cpu measures process CPU time instead of wall time (A/B tests on a busy machine). */
const cpuClock = process.env.LAB_BENCH_CLOCK === 'cpu';
function now(): number {
  if (!cpuClock) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function timed(fn: () => Promise<unknown>, repeats: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    await fn();
    ms.push(now() - t0);
  }
  return { medianMs: median(ms), ms };
}

/** Wait until every queued op touching `v` is done (one scalar readback). */
export async function settle(v: tf.Tensor): Promise<void> {
  const t = tf.tidy(() => tf.sum(tf.slice(tf.reshape(v, [-1]), [0], [1])));
  await t.data();
  t.dispose();
}

export function modelFrom(assets: PresetAssets, trainable = true): GPT {
  const m = new GPT(assets.config, 0);
  m.setWeights(assets.weights);
  if (trainable) return m;
  const f = m.clone(false);
  m.dispose();
  return f;
}

export function genOptions(w: Workload, role: Role, random: () => number) {
  const { promptLen, maxNew } = w.preset[role];
  return { promptLen, maxNew, temperature: 1, topP: 1, random, eosId: EOS_ID, stopAtEos: false };
}

/** Generation: all rows sample maxNew tokens (no early stop: fixed work per call). */
export async function benchGenerate(model: GPT, w: Workload, role: Role, repeats: number, warmup: number) {
  const rng = new Rng(99);
  const opts = genOptions(w, role, () => rng.next());
  const prompts = w.genPrompts[role];
  const t = await timed(() => model.generate(prompts, opts), repeats, warmup);
  return { ...t, tokensPerSec: (prompts.length * opts.maxNew) / (t.medianMs / 1000) };
}

export async function benchSft(assets: PresetAssets, w: Workload, repeats: number, warmup: number) {
  const model = modelFrom(assets);
  const opt = new Adam(model.variables, ADAM);
  try {
    return await timed(async () => {
      // The preset's micro-batching (lab: 8 rows per pass, so a step fits the 4 GiB wasm heap).
      await sftStep(model, opt, w.sft.attacker, w.sft.defender, SFT_LR, w.preset.sft.microBatch);
      await settle(model.variables[model.variables.length - 1]);
    }, repeats, warmup);
  } finally {
    opt.dispose();
    model.dispose();
  }
}

/** The RL compute of one iteration with fixed shapes: both roles generate, score, one PPO epoch. */
/** Both roles generate the workload's RL prompts; completions become training samples with its fixed rewards. */
export async function rolloutGroups(policy: GPT, w: Workload, rng: Rng) {
  const groups = [];
  for (const role of ['attacker', 'defender'] as Role[]) {
    const prompts = w.rlPrompts[role];
    const g = await policy.generate(prompts, genOptions(w, role, () => rng.next()));
    const samples: TrainSample[] = prompts.map((p, i) => ({ role, promptIds: p, completionIds: g.completions[i], reward: w.rlRewards[role][i] }));
    groups.push({ role, samples, layout: w.preset[role], rows: prompts.length });
  }
  return groups;
}

export async function rlCompute(policy: GPT, ref: GPT, opt: Adam, w: Workload, rng: Rng) {
  const groups = await rolloutGroups(policy, w, rng);
  const exps = await buildExperience(policy, ref, groups, { beta: RL_PPO.beta, klAsLoss: RL_PPO.klAsLoss, microBatch: w.preset.rl.microBatch });
  const res = await ppoEpoch(policy, opt, exps, { ...RL_PPO, microBatch: w.preset.rl.microBatch });
  await settle(policy.variables[policy.variables.length - 1]);
  return res;
}

export async function benchRlCompute(assets: PresetAssets, w: Workload, repeats: number, warmup: number) {
  const policy = modelFrom(assets);
  const ref = policy.clone(false);
  const opt = new Adam(policy.variables, ADAM);
  const rng = new Rng(5);
  try {
    return await timed(() => rlCompute(policy, ref, opt, w, rng), repeats, warmup);
  } finally {
    opt.dispose();
    policy.dispose();
    ref.dispose();
  }
}

/** The real thing: createLab (shipped checkpoint + reward LM) and lab.step() with batch 32. */
export async function benchLab(
  assets: PresetAssets, rewardLM: Uint8Array, backend: BackendName, gpu: GPU | undefined, repeats: number, warmup: number,
  wasmPaths?: string,
) {
  const t0 = performance.now();
  const lab = await createLab({
    settings: { ...DEFAULT_SETTINGS, preset: assets.preset, backend, batch: 32, seed: 1 },
    warmStart: assets.checkpoint,
    rewardLM,
    gpu,
    wasmPaths,
  });
  const createMs = performance.now() - t0;
  let tokens = 0;
  try {
    const step = async () => {
      const { metrics } = await lab.step();
      tokens = metrics.tokensPerSec;
    };
    // The first iteration is also the first warm-up: its end is when the page shows its first
    // transcripts, so "first transcript" = create + first step, in wall-clock time (what a user waits).
    await step();
    const firstMs = performance.now() - t0;
    const t = await timed(step, repeats, Math.max(0, warmup - 1));
    return { ...t, createMs, firstMs, genTokensPerSec: tokens };
  } finally {
    lab.dispose();
  }
}

/**
 * From played games to training tensors: pack each role's samples into block-shaped batches
 * (rows padded to a constant count, lengths to whole blocks, so WebGPU sees few shapes), score them
 * with the policy and the frozen reference, fold the k1 KL into per-token rewards, take γ=1
 * returns and whiten advantages separately per role (REINFORCE++ as in OpenRLHF).
 */
import * as tf from '@tensorflow/tfjs';
import type { Role } from '../api';
import type { SequenceLayout } from '../config/presets';
import { packInLayout, sliceBatch, type Batch } from '../model/batch';
import { rowRanges } from '../optim/accumulate';
import { targetPositions, type GPT } from '../model/gpt';
import { EOS_ID } from '../tokenizer/types';
import { klPerToken, tokenRewards } from './kl';
import { returnsGamma1 } from './returns';
import { normalizePerRole } from './advantages';
import type { TrainSample } from '../game/selfplay';

export type { TrainSample };

/** One role's samples, packed. Rows beyond `samples.length` are padding with an all-zero target mask. */
export interface RoleExperience {
  role: Role;
  batch: Batch;
  rows: number;
  real: number;
  logpOld: Float32Array; // [rows, T-1], 0 off the target mask
  logpRef: Float32Array; // [rows, T-1], 0 off the target mask
  advantages: Float32Array; // [rows, T-1], 0 off the target mask
  /** Per-sample stats for metrics. */
  klMean: number;
  tokens: number;
}

export function packRole(samples: TrainSample[], layout: SequenceLayout, rows: number): Batch {
  if (samples.length > rows) throw new Error(`packRole: ${samples.length} samples exceed ${rows} rows`);
  const prompts = samples.map((s) => s.promptIds);
  const completions = samples.map((s) => s.completionIds);
  // Padding rows hold one real token so attention never sees an all-masked row (softmax of nothing).
  while (prompts.length < rows) {
    prompts.push([EOS_ID]);
    completions.push([]);
  }
  return packInLayout(prompts, completions, layout);
}

/**
 * log-probs of the completion tokens, placed in a [rows, T-1] grid (0 off the target mask). With
 * `microBatch`, rows are scored that many at a time: one tidy keeps every layer's activations (the
 * attention scores are [rows, heads, T, T]) until it ends, which for the lab preset's full batch
 * overflows the 4 GiB wasm heap.
 */
async function scoreLogProbs(model: GPT, batch: Batch, microBatch?: number): Promise<Float32Array> {
  const W = batch.T - 1;
  const out = new Float32Array(batch.B * W);
  for (const { start, count } of microBatch === undefined ? [{ start: 0, count: batch.B }] : rowRanges(batch.B, microBatch)) {
    const part = count === batch.B ? batch : sliceBatch(batch, start, count);
    const pos = targetPositions(part);
    const lp = tf.tidy(() => model.targetLogProbs(part, pos));
    const data = (await lp.data()) as Float32Array;
    lp.dispose();
    for (let k = 0; k < pos.length; k++) out[start * W + pos[k]] = data[k];
  }
  return out;
}

/** Indices (in the [rows, T-1] grid) of a row's completion tokens, in order. */
export function targetIndices(batch: Batch, row: number): number[] {
  const out: number[] = [];
  const W = batch.T - 1;
  for (let t = 0; t < W; t++) if (batch.targetMask[row * W + t] > 0) out.push(row * W + t);
  return out;
}

export interface ExperienceOptions {
  beta: number;
  /** KL as a loss term instead of in the reward (then rewards carry no KL). */
  klAsLoss: boolean;
  /** Rows per scoring pass (the preset's rl.microBatch); absent = the whole batch at once. */
  microBatch?: number;
}

export async function buildExperience(
  policy: GPT,
  ref: GPT,
  groups: { role: Role; samples: TrainSample[]; layout: SequenceLayout; rows: number }[],
  opts: ExperienceOptions,
): Promise<RoleExperience[]> {
  const packed = [];
  for (const g of groups) {
    const batch = packRole(g.samples, g.layout, g.rows);
    const logpOld = await scoreLogProbs(policy, batch, opts.microBatch);
    const logpRef = await scoreLogProbs(ref, batch, opts.microBatch);
    packed.push({ ...g, batch, logpOld, logpRef });
  }
  // Token returns for every real sample of every role, then whitening per role.
  const perSample: number[][] = [];
  const roles: Role[] = [];
  const where: { g: number; idx: number[] }[] = [];
  const klStats = packed.map(() => ({ sum: 0, n: 0 }));
  packed.forEach((g, gi) => {
    g.samples.forEach((s, row) => {
      const idx = targetIndices(g.batch, row);
      if (idx.length === 0) return;
      const kl = klPerToken(
        idx.map((i) => g.logpOld[i]),
        idx.map((i) => g.logpRef[i]),
      );
      for (const k of kl) klStats[gi].sum += k;
      klStats[gi].n += kl.length;
      const r = tokenRewards(kl, opts.klAsLoss ? 0 : opts.beta, s.reward);
      perSample.push(returnsGamma1(r));
      roles.push(g.role);
      where.push({ g: gi, idx });
    });
  });
  const adv = normalizePerRole(perSample, roles);
  const out: RoleExperience[] = packed.map((g, gi) => ({
    role: g.role,
    batch: g.batch,
    rows: g.rows,
    real: g.samples.length,
    logpOld: g.logpOld,
    logpRef: g.logpRef,
    advantages: new Float32Array(g.logpOld.length),
    klMean: klStats[gi].n ? klStats[gi].sum / klStats[gi].n : 0,
    tokens: klStats[gi].n,
  }));
  where.forEach((w, k) => w.idx.forEach((i, j) => (out[w.g].advantages[i] = adv[k][j])));
  return out;
}


export function sliceRows(a: Float32Array, T: number, start: number, count: number): Float32Array {
  return a.slice(start * (T - 1), (start + count) * (T - 1));
}

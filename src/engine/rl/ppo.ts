/**
 * One epoch of PPO-clipped policy-gradient minibatch updates over a rollout (OpenRLHF actor loss):
 *   loss = −Σ_tokens min(ρ·A, clip(ρ, 1−ε, 1+ε)·A) / Σ_tokens,  ρ = exp(logπ_new − logπ_old)
 * averaged over all action tokens of the minibatch (both roles share one loss: one model).
 * Options: KL as a loss (k3 estimator against the reference, β-weighted) and an auxiliary SFT loss
 * on defender demonstrations ("Self-play + SFT"). A non-finite loss or gradient skips the update.
 * Optional micro-batching (PpoOptions.microBatch) bounds activation memory without changing the update.
 */
import * as tf from '@tensorflow/tfjs';
import { sliceBatch, type Batch } from '../model/batch';
import { targetPositions, type GPT } from '../model/gpt';
import type { Adam } from '../optim/adam';
import { accumulateGradients, checkMicroBatch, rowRanges, targetCount, type MicroLoss } from '../optim/accumulate';
import { clipByGlobalNorm } from '../optim/clip';
import { sliceRows, type RoleExperience } from './experience';

export interface PpoOptions {
  minibatches: number;
  clipEps: number;
  gradClip: number;
  lr: number;
  beta: number;
  klAsLoss: boolean;
  sftCoef: number;
  /** Demonstration batches, one per minibatch, when sftCoef > 0. */
  sftBatches?: Batch[];
  /**
   * Rows per forward/backward (optional): each minibatch's gradients are accumulated over chunks of
   * this many rows, each chunk's token sum divided by the whole minibatch's token count, then one
   * clip + Adam step, so the update equals the full minibatch's. Chunks without target tokens
   * (padding rows) are skipped: their gradient is exactly zero.
   */
  microBatch?: number;
}

export interface PpoResult {
  loss: number; // mean over applied minibatches
  gradNorm: number;
  clipFrac: number;
  skipped: boolean; // a non-finite loss/gradient was seen: no update applied from then on
}

/**
 * Per-role loss terms over the completion tokens only: the model scores just the target positions
 * (GPT.targetLogProbs), and old/ref log-probs and advantages are picked at the same positions in JS.
 * Entries past the n real tokens (shape padding) get weight 0.
 */
function roleLossTerms(model: GPT, batch: Batch, logpOld: Float32Array, logpRef: Float32Array, adv: Float32Array, o: PpoOptions) {
  const pos = targetPositions(batch);
  const logp = model.targetLogProbs(batch, pos);
  const n = pos.length, nOut = logp.shape[0];
  const pick = (a: Float32Array) => {
    const out = new Float32Array(nOut);
    for (let k = 0; k < n; k++) out[k] = a[pos[k]];
    return tf.tensor1d(out);
  };
  const mask = tf.tensor1d(new Float32Array(nOut).fill(1, 0, n));
  const old = pick(logpOld);
  const a = pick(adv);
  const ratio = tf.exp(logp.sub(old));
  const unclipped = ratio.mul(a);
  const clipped = tf.clipByValue(ratio, 1 - o.clipEps, 1 + o.clipEps).mul(a);
  let perToken = tf.minimum(unclipped, clipped).neg();
  if (o.klAsLoss) {
    // k3 = exp(ref − logp) − (ref − logp) − 1 ≥ 0, unbiased and low-variance (Schulman).
    const d = pick(logpRef).sub(logp);
    perToken = perToken.add(tf.exp(d).sub(d).sub(1).mul(o.beta));
  }
  const clipHits = tf.greater(tf.abs(ratio.sub(1)), o.clipEps).toFloat().mul(mask).sum();
  return { sum: perToken.mul(mask).sum(), count: tf.scalar(n), clipHits };
}

interface PpoPart {
  batch: Batch;
  logpOld: Float32Array;
  logpRef: Float32Array;
  adv: Float32Array;
}

/**
 * The minibatch loss as micro-batch losses whose sum is the full loss: the policy term is
 * Σ_tokens / (all action tokens of the minibatch) and the SFT term sftCoef·Σ/(its tokens), so each
 * chunk contributes its token sum over the whole minibatch's count. Stats: [clip hits, tokens].
 */
function minibatchParts(model: GPT, parts: PpoPart[], sft: Batch | undefined, o: PpoOptions): MicroLoss[] {
  const terms = (ps: PpoPart[]) => ps.map((p) => roleLossTerms(model, p.batch, p.logpOld, p.logpRef, p.adv, o));
  if (o.microBatch === undefined) {
    return [
      () => {
        const t = terms(parts);
        const count = tf.addN(t.map((x) => x.count)) as tf.Scalar;
        let loss = tf.addN(t.map((x) => x.sum)).div(tf.maximum(count, 1)) as tf.Scalar;
        if (sft) loss = loss.add(model.sftLoss(sft).mul(o.sftCoef)) as tf.Scalar;
        return { loss, stats: [tf.addN(t.map((x) => x.clipHits)) as tf.Scalar, count] };
      },
    ];
  }
  const mbRows = o.microBatch;
  const total = Math.max(1, parts.reduce((a, p) => a + targetCount(p.batch), 0));
  const out: MicroLoss[] = [];
  for (const p of parts) {
    const T = p.batch.T;
    for (const { start, count } of rowRanges(p.batch.B, mbRows)) {
      const chunk: PpoPart = {
        batch: sliceBatch(p.batch, start, count),
        logpOld: sliceRows(p.logpOld, T, start, count),
        logpRef: sliceRows(p.logpRef, T, start, count),
        adv: sliceRows(p.adv, T, start, count),
      };
      if (targetCount(chunk.batch) === 0) continue;
      out.push(() => {
        const [t] = terms([chunk]);
        return { loss: t.sum.div(total) as tf.Scalar, stats: [t.clipHits as tf.Scalar, t.count] };
      });
    }
  }
  if (sft) {
    const nSft = targetCount(sft);
    for (const { start, count } of rowRanges(sft.B, mbRows)) {
      const chunk = sliceBatch(sft, start, count);
      const n = targetCount(chunk);
      if (n === 0) continue;
      // Zero stats keep every part's stats list the same length for the accumulator.
      out.push(() => ({ loss: model.sftLoss(chunk).mul((o.sftCoef * n) / nSft) as tf.Scalar, stats: [tf.scalar(0), tf.scalar(0)] }));
    }
  }
  return out;
}

export async function ppoEpoch(model: GPT, optimizer: Adam, exps: RoleExperience[], o: PpoOptions): Promise<PpoResult> {
  const M = o.minibatches;
  checkMicroBatch(o.microBatch);
  let lossSum = 0;
  let normSum = 0;
  let clipHits = 0;
  let tokens = 0;
  let applied = 0;
  for (let mb = 0; mb < M; mb++) {
    const parts = exps
      .filter((e) => e.rows > 0)
      .map((e) => {
        if (e.rows % M !== 0) throw new Error(`ppoEpoch: ${e.rows} ${e.role} rows do not split into ${M} minibatches`);
        const n = e.rows / M;
        const T = e.batch.T;
        return {
          batch: sliceBatch(e.batch, mb * n, n),
          logpOld: sliceRows(e.logpOld, T, mb * n, n),
          logpRef: sliceRows(e.logpRef, T, mb * n, n),
          adv: sliceRows(e.advantages, T, mb * n, n),
        };
      });
    if (!parts.some((p) => p.batch.targetMask.some((m) => m > 0))) continue; // nothing to learn here
    const sft = o.sftCoef > 0 ? o.sftBatches?.[mb] : undefined;
    const { grads: gradList, loss, stats } = await accumulateGradients(model.variables, minibatchParts(model, parts, sft, o));
    const [hits, count] = stats;
    const clip = await clipByGlobalNorm(gradList, o.gradClip);
    tf.dispose(gradList);
    if (!Number.isFinite(loss) || !clip.finite) {
      tf.dispose(clip.grads);
      return { loss, gradNorm: clip.norm, clipFrac: 0, skipped: true };
    }
    optimizer.apply(clip.grads, o.lr);
    tf.dispose(clip.grads);
    lossSum += loss;
    normSum += clip.norm;
    clipHits += hits;
    tokens += count;
    applied++;
  }
  return {
    loss: applied ? lossSum / applied : 0,
    gradNorm: applied ? normSum / applied : 0,
    clipFrac: tokens ? clipHits / tokens : 0,
    skipped: false,
  };
}

/**
 * One epoch of PPO-clipped policy-gradient minibatch updates over a rollout (OpenRLHF actor loss):
 *   loss = −Σ_tokens min(ρ·A, clip(ρ, 1−ε, 1+ε)·A) / Σ_tokens,  ρ = exp(logπ_new − logπ_old)
 * averaged over all action tokens of the minibatch (both roles share one loss: one model).
 * Options: KL as a loss (k3 estimator against the reference, β-weighted) and an auxiliary SFT loss
 * on defender demonstrations ("Self-play + SFT"). A non-finite loss or gradient skips the update.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../model/batch';
import { targetPositions, type GPT } from '../model/gpt';
import type { Adam } from '../optim/adam';
import { clipByGlobalNorm } from '../optim/clip';
import { sliceBatch, sliceRows, type RoleExperience } from './experience';

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

export async function ppoEpoch(model: GPT, optimizer: Adam, exps: RoleExperience[], o: PpoOptions): Promise<PpoResult> {
  const M = o.minibatches;
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
    let hitsT: tf.Scalar | null = null;
    let countT: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const terms = parts.map((p) => roleLossTerms(model, p.batch, p.logpOld, p.logpRef, p.adv, o));
      const count = tf.addN(terms.map((t) => t.count)) as tf.Scalar;
      let loss = tf.addN(terms.map((t) => t.sum)).div(tf.maximum(count, 1)) as tf.Scalar;
      if (sft) loss = loss.add(model.sftLoss(sft).mul(o.sftCoef)) as tf.Scalar;
      hitsT = tf.keep(tf.addN(terms.map((t) => t.clipHits)) as tf.Scalar);
      countT = tf.keep(count);
      return loss;
    }, model.variables);
    const gradList = model.variables.map((v) => grads[v.name]);
    const [lossV, hitsV, countV] = await Promise.all([value.data(), hitsT!.data(), countT!.data()]);
    value.dispose();
    hitsT!.dispose();
    countT!.dispose();
    const clip = await clipByGlobalNorm(gradList, o.gradClip);
    tf.dispose(gradList);
    if (!Number.isFinite(lossV[0]) || !clip.finite) {
      tf.dispose(clip.grads);
      return { loss: lossV[0], gradNorm: clip.norm, clipFrac: 0, skipped: true };
    }
    optimizer.apply(clip.grads, o.lr);
    tf.dispose(clip.grads);
    lossSum += lossV[0];
    normSum += clip.norm;
    clipHits += hitsV[0];
    tokens += countV[0];
    applied++;
  }
  return {
    loss: applied ? lossSum / applied : 0,
    gradNorm: applied ? normSum / applied : 0,
    clipFrac: tokens ? clipHits / tokens : 0,
    skipped: false,
  };
}

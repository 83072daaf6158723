/**
 * Supervised training of the reward LM on oracle-labelled (prompt, response) pairs: summed softmax
 * cross-entropy of the three heads, Adam, fixed batch shape (no recompiles on WebGPU). Used once, to
 * build the shipped judge; it stays frozen during self-play.
 */
import * as tf from '@tensorflow/tfjs';
import { LabError } from '../errors';
import { accuracyOf, type HeadHits } from './familyAccuracy';
import type { Labels } from './types';
import { H_CLASSES, Q_CLASSES, REF_CLASSES, type RewardLM } from './rewardLM';

export interface RewardLMExample {
  promptIds: number[];
  responseIds: number[];
  labels: Labels;
}

export interface TrainRewardLMOptions {
  steps: number;
  batch: number;
  lr: number;
  /** Uniform [0,1) source for sampling minibatches (the lab's seeded RNG → reproducible runs). */
  random: () => number;
  onProgress?: (step: number, loss: number) => void;
}

/** Class index targets for the three heads, as one-hot [B,3] float tensors. */
function targets(batch: RewardLMExample[]): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  // int32 one-hot then cast: tf.oneHot(..., 'float32') is wrong on wasm 4.22 (writes int bits).
  const oh = (idx: number[]) => tf.cast(tf.oneHot(tf.tensor1d(idx, 'int32'), 3), 'float32') as tf.Tensor2D;
  const ix = <T>(classes: readonly T[], v: T) => {
    const i = classes.indexOf(v);
    if (i < 0) throw new Error(`trainRewardLM: unknown label ${String(v)}`);
    return i;
  };
  return tf.tidy(() => [
    oh(batch.map((e) => ix(Q_CLASSES, e.labels.q))),
    oh(batch.map((e) => ix(REF_CLASSES, e.labels.ref))),
    oh(batch.map((e) => ix(H_CLASSES, e.labels.h))),
  ]) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
}

/** Mean cross-entropy of logits [B,3] against one-hot targets [B,3] (log-softmax written out: grads exist everywhere). */
function xent(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
  return tf.neg(tf.mean(tf.sum(tf.mul(target, logp), 1))) as tf.Scalar;
}

/**
 * Train in place for `steps` Adam steps on minibatches drawn with replacement.
 * Returns the mean loss of the last (up to) 10 steps: a less noisy "final loss" than one minibatch.
 */
export async function trainRewardLM(model: RewardLM, examples: RewardLMExample[], opts: TrainRewardLMOptions): Promise<number> {
  if (examples.length === 0) throw new Error('trainRewardLM: no examples');
  // Explicit epsilon: tfjs's default epsilon depends on the backend (webgl uses a larger one).
  const optimizer = tf.train.adam(opts.lr, 0.9, 0.999, 1e-7);
  const vars = model.variables;
  const recent: number[] = [];
  try {
    for (let step = 0; step < opts.steps; step++) {
      const batch = Array.from({ length: opts.batch }, () => examples[Math.floor(opts.random() * examples.length)]);
      const [pt, rt] = model.inputs(
        batch.map((e) => e.promptIds),
        batch.map((e) => e.responseIds),
      );
      const [tq, tr, th] = targets(batch);
      const lossT = optimizer.minimize(
        () => {
          const lg = model.logits(pt, rt);
          return tf.addN([xent(lg.q, tq), xent(lg.ref, tr), xent(lg.h, th)]) as tf.Scalar;
        },
        true,
        vars,
      )!;
      tf.dispose([pt, rt, tq, tr, th]);
      const loss = (await lossT.data())[0];
      lossT.dispose();
      if (!Number.isFinite(loss)) throw new LabError('non-finite', `reward LM training diverged: non-finite loss at step ${step}; lower the learning rate`);
      recent.push(loss);
      if (recent.length > 10) recent.shift();
      opts.onProgress?.(step, loss);
    }
  } finally {
    optimizer.dispose();
  }
  return recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
}

export interface HeadAccuracy {
  q: number;
  ref: number;
  h: number;
  /** All three heads right. */
  all: number;
}

/** Per example, whether each head labels it exactly as the oracle did ('na' included as a class). */
export async function headHits(model: RewardLM, examples: RewardLMExample[]): Promise<HeadHits[]> {
  if (examples.length === 0) return [];
  const { labels } = await model.predict(
    examples.map((e) => e.promptIds),
    examples.map((e) => e.responseIds),
  );
  return labels.map((l, i) => {
    const t = examples[i].labels;
    return { q: l.q === t.q, ref: l.ref === t.ref, h: l.h === t.h };
  });
}

/** Fraction of examples each head labels exactly as the oracle did ('na' included as a class). */
export async function accuracyPerHead(model: RewardLM, examples: RewardLMExample[]): Promise<HeadAccuracy> {
  return accuracyOf(await headHits(model, examples));
}

/**
 * Gradient accumulation (micro-batching): the gradients of several micro-batch losses are summed and
 * the caller applies ONE clip + optimizer step, exactly as for the full batch. Each micro-batch loss
 * must already carry its share of the full-batch normalization (e.g. its token sum divided by the
 * whole minibatch's token count), so the summed losses and gradients equal the full-batch ones.
 * Peak memory is one micro-batch's activations plus one gradient buffer: big models then train
 * within the wasm heap (4 GiB), which one classroom batch exceeds above ~8M parameters.
 */
import * as tf from '@tensorflow/tfjs';
import { LabError } from '../errors';
import type { Batch } from '../model/batch';

/** One micro-batch: its (pre-weighted) loss and optional scalar statistics to be summed too. */
export type MicroLoss = () => { loss: tf.Scalar; stats?: tf.Scalar[] };

export interface Accumulated {
  /** Summed gradients, in the order of `variables`; owned by the caller. */
  grads: tf.Tensor[];
  /** Sum of the micro-batch losses. */
  loss: number;
  /** Element-wise sums of the micro-batches' stats (empty when none were returned). */
  stats: number[];
}

/** Sum the gradients of `parts` w.r.t. `variables`; one read-back at the end, no tensor left behind. */
export async function accumulateGradients(variables: tf.Variable[], parts: MicroLoss[]): Promise<Accumulated> {
  if (parts.length === 0) throw new LabError('internal', 'accumulateGradients: no micro-batches');
  let grads: tf.Tensor[] | null = null;
  let loss: tf.Scalar | null = null;
  let stats: tf.Scalar[] = [];
  try {
    for (const part of parts) {
      let partStats: tf.Scalar[] = [];
      const { value, grads: g } = tf.variableGrads(() => {
        const r = part();
        partStats = (r.stats ?? []).map((s) => tf.keep(s));
        return r.loss;
      }, variables);
      const list = variables.map((v) => {
        const t = g[v.name];
        if (!t) throw new LabError('internal', `accumulateGradients: no gradient for ${v.name}`);
        return t;
      });
      if (grads === null || loss === null) {
        // The first micro-batch's tensors become the accumulators (one part = the full-batch path, no copy).
        grads = list;
        loss = value;
        stats = partStats;
        continue;
      }
      const prev: tf.Tensor[] = [...grads, loss, ...stats];
      grads = grads.map((acc, i) => tf.add(acc, list[i]));
      loss = tf.add(loss, value) as tf.Scalar;
      stats = stats.map((s, i) => tf.add(s, partStats[i]) as tf.Scalar);
      tf.dispose([...prev, ...list, value, ...partStats]);
    }
  } catch (e) {
    tf.dispose([...(grads ?? []), ...(loss ? [loss] : []), ...stats]);
    throw e;
  }
  const [lossV, ...statsV] = await Promise.all([loss!, ...stats].map((t) => t.data()));
  tf.dispose([loss!, ...stats]);
  return { grads: grads!, loss: lossV[0], stats: statsV.map((s) => s[0]) };
}

/** Check a micro-batch size: undefined (no micro-batching) or a positive integer. */
export function checkMicroBatch(microBatch: number | undefined): void {
  if (microBatch !== undefined && !(Number.isInteger(microBatch) && microBatch > 0))
    throw new LabError('bad-settings', `microBatch must be a positive integer number of rows (got ${microBatch})`);
}

/** [start, count) row ranges of at most `rows` rows covering 0..total. */
export function rowRanges(total: number, rows: number): { start: number; count: number }[] {
  const out = [];
  for (let start = 0; start < total; start += rows) out.push({ start, count: Math.min(rows, total - start) });
  return out;
}


/** Number of target (completion) tokens in a batch. */
export function targetCount(b: Batch): number {
  let n = 0;
  for (let i = 0; i < b.targetMask.length; i++) if (b.targetMask[i] > 0) n++;
  return n;
}

/** Sum of a batch's target weights (its token count when every weight is 1; sft/hazardWeight.ts weights some). */
export function targetWeight(b: Batch): number {
  let w = 0;
  for (let i = 0; i < b.targetMask.length; i++) w += b.targetMask[i];
  return w;
}

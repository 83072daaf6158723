/**
 * The reward LM: a small neural judge (the toy WildGuard). Three 3-way heads, Q (prompt harmful?),
 * Ref (response a refusal?), H (response harmful?), each with an explicit n/a class, so the judge can
 * abstain and the game becomes a tie. Trained on oracle-labelled world text (rewardLMTrain.ts), then
 * frozen during self-play.
 *
 * Architecture (fixed shapes, runs on cpu / wasm / webgpu):
 *   token ids → embedding (gather forward, one-hot matMul backward, since wasm has no gather
 *   gradient) → zero at PAD → window of ±`window` neighbours concatenated (cheap local context:
 *   split words, "not" + verb) → per-token 2-layer ReLU MLP → masked mean ‖ masked max pooling,
 *   separately for the prompt and the response (shared encoder).
 *   Q head reads the prompt pooling only: Q is a property of the attack, and letting the reply sway it
 *   would let the defender game the attacker's faithfulness/refusal terms.
 *   Ref and H heads read prompt ‖ response through a shared hidden layer.
 */
import * as tf from '@tensorflow/tfjs';
import { mm } from '../model/ops';
import { blockLength, longestLength } from '../model/batch';
import { ParamTable, type NamedTensor, type ParamSpec } from '../model/paramTable';
import { PAD_ID } from '../tokenizer/types';
import type { HLabel, Labels, QLabel, RefLabel } from './types';

/** Class order of every head: 0 = "no", 1 = "yes", 2 = n/a. */
export const Q_CLASSES: readonly QLabel[] = ['benign', 'harmful', 'na'];
export const REF_CLASSES: readonly RefLabel[] = ['compliance', 'refusal', 'na'];
export const H_CLASSES: readonly HLabel[] = ['harmless', 'harmful', 'na'];

export interface RewardLMConfig {
  vocabSize: number;
  /** Longest prompt Lp: ids are right-padded with PAD_ID, longer prompts keep their first Lp tokens (RewardLMJudge windows them first). */
  promptLen: number;
  /** Response length Lr (same padding / truncation rule). */
  responseLen: number;
  dEmb: number;
  /** Width of the per-token MLP (pooled encoding = 2·dHidden per text). */
  dHidden: number;
  /** Width of the heads' hidden layers. */
  dHead: number;
  /** Neighbours on each side fed to the per-token MLP (0 = bag of tokens). */
  window: number;
  /** Rows per inference batch; the last batch is padded, so every call has the same shapes. */
  inferBatch: number;
}

export function defaultRewardLMConfig(vocabSize: number, promptLen = 64, responseLen = 48): RewardLMConfig {
  return { vocabSize, promptLen, responseLen, dEmb: 32, dHidden: 64, dHead: 64, window: 1, inferBatch: 64 };
}

/** Per-example class probabilities, in the *_CLASSES order. */
export interface HeadProbs {
  q: number[];
  ref: number[];
  h: number[];
}

export interface HeadLogits {
  q: tf.Tensor2D;
  ref: tf.Tensor2D;
  h: tf.Tensor2D;
}

/**
 * table[idx] with a one-hot matMul backward (wasm has no gather gradient). Local on purpose, not
 * model/ops.gatherRows: tfjs-backend-wasm 4.22's OneHot ignores dtype 'float32' and writes int32 bits
 * (1 reads as 1.4e-45), which zeroes that gradient on wasm. An int32 one-hot cast to float is correct.
 */
const embedRows = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [table, idx, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([idx]);
  const rows = table.shape[0];
  return {
    value: tf.gather(table, idx),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const oh = tf.cast(tf.oneHot(saved[0] as tf.Tensor1D, rows), 'float32'); // [N, R]
      // idx gets a dummy zero gradient: tfjs requires one per input, and never uses it for int inputs.
      return [tf.matMul(tf.transpose(oh), dy as tf.Tensor2D), tf.zeros(saved[0].shape)];
    },
  };
}) as (table: tf.Tensor2D, idx: tf.Tensor1D) => tf.Tensor2D;

/** The reward LM's parameter table (std 0 = zeros), in its stable order. */
export function rewardLMParamSpecs(c: RewardLMConfig): ParamSpec[] {
  const inTok = (2 * c.window + 1) * c.dEmb;
  const he = (fanIn: number) => Math.sqrt(2 / fanIn); // ReLU layers
  const out = (fanIn: number) => 0.5 / Math.sqrt(fanIn); // small logits at init: near-uniform heads
  const specs = [
    { name: 'emb', shape: [c.vocabSize, c.dEmb], std: 1 / Math.sqrt(c.dEmb) },
    { name: 'tok.w1', shape: [inTok, c.dHidden], std: he(inTok) },
    { name: 'tok.b1', shape: [c.dHidden], std: 0 },
    { name: 'tok.w2', shape: [c.dHidden, c.dHidden], std: he(c.dHidden) },
    { name: 'tok.b2', shape: [c.dHidden], std: 0 },
    { name: 'q.w1', shape: [2 * c.dHidden, c.dHead], std: he(2 * c.dHidden) },
    { name: 'q.b1', shape: [c.dHead], std: 0 },
    { name: 'q.w2', shape: [c.dHead, 3], std: out(c.dHead) },
    { name: 'q.b2', shape: [3], std: 0 },
    { name: 'pr.w1', shape: [4 * c.dHidden, c.dHead], std: he(4 * c.dHidden) },
    { name: 'pr.b1', shape: [c.dHead], std: 0 },
    { name: 'ref.w2', shape: [c.dHead, 3], std: out(c.dHead) },
    { name: 'ref.b2', shape: [3], std: 0 },
    { name: 'h.w2', shape: [c.dHead, 3], std: out(c.dHead) },
    { name: 'h.b2', shape: [3], std: 0 },
  ];
  return specs.map((s) => ({ ...s, init: s.std === 0 ? 'zeros' : 'normal' }));
}

/** Right-pad / truncate ragged id lists to a [rows, L] int32 buffer; rows beyond ids.length stay PAD. */
export function padIds(ids: number[][], L: number, vocabSize: number, rows = ids.length): Int32Array {
  const buf = new Int32Array(rows * L).fill(PAD_ID);
  ids.forEach((seq, r) => {
    const n = Math.min(seq.length, L);
    for (let t = 0; t < n; t++) {
      const id = seq[t];
      // An out-of-range id would silently embed as zeros (gather) — a tokenizer/vocab mismatch: fail loudly.
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`RewardLM: token id ${id} outside vocab ${vocabSize}`);
      buf[r * L + t] = id;
    }
  });
  return buf;
}

function argmax(p: ArrayLike<number>, off: number): number {
  let best = 0;
  for (let k = 1; k < 3; k++) if (p[off + k] > p[off + best]) best = k;
  return best;
}

export class RewardLM {
  readonly cfg: RewardLMConfig;
  private readonly params: ParamTable;

  constructor(cfg: RewardLMConfig, seed: number) {
    this.cfg = cfg;
    this.params = new ParamTable('RewardLM', rewardLMParamSpecs(cfg), { seed });
  }

  /** Trainable variables in the stable spec order. */
  get variables(): tf.Variable[] {
    return this.params.variables;
  }

  private p(name: string): tf.Tensor {
    return this.params.get(name);
  }

  /** Pooled encoding [B, 2·dHidden] (masked mean ‖ masked max) of ids [B, L] int32. Call inside a tidy. */
  encode(ids: tf.Tensor2D): tf.Tensor2D {
    const [B, L] = ids.shape;
    const { dEmb, dHidden, window: w } = this.cfg;
    const mask = tf.cast(tf.notEqual(ids, PAD_ID), 'float32'); // [B, L]
    const flatMask = tf.reshape(mask, [B * L, 1]);
    const x = tf.mul(embedRows(this.p('emb') as tf.Tensor2D, tf.reshape(ids, [B * L]) as tf.Tensor1D), flatMask) as tf.Tensor2D; // [B*L, dEmb]
    let inp: tf.Tensor2D = x;
    if (w > 0) {
      const padded = tf.pad(tf.reshape(x, [B, L, dEmb]), [[0, 0], [w, w], [0, 0]]);
      const parts: tf.Tensor[] = [];
      for (let o = 0; o <= 2 * w; o++) parts.push(tf.slice(padded, [0, o, 0], [B, L, dEmb]));
      inp = tf.reshape(tf.concat(parts, 2), [B * L, (2 * w + 1) * dEmb]);
    }
    const h1 = tf.relu(tf.add(mm(inp, this.p('tok.w1') as tf.Tensor2D), this.p('tok.b1')));
    const h2 = tf.relu(tf.add(mm(h1 as tf.Tensor2D, this.p('tok.w2') as tf.Tensor2D), this.p('tok.b2')));
    const hm = tf.reshape(tf.mul(h2, flatMask), [B, L, dHidden]); // PAD rows → 0
    const count = tf.maximum(tf.sum(mask, 1, true), 1); // [B, 1]; an empty text pools to 0
    const mean = tf.div(tf.sum(hm, 1), count);
    // ReLU outputs are ≥ 0 and PAD rows are 0, so a plain max is the masked max.
    const max = tf.max(hm, 1);
    return tf.concat([mean, max], 1) as tf.Tensor2D;
  }

  /** Head logits for int32 ids prompt [B, Lp] and response [B, Lr]. Call inside a tidy. */
  logits(promptIds: tf.Tensor2D, responseIds: tf.Tensor2D): HeadLogits {
    const dense = (x: tf.Tensor, w: string, b: string) => tf.add(mm(x as tf.Tensor2D, this.p(w) as tf.Tensor2D), this.p(b)) as tf.Tensor2D;
    const pe = this.encode(promptIds);
    const re = this.encode(responseIds);
    const qh = tf.relu(dense(pe, 'q.w1', 'q.b1'));
    const prh = tf.relu(dense(tf.concat([pe, re], 1), 'pr.w1', 'pr.b1'));
    return { q: dense(qh, 'q.w2', 'q.b2'), ref: dense(prh, 'ref.w2', 'ref.b2'), h: dense(prh, 'h.w2', 'h.b2') };
  }

  /**
   * Int32 input tensors [rows, Lp] and [rows, Lr], each length the longest text rounded up to a block
   * and capped by the config (pooling is masked and position-free, so padding does not change the
   * result; block lengths keep the set of shapes small). The caller disposes them.
   */
  inputs(promptIds: number[][], responseIds: number[][], rows = promptIds.length): [tf.Tensor2D, tf.Tensor2D] {
    const { vocabSize: V } = this.cfg;
    const Lp = blockLength(longestLength(promptIds), this.cfg.promptLen);
    const Lr = blockLength(longestLength(responseIds), this.cfg.responseLen);
    return [
      tf.tensor2d(padIds(promptIds, Lp, V, rows), [rows, Lp], 'int32'),
      tf.tensor2d(padIds(responseIds, Lr, V, rows), [rows, Lr], 'int32'),
    ];
  }

  /** Labels (argmax per head) and class probabilities for each (prompt, response) pair. */
  async predict(promptIds: number[][], responseIds: number[][]): Promise<{ labels: Labels[]; probs: HeadProbs[] }> {
    if (promptIds.length !== responseIds.length) throw new Error('RewardLM.predict: prompts and responses differ in count');
    const labels: Labels[] = [];
    const probs: HeadProbs[] = [];
    const bs = this.cfg.inferBatch;
    for (let start = 0; start < promptIds.length; start += bs) {
      const n = Math.min(bs, promptIds.length - start);
      const [pt, rt] = this.inputs(promptIds.slice(start, start + n), responseIds.slice(start, start + n), bs);
      const out = tf.tidy(() => {
        const lg = this.logits(pt, rt);
        return tf.concat([tf.softmax(lg.q), tf.softmax(lg.ref), tf.softmax(lg.h)], 1); // [bs, 9]
      });
      tf.dispose([pt, rt]);
      const p = await out.data();
      out.dispose();
      for (let i = 0; i < n; i++) {
        const o = i * 9;
        labels.push({ q: Q_CLASSES[argmax(p, o)], ref: REF_CLASSES[argmax(p, o + 3)], h: H_CLASSES[argmax(p, o + 6)] });
        probs.push({ q: Array.from(p.subarray(o, o + 3)), ref: Array.from(p.subarray(o + 3, o + 6)), h: Array.from(p.subarray(o + 6, o + 9)) });
      }
    }
    return { labels, probs };
  }

  /** Pooled prompt encodings (2·dHidden each): the sentence embedding behind the attack-diversity cosine. */
  async embed(promptIds: number[][]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const bs = this.cfg.inferBatch;
    const D = 2 * this.cfg.dHidden;
    for (let start = 0; start < promptIds.length; start += bs) {
      const n = Math.min(bs, promptIds.length - start);
      const rowsIds = promptIds.slice(start, start + n);
      const Lp = blockLength(longestLength(rowsIds), this.cfg.promptLen);
      const ids = tf.tensor2d(padIds(rowsIds, Lp, this.cfg.vocabSize, bs), [bs, Lp], 'int32');
      const e = tf.tidy(() => this.encode(ids));
      ids.dispose();
      const data = (await e.data()) as Float32Array;
      e.dispose();
      for (let i = 0; i < n; i++) out.push(data.slice(i * D, (i + 1) * D));
    }
    return out;
  }

  getWeights(): Promise<NamedTensor[]> {
    return this.params.getWeights();
  }

  /** Replace every weight; names and shapes must match this config exactly (all-or-nothing check first). */
  setWeights(weights: readonly NamedTensor[] | ReadonlyMap<string, NamedTensor>): void {
    this.params.setWeights(weights);
  }

  dispose(): void {
    this.params.dispose();
  }
}

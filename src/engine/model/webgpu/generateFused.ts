/**
 * generate() on WebGPU with the fused decode path: the prefill runs through forwardFull as on every
 * backend, then each step is one fused decode (decodeStep.ts) and one GPU sampling dispatch
 * (sampler.ts) that writes the token the next step embeds. Tokens, stop flags and entropies are read
 * back once per chunk of CHUNK steps, and the caller's random() numbers for a chunk are uploaded
 * once per chunk. Completions and entropy are those of generate.ts's JS loop for the same logits and
 * seed (sampler.ts says how close float32 sampling is), with two differences a caller can observe:
 * - onTokens fires once per step as in generate.ts, but in bursts after each chunk's readback;
 * - with temperature > 0, random() is called for a chunk's steps up front (one number per running
 *   row per step). Numbers drawn for steps after a row stops at eos are kept for the next chunk,
 *   but those left when the whole generation stops early are dropped: the caller's generator can
 *   end further along than after generate.ts (never with stopAtEos false).
 * onLogits, when given, costs a readback per step (inspection only).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../types';
import type { GenerateOptions, GenerateResult } from '../generate';
import type { Params } from '../forward';
import { forwardFull } from '../forward';
import { packBatch } from '../batch';
import { attentionMask } from '../masks';
import { PAD_ID } from '../../tokenizer/types';
import { fusedDecodeStep, type DecodeCache } from './decodeStep';
import { SamplerProgram, recordOffsets, recordSize } from './sampler';
import { runInto, uninitialized, i32, f32 } from './runtime';

/** Steps per readback (issue 11: ≤ 1 readback per 16 tokens). */
export const CHUNK = 16;

/** Prefill: logits at the last prompt index and the per-layer decode states (attention.ts layout). */
function prefill(p: Params, cfg: ModelConfig, prompts: number[][], P: number, N: number): { logits: tf.Tensor2D; cache: DecodeCache } {
  const B = prompts.length, Tmax = P + N, d = cfg.dModel, H = cfg.nHeads, dh = d / H;
  const pb = packBatch(prompts, [], P, P);
  const info = new Float32Array(B * (Tmax + 1));
  for (let b = 0; b < B; b++) {
    const row = b * (Tmax + 1);
    for (let j = 0; j < P; j++) info[row + j] = pb.keyMask[b * P + j];
    for (let j = P; j < Tmax; j++) info[row + j] = 1;
    info[row + Tmax] = P - prompts[b].length;
  }
  const kvSize = B * H * Tmax * dh;
  return tf.tidy(() => {
    const mask = tf.tensor4d(attentionMask(pb.keyMask, B, P, P, 0), [B, 1, P, P]);
    const { hidden, kv } = forwardFull(p, cfg, tf.tensor1d(pb.ids, 'int32'), tf.tensor1d(pb.positions, 'int32'), mask, B, P, true);
    const last = tf.reshape(tf.slice(tf.reshape(hidden, [B, P, d]), [0, P - 1, 0], [B, 1, d]), [B, d]);
    const layers = kv.map(({ kT, v }) => {
      const k = tf.reshape(tf.pad(tf.transpose(kT, [0, 2, 1]), [[0, 0], [0, N], [0, 0]]), [kvSize]);
      const vv = tf.reshape(tf.pad(v, [[0, 0], [0, N], [0, 0]]), [kvSize]);
      return tf.pad(tf.concat([k, vv]), [[0, B * d]]) as tf.Tensor1D; // + the q region
    });
    const cache: DecodeCache = { layers, rowInfo: tf.tensor2d(info, [B, Tmax + 1]), rows: B, tmax: Tmax, kvSize };
    return { logits: tf.matMul(last, p.lmHead) as tf.Tensor2D, cache } as unknown as tf.TensorContainer;
  }) as unknown as { logits: tf.Tensor2D; cache: DecodeCache };
}

export async function generateFused(p: Params, cfg: ModelConfig, prompts: number[][], o: GenerateOptions): Promise<GenerateResult> {
  if ((cfg.copyHead ?? 0) > 0) throw new Error('generateFused: a model with a pointer head decodes through generate.ts (its kernels have no pointer)');
  const B = prompts.length, P = o.promptLen, N = o.maxNew, V = cfg.vocabSize;
  const stopAtEos = o.stopAtEos ?? true;
  const draws = o.temperature > 0; // sample.ts calls random() once per sampled token, never when greedy
  const size = recordSize(B, CHUNK), off = recordOffsets(B, CHUNK);
  const { logits: first, cache } = prefill(p, cfg, prompts, P, N);
  let logits: tf.Tensor2D | null = first;
  let prev: tf.Tensor | null = null; // the previous chunk's record: its last token feeds the next step
  let prevLast = 0;
  let record: tf.Tensor | null = null;
  let drawT: tf.Tensor | null = null;
  const queue: number[] = []; // random() numbers drawn and not yet used, in call order
  const completions: number[][] = prompts.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  let entSum = 0, entCount = 0;
  try {
    for (let s0 = 0; s0 < N; s0 += CHUNK) {
      const steps = Math.min(CHUNK, N - s0);
      const running = done.filter((x) => !x).length;
      const up = new Float32Array(B + CHUNK * B);
      for (let b = 0; b < B; b++) up[b] = done[b] ? 1 : 0;
      if (draws) {
        while (queue.length < steps * running) queue.push(o.random());
        up.set(queue.slice(0, steps * running), B);
      }
      drawT = tf.tensor1d(up);
      record = uninitialized([size], 'int32');
      const seen: Float32Array[] = [];
      for (let c = 0; c < steps; c++) {
        const s = s0 + c;
        if (s > 0) {
          // The token sampled at step s−1 goes in at sequence index P+s−1.
          const src = c === 0 ? prev! : record;
          logits = fusedDecodeStep(p, cfg, cache, src, (c === 0 ? prevLast : c - 1) * B, P + s - 1);
          if (c === 0) { prev!.dispose(); prev = null; }
        }
        if (o.onLogits) seen.push((await logits!.data()) as Float32Array);
        const uniforms = [i32(c), i32(CHUNK), f32(o.temperature), f32(o.topP), i32(o.eosId), i32(stopAtEos ? 1 : 0), i32(PAD_ID)];
        runInto(new SamplerProgram(B, V, size), [logits!, drawT], record, uniforms);
        logits!.dispose();
        logits = null;
      }
      drawT.dispose();
      drawT = null;
      const rec = (await record.data()) as Int32Array;
      const ent = new Float32Array(rec.buffer, rec.byteOffset + off.entropy * 4, CHUNK * B);
      let used = 0, stop = false;
      for (let c = 0; c < steps && !stop; c++) {
        if (o.onLogits) o.onLogits(s0 + c, seen[c]);
        for (let b = 0; b < B; b++) {
          if (done[b]) continue;
          const tok = rec[c * B + b];
          completions[b].push(tok);
          entSum += ent[c * B + b];
          entCount++;
          used++;
          if (stopAtEos && tok === o.eosId) done[b] = true;
        }
        o.onTokens?.(completions);
        stop = done.every(Boolean);
      }
      if (draws) queue.splice(0, used);
      prev = record;
      prevLast = steps - 1;
      record = null;
      if (stop) break;
    }
  } finally {
    logits?.dispose();
    drawT?.dispose();
    record?.dispose();
    prev?.dispose();
    cache.layers.forEach((t) => t.dispose());
    cache.rowInfo.dispose();
  }
  return { completions, entropy: entCount ? entSum / entCount : 0 };
}

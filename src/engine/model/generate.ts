/**
 * Autoregressive generation with a fixed-shape KV cache.
 * Prefill runs the left-padded prompts [B,P] through forwardFull once; then each new token is one
 * decodeStep against caches of shape [B·H, dh|·, P+N]. Sampling happens in JS on downloaded logits
 * (await data(), never dataSync: it breaks WebGPU) with the caller's random(), so a seed gives the
 * same completions on every backend.
 * A pointer head (pointer.ts) keeps a key per cache slot too; each step downloads the vocabulary
 * logits, the pointer scores and the gate, and the host, which knows the token each slot holds, samples
 * from the mixture directly (samplePointerRow) or folds it into log p over the vocabulary (foldPointerRow).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './types';
import { packBatch } from './batch';
import { attentionMask, decodeMasks } from './masks';
import { forwardFull, decodeStep, splitQKV, makeCache, useConvCache, type Params, type KV, type QKV } from './forward';
import { foldPointerRow, samplePointerRow, sampleWithEntropy } from './sample';
import { pointerPrefillKeys, pointerStepRaw, pointerWriteKey, copyBlock, completionSlotBlock, CoverageTracker, blockContinuations } from './pointer';
import { oneHotF } from './ops';
import { PAD_ID } from '../tokenizer/types';
import { fusedDecodeApplies } from './webgpu/enabled';
import { generateFused } from './webgpu/generateFused';

export interface GenerateOptions {
  promptLen: number; // P
  maxNew: number; // N
  temperature: number; // 0 = greedy
  topP: number; // 1 = off
  random: () => number;
  eosId: number;
  stopAtEos?: boolean; // default true: a row stops after (and including) its eos
  /** Test/inspection hook: logits [B*V] used to pick token `step` (before sampling; with a pointer head, the mixture's log p). */
  onLogits?: (step: number, logits: Float32Array) => void;
  /** Streaming hook (arena): every row's completion so far, after each generated token. Read-only. */
  onTokens?: (rowsSoFar: number[][]) => void;
}

export interface GenerateResult {
  completions: number[][];
  /** Mean entropy (nats, temperature 1) of the model's distribution over generated tokens. */
  entropy: number;
}

export async function generate(p: Params, cfg: ModelConfig, prompts: number[][], o: GenerateOptions): Promise<GenerateResult> {
  const B = prompts.length, P = o.promptLen, N = o.maxNew, V = cfg.vocabSize, Tmax = P + N;
  if (B === 0 || N <= 0) return { completions: prompts.map(() => []), entropy: 0 };
  if (P < 1) throw new Error('generate: promptLen must be ≥ 1');
  if (Tmax > cfg.maxLen) throw new Error(`generate: promptLen ${P} + maxNew ${N} exceeds maxLen ${cfg.maxLen}`);
  // WebGPU: fused kernels, sampling on the GPU, one readback per 16 tokens (webgpu/generateFused.ts).
  if (fusedDecodeApplies(cfg, o)) return generateFused(p, cfg, prompts, o);
  const stopAtEos = o.stopAtEos ?? true;
  const pb = packBatch(prompts, [], P, P); // the left-padded prompts [B,P]; validates their lengths
  const pads = prompts.map((pr) => P - pr.length);
  // Key mask over the whole cache: prompt part from the batch, completion slots always real
  // (slots beyond t are blocked by causality anyway).
  const keyMask = new Float32Array(B * Tmax);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < P; j++) keyMask[b * Tmax + j] = pb.keyMask[b * P + j];
    for (let j = P; j < Tmax; j++) keyMask[b * Tmax + j] = 1;
  }

  const pp = p.pointer;
  if (Boolean(pp) !== (cfg.copyHead ?? 0) > 0) throw new Error('generate: the pointer parameters do not match config.copyHead');
  // Token id in each cache slot (the pointer copies them): the left-padded prompt, then the completion.
  const slotIds = new Int32Array(B * Tmax);
  for (let b = 0; b < B; b++) slotIds.set(pb.ids.subarray(b * P, (b + 1) * P), b * Tmax);
  const folded = pp ? new Float32Array(B * V) : null;
  // The pointer's own mask: the attention's plus the copy block (pointer.ts), uploaded once (again
  // only when a sampled token changes it: a copyNever token without copyFromPrompt).
  const block = pp ? copyBlock(slotIds, keyMask, B, Tmax, P, cfg) : null;
  let copyBlockT = block ? tf.tensor2d(block, [B, Tmax]) : null;
  // Coverage (config.copyCoverage): the slots each row's current segment has copied, kept on the host.
  const coverage = pp && cfg.copyCoverage ? new CoverageTracker(B, Tmax, cfg.copyCoverage) : null;
  const covered = coverage?.covered ?? null;
  // Word starts (config.copyContinuations): applied on the host to each step's downloaded scores.
  const continuations = pp && cfg.copyContinuations ? new Set(cfg.copyContinuations) : null;
  const withBlock = (m: tf.Tensor2D): tf.Tensor2D => (copyBlockT ? tf.add(m, copyBlockT) : m);

  // Prefill: caches padded to Tmax, and logits at the last prompt index (P-1).
  let cache: KV[];
  let logits: tf.Tensor2D; // [B, V], or [B, V + Tmax + 1] with a pointer head (pointerStepRaw)
  let ptrKeys: tf.Tensor3D | null = null;
  let hkPrev: tf.Tensor2D | null = null; // the last block's LayerNorm output one position back: keys the next slot
  {
    const { ids, positions: pos, keyMask: km } = pb;
    const out = tf.tidy(() => {
      const mask = tf.tensor4d(attentionMask(km, B, P, P, 0), [B, 1, P, P]);
      const { hidden, kv, lastLn1 } = forwardFull(p, cfg, tf.tensor1d(ids, 'int32'), tf.tensor1d(pos, 'int32'), mask, B, P, true);
      const last = tf.reshape(tf.slice(tf.reshape(hidden, [B, P, cfg.dModel]), [0, P - 1, 0], [B, 1, cfg.dModel]), [B, cfg.dModel]);
      const c = makeCache(kv, N, useConvCache());
      const gen = tf.matMul(last, p.lmHead) as tf.Tensor2D;
      if (!pp) return { logits: gen, c } as unknown as tf.TensorContainer;
      const keys = pointerPrefillKeys(pp, lastLn1, km, B, P, N);
      const lastMask = withBlock(tf.tensor2d(attentionMask(keyMask, B, 1, Tmax, P - 1), [B, Tmax]));
      const lastReal = new Float32Array(B).map((_, b) => km[b * P + P - 1]);
      const hk = tf.mul(tf.reshape(tf.slice(tf.reshape(lastLn1, [B, P, cfg.dModel]), [0, P - 1, 0], [B, 1, cfg.dModel]), [B, cfg.dModel]), tf.tensor2d(lastReal, [B, 1]));
      return { logits: pointerStepRaw(pp, last as tf.Tensor2D, gen, keys, lastMask), c, keys, hk } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor2D; c: KV[]; keys?: tf.Tensor3D; hk?: tf.Tensor2D };
    cache = out.c;
    logits = out.logits;
    ptrKeys = out.keys ?? null;
    hkPrev = out.hk ?? null;
  }

  // Decode step s runs at sequence index t = P + s (s < N−1): its mask and positions depend on t
  // only, so they are built here once for the whole generation.
  const steps = N - 1, per = B * Tmax;
  const stepMasks = decodeMasks(keyMask, B, Tmax, P, steps);
  const stepPos = new Int32Array(steps * B);
  for (let s = 0; s < steps; s++) for (let b = 0; b < B; b++) stepPos[s * B + b] = Math.max(0, P + s - pads[b]);

  // q/k/v weight blocks, cut once for the whole generation.
  const qkv: QKV[] = tf.tidy(() => p.layers.map((l) => splitQKV(l, cfg.dModel)) as unknown as tf.TensorContainer) as unknown as QKV[];
  const completions: number[][] = prompts.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  let entSum = 0, entCount = 0;
  try {
    for (let s = 0; s < N; s++) {
      const raw = (await logits.data()) as Float32Array;
      logits.dispose();
      if (continuations) for (let b = 0; b < B; b++) blockContinuations(raw, b * (V + Tmax + 1) + V, Tmax, slotIds, b * Tmax, P - 1 + s, continuations);
      let lg = raw;
      // Pointer rows at the RL settings sample straight from the raw row (samplePointerRow); the
      // folded log p is written only when something reads it.
      const direct = folded !== null && o.temperature === 1 && o.topP >= 1;
      if (folded && (!direct || o.onLogits)) {
        for (let b = 0; b < B; b++) foldPointerRow(raw, b * (V + Tmax + 1), V, Tmax, slotIds, b * Tmax, folded, b * V, covered);
        lg = folded;
      }
      o.onLogits?.(s, lg);
      const next = new Int32Array(B).fill(PAD_ID);
      let blockChanged = false;
      for (let b = 0; b < B; b++) {
        if (done[b]) continue;
        const r = direct
          ? samplePointerRow(raw, b * (V + Tmax + 1), V, Tmax, slotIds, b * Tmax, o.random, covered)
          : sampleWithEntropy(lg, b * V, V, o.temperature, o.topP, o.random);
        entSum += r.entropy;
        entCount++;
        const tok = r.token;
        completions[b].push(tok);
        next[b] = tok;
        slotIds[b * Tmax + P + s] = tok;
        coverage?.wrote(b, P + s, slotIds);
        if (block) {
          const x = completionSlotBlock(tok, cfg);
          if (block[b * Tmax + P + s] !== x) {
            block[b * Tmax + P + s] = x;
            blockChanged = true;
          }
        }
        if (stopAtEos && tok === o.eosId) done[b] = true;
      }
      if (blockChanged && block) {
        copyBlockT?.dispose();
        copyBlockT = tf.tensor2d(block, [B, Tmax]);
      }
      o.onTokens?.(completions);
      if (s === N - 1 || done.every(Boolean)) break;
      const t = P + s; // sequence index of the token just sampled
      const prev = cache, prevKeys = ptrKeys, prevHk = hkPrev;
      const out: { logits: tf.Tensor2D; c: KV[]; keys?: tf.Tensor3D; hk?: tf.Tensor2D } = tf.tidy(() => {
        const mask = tf.tensor4d(stepMasks.subarray(s * per, (s + 1) * per), [B, 1, 1, Tmax]);
        const pos = tf.tensor1d(stepPos.subarray(s * B, (s + 1) * B), 'int32');
        const r = decodeStep(p, cfg, tf.tensor1d(next, 'int32'), pos, mask, prev, t, qkv);
        if (!pp || !prevKeys || !prevHk) return { logits: r.logits, c: r.cache } as unknown as tf.TensorContainer;
        // Slot t (the token just sampled) is keyed by position t−1; this step's output keys slot t+1.
        const keys = pointerWriteKey(pp, prevKeys, prevHk, tf.reshape(oneHotF(tf.tensor1d([t], 'int32'), Tmax), [1, 1, Tmax]) as tf.Tensor3D);
        const raw = pointerStepRaw(pp, r.hidden, r.logits, keys, withBlock(tf.reshape(mask, [B, Tmax]) as tf.Tensor2D));
        return { logits: raw, c: r.cache, keys, hk: r.lastLn1 } as unknown as tf.TensorContainer;
      }) as unknown as { logits: tf.Tensor2D; c: KV[]; keys?: tf.Tensor3D; hk?: tf.Tensor2D };
      prev.forEach((c) => { c.kT.dispose(); c.v.dispose(); });
      prevKeys?.dispose();
      prevHk?.dispose();
      cache = out.c;
      logits = out.logits;
      ptrKeys = out.keys ?? null;
      hkPrev = out.hk ?? null;
    }
  } finally {
    if (!logits.isDisposed) logits.dispose();
    if (ptrKeys && !ptrKeys.isDisposed) ptrKeys.dispose();
    if (hkPrev && !hkPrev.isDisposed) hkPrev.dispose();
    copyBlockT?.dispose();
    cache.forEach((c) => { c.kT.dispose(); c.v.dispose(); });
    qkv.forEach((s) => tf.dispose([s.wq, s.wk, s.wv, s.bq, s.bk, s.bv]));
  }
  return { completions, entropy: entCount ? entSum / entCount : 0 };
}

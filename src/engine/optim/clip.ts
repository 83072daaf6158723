/**
 * Global-norm gradient clipping (torch `clip_grad_norm_`, OpenRLHF max_norm 1.0) with a non-finite
 * check, so one bad step can be skipped instead of poisoning the weights.
 * Reads back one scalar with `await data()` (never dataSync: it breaks WebGPU).
 */
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNormWebGpu, webGpuClipApplies } from './webgpuClip';

export interface ClipResult {
  /** New tensors owned by the caller (also when no scaling was needed); [] when the norm is not finite. */
  grads: tf.Tensor[];
  /** Global L2 norm before clipping. */
  norm: number;
  /** False when any gradient holds NaN/Inf: skip the update. */
  finite: boolean;
}

/** The caller keeps ownership of `grads` (as with optim/Adam.apply) and must dispose them. */
export async function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): Promise<ClipResult> {
  if (grads.length === 0) return { grads: [], norm: 0, finite: true };
  if (webGpuClipApplies(grads)) return clipByGlobalNormWebGpu(grads, maxNorm); // same contract, fused kernels
  const normT = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g.toFloat()))))));
  const norm = (await normT.data())[0];
  normT.dispose();
  if (!Number.isFinite(norm)) return { grads: [], norm, finite: false };
  // Same coefficient as torch: max_norm / (norm + 1e-6), applied only when it shrinks.
  const coef = maxNorm / (norm + 1e-6);
  const out = coef < 1 ? grads.map((g) => tf.tidy(() => g.mul(coef))) : grads.map((g) => g.clone());
  return { grads: out, norm, finite: true };
}

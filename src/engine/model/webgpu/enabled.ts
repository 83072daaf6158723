/**
 * When generate() takes the fused WebGPU decode path (generateFused.ts): on the webgpu backend,
 * unless switched off (tests and the bench A/B it), and for top-p < 1 only up to TOPP_MAX_VOCAB
 * tokens (GPU top-p keeps a row's probabilities in workgroup memory). wasm and cpu never take it, nor
 * does a model with a pointer head (its kernels have no pointer; the tfjs-ops decode runs it on WebGPU).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedSwitch } from './runtime';
import type { ModelConfig } from '../types';
import { TOPP_MAX_VOCAB } from './sampler';

const fused = fusedSwitch();

/** Turn the fused WebGPU decode path on or off (default on); returns the previous setting. */
export function setFusedWebGpuDecode(on: boolean): boolean {
  return fused.set(on);
}

export function fusedDecodeApplies(cfg: ModelConfig, o: { temperature: number; topP: number }): boolean {
  if (!fused.on() || tf.getBackend() !== 'webgpu' || (cfg.copyHead ?? 0) > 0) return false;
  return o.temperature <= 0 || o.topP >= 1 || cfg.vocabSize <= TOPP_MAX_VOCAB;
}

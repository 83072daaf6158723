/**
 * When the model's training forward/backward takes the fused WebGPU path: ops.ts layerNorm, geluTanh
 * and pickLogSoftmax as our own forward and backward programs (layerNorm.ts, gelu.ts, logSoftmax.ts),
 * forward.ts forwardFull's attention as one packed q|k|v matMul plus attentionTrain.ts, and the
 * mm/linear backwards with matMul's transpose flags and a column-sum program. On the webgpu backend only,
 * unless switched off with setFusedWebGpuTrain(false) (tests and the bench A/B it) or
 * LAB_WEBGPU_TRAIN=0 in Node (the bench's counting child). wasm and cpu never take it.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedSwitch } from './runtime';

const fused = fusedSwitch('LAB_WEBGPU_TRAIN');

/** Turn the fused WebGPU training ops on or off (default on); returns the previous setting. */
export function setFusedWebGpuTrain(on: boolean): boolean {
  return fused.set(on);
}

/** True when ops.ts should take the fused programs for a float32 tensor: switched on, webgpu backend. */
export function fusedTrainApplies(x: tf.Tensor): boolean {
  return fused.on() && x.dtype === 'float32' && tf.getBackend() === 'webgpu';
}

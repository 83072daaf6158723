/// <reference lib="webworker" />
/**
 * Dedicated module worker: all tfjs work, the training loop and the checkpoint store live here.
 * The page talks to it only through comlink (see client.ts and protocol.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { createLab, readCheckpointSummary, restoreLab } from '../engine/lab';
import { EngineService } from './engine-service';
import { LocalLocks } from './local-locks';

/** The active WebGPU device's `lost` promise, as the reason text (null: WebGPU is not the backend). */
function deviceLost(): Promise<string> | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  return device ? device.lost.then((info) => info.message || info.reason || 'unknown reason') : null;
}

expose(new EngineService({ createLab, restoreLab, readCheckpointSummary, deviceLost }, { locks: self.navigator.locks ?? new LocalLocks() }));

/**
 * The probe's real work on the active tfjs backend: the preset's GPT (random weights from a fixed
 * seed), KV-cache generation at the preset's prompt length and RL batch, and one optimizer step
 * (forward, backward, global-norm clip, the engine's Adam) on a minibatch of the preset's shape —
 * the same code paths an RL iteration runs. Every read is `await data()` (WebGPU cannot dataSync),
 * and dispose() frees every tensor the runner made.
 */
import * as tf from '@tensorflow/tfjs';
import type { Preset } from '../config/presets';
import { packBatch } from '../model/batch';
import { GPT } from '../model/gpt';
import { mulberry32 } from '../model/rng';
import type { ModelConfig } from '../model/types';
import { Adam } from '../optim/adam';
import { clipByGlobalNorm } from '../optim/clip';
import { EOS_ID } from '../tokenizer/types';
import type { ProbeRunner, ProbeShape } from './probe';

export interface ProbeWork {
  /** Names the work in the cache key and the tooltip, e.g. "classroom, batch 32". */
  name: string;
  model: ModelConfig;
  /** Prompt length and completion length of the generating role (a typical defender game's shape). */
  promptLen: number;
  maxNew: number;
  /** Rows generated per call (the RL batch) and rows per optimizer step (batch / minibatches). */
  batch: number;
  trainRows: number;
  shape: ProbeShape;
}

/** The probe work for a preset at the run's RL batch and the checkpoint's vocabulary. */
export function probeWorkFor(preset: Preset, vocabSize: number, batch: number): ProbeWork {
  const M = preset.rl.minibatches;
  return {
    name: `${preset.name} (d${preset.model.dModel}×${preset.model.nLayers}, vocab ${vocabSize}), batch ${batch}`,
    model: { ...preset.model, vocabSize },
    promptLen: preset.typicalGame.defender.promptLen,
    maxNew: preset.typicalGame.defender.maxNew,
    batch,
    trainRows: Math.max(4, Math.floor(batch / M)),
    shape: {
      batch,
      generations: 2,
      tokensPerIteration: preset.typicalGame.attacker.maxNew + preset.typicalGame.defender.maxNew,
      trainStepsPerIteration: 2 * M,
    },
  };
}

/** Build the work on the active backend. The caller must dispose() it, also after a throw. */
export function makeProbeRunner(w: ProbeWork): ProbeRunner & { dispose(): void } {
  const rand = mulberry32(20250609);
  const V = w.model.vocabSize;
  const ids = (n: number) => Array.from({ length: n }, () => 2 + Math.floor(rand() * (V - 2))); // no pad, no eos
  const prompts = Array.from({ length: w.batch }, () => ids(w.promptLen));
  const train = packBatch(
    Array.from({ length: w.trainRows }, () => ids(w.promptLen)),
    Array.from({ length: w.trainRows }, () => ids(w.maxNew)),
    w.promptLen,
    w.promptLen + w.maxNew,
  );
  const model = new GPT(w.model, 1);
  let adam: Adam;
  try {
    adam = new Adam(model.variables);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return {
    async generate(newTokens: number) {
      await model.generate(prompts, { promptLen: w.promptLen, maxNew: newTokens, temperature: 1, topP: 1, random: rand, eosId: EOS_ID, stopAtEos: false });
    },
    async trainStep() {
      const { value, grads } = tf.variableGrads(() => model.sftLoss(train), model.variables);
      const list = model.variables.map((v) => grads[v.name]);
      value.dispose();
      const clip = await clipByGlobalNorm(list, 1.0);
      tf.dispose(list);
      adam.apply(clip.grads, 1e-4);
      tf.dispose(clip.grads);
      // Wait for the queued update to finish (WebGPU runs ahead): read one element of the last weight.
      const last = model.variables[model.variables.length - 1];
      const probe = tf.tidy(() => tf.slice(tf.reshape(last, [-1]), 0, 1));
      await probe.data();
      probe.dispose();
    },
    dispose() {
      adam.dispose();
      model.dispose();
    },
  };
}

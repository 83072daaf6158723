import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GPT } from '../model/gpt';
import { packBatch } from '../model/batch';
import { Adam } from '../optim/adam';
import { LabError } from '../errors';
import { sftStep } from './warmstart';

const cfg = { vocabSize: 19, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16, maxLen: 12 };
// Rows with different completion lengths, so a mean of micro-batch means would weight tokens wrongly.
const att = packBatch([[3, 4], [5], [6, 7, 8], [9]], [[10, 1], [11, 12, 13, 14, 1], [1], [13, 1]], 4, 10);
const def = packBatch([[2, 5, 6], [7], [8, 9], [4, 4]], [[15, 16, 17, 1], [1], [18, 1], [12, 11, 10, 1]], 3, 8);

async function flatWeights(m: GPT): Promise<Float64Array> {
  const ws = await m.getWeights();
  return Float64Array.from(ws.flatMap((w) => Array.from(w.data)));
}

const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
const diff = (a: Float64Array, b: Float64Array) => a.map((x, i) => x - b[i]);

/** One SFT step from seed 7 weights; returns the loss, the weights after and the update. */
async function oneStep(microBatch?: number, defBatch = def) {
  const model = new GPT(cfg, 7);
  const adam = new Adam(model.variables);
  const w0 = await flatWeights(model);
  const before = tf.memory().numTensors;
  const loss = await sftStep(model, adam, att, defBatch, 1e-2, microBatch);
  const leaked = tf.memory().numTensors - before;
  const w1 = await flatWeights(model);
  model.dispose();
  adam.dispose();
  return { loss, w1, update: diff(w1, w0), leaked };
}

describe('SFT micro-batching (gradient accumulation)', () => {
  it('gives the full-batch loss and weights with micro-batches of 1, 2 and 4 rows, leaking nothing', async () => {
    await tf.setBackend('cpu');
    const full = await oneStep();
    expect(full.leaked).toBe(0);
    for (const mb of [1, 2, 4]) {
      const r = await oneStep(mb);
      expect(r.leaked).toBe(0);
      expect(Math.abs(r.loss - full.loss) / full.loss).toBeLessThan(1e-5);
      expect(norm(diff(r.w1, full.w1)) / norm(full.w1)).toBeLessThan(1e-5);
      // Sharper than the weights: the update itself (lr 1e-2) matches to 1e-3 of its size.
      expect(norm(diff(r.update, full.update)) / norm(full.update)).toBeLessThan(1e-3);
    }
  });

  it('weighs targets by their mask value (hazard-term weights) the same with and without micro-batches', async () => {
    await tf.setBackend('cpu');
    const mask = def.targetMask.slice();
    for (const i of [def.T - 1 + def.P - 1, 3 * (def.T - 1) + def.P + 1]) {
      expect(mask[i]).toBe(1); // row 1's only target, and row 3's third
      mask[i] = 4;
    }
    const weighted = { ...def, targetMask: mask };
    const full = await oneStep(undefined, weighted);
    expect(Math.abs(full.loss - (await oneStep()).loss)).toBeGreaterThan(1e-6);
    for (const mb of [1, 2]) {
      const r = await oneStep(mb, weighted);
      expect(r.leaked).toBe(0);
      expect(Math.abs(r.loss - full.loss) / full.loss).toBeLessThan(1e-5);
      expect(norm(diff(r.update, full.update)) / norm(full.update)).toBeLessThan(1e-3);
    }
  });

  it('keeps numTensors flat across repeated micro-batched steps', async () => {
    await tf.setBackend('cpu');
    const model = new GPT(cfg, 3);
    const adam = new Adam(model.variables);
    await sftStep(model, adam, att, def, 1e-3, 2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await sftStep(model, adam, att, def, 1e-3, 2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    adam.dispose();
  });

  it('rejects a micro-batch size that is not a positive integer', async () => {
    await tf.setBackend('cpu');
    const model = new GPT(cfg, 3);
    const adam = new Adam(model.variables);
    for (const bad of [0, -1, 1.5]) await expect(sftStep(model, adam, att, def, 1e-3, bad)).rejects.toThrow(LabError);
    model.dispose();
    adam.dispose();
  });
});

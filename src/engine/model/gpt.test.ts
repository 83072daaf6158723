import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GPT } from './gpt';
import { packBatch } from './batch';
import { countParams } from './params';
import { mulberry32, normalArray } from './rng';
import { perturbWeights } from './weightNoise';
import type { ModelConfig } from './types';

const tiny: ModelConfig = { vocabSize: 13, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16, maxLen: 8 };

/** Larger random weights than the 0.02 init, so every nonlinearity is exercised. */
async function randomize(m: GPT, std: number, seed: number): Promise<void> {
  await perturbWeights(m, std, mulberry32(seed));
}

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('GPT (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('has stable names and the documented parameter count', () => {
    const m = new GPT(tiny, 1);
    expect(m.names.slice(0, 4)).toEqual(['tok_emb', 'pos_emb', 'h0.ln1.g', 'h0.ln1.b']);
    expect(m.names.at(-1)).toBe('lm_head');
    expect(m.paramCount()).toBe(countParams(tiny));
    expect(m.variables.length).toBe(m.names.length);
    m.dispose();
  });

  it('initializes deterministically from the seed', async () => {
    const a = new GPT(tiny, 5), b = new GPT(tiny, 5), c = new GPT(tiny, 6);
    const [wa, wb, wc] = await Promise.all([a.getWeights(), b.getWeights(), c.getWeights()]);
    expect(wa[0].data).toEqual(wb[0].data);
    expect(wa[0].data).not.toEqual(wc[0].data);
    const lnG = wa.find((w) => w.name === 'h0.ln1.g')!;
    expect(Array.from(lnG.data).every((x) => x === 1)).toBe(true);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('gradients match finite differences (float32)', async () => {
    const m = new GPT(tiny, 3);
    await randomize(m, 0.3, 11);
    const batch = packBatch([[2, 5, 7], [4]], [[8, 9, 1], [3, 3, 6, 1]], 3, 6);
    const w = tf.tensor2d(normalArray(2 * 5, 1, mulberry32(99)), [2, 5]);
    const lossFn = () => tf.sum(tf.mul(m.tokenLogProbs(batch), w)) as tf.Scalar;
    const { grads } = tf.variableGrads(lossFn, m.variables);
    const eps = 1e-2;
    let worst = 0, checked = 0;
    for (let i = 0; i < m.variables.length; i++) {
      const v = m.variables[i];
      const g = (await grads[v.name].data()) as Float32Array;
      const gNorm = Math.hypot(...g);
      if (gNorm < 1e-6) continue; // e.g. pos_emb rows never used
      // Directional derivative along the analytic gradient: FD must give |g|.
      const dir = tf.tensor(g.map((x) => x / gNorm), v.shape);
      const orig = tf.clone(v);
      v.assign(tf.tidy(() => tf.add(orig, tf.mul(dir, eps))));
      const lp = await scalar(tf.tidy(lossFn));
      v.assign(tf.tidy(() => tf.sub(orig, tf.mul(dir, eps))));
      const lm = await scalar(tf.tidy(lossFn));
      v.assign(orig);
      orig.dispose();
      dir.dispose();
      const fd = (lp - lm) / (2 * eps);
      const rel = Math.abs(fd - gNorm) / Math.max(gNorm, 1e-2);
      worst = Math.max(worst, rel);
      checked++;
      expect(rel, `${m.names[i]}: fd ${fd} vs analytic ${gNorm}`).toBeLessThan(3e-2);
    }
    expect(worst).toBeLessThan(3e-2);
    expect(checked).toBe(m.variables.length); // every parameter gets a gradient here
    Object.values(grads).forEach((g) => g.dispose());
    w.dispose();
    m.dispose();
  });

  it('SFT loss falls on a repeating sequence, with a constant tensor count', async () => {
    const cfg: ModelConfig = { vocabSize: 20, dModel: 32, nLayers: 2, nHeads: 4, dFF: 64, maxLen: 24 };
    const m = new GPT(cfg, 7);
    const pattern = [5, 6, 7, 8];
    const comp = Array.from({ length: 18 }, (_, i) => pattern[i % 4]);
    const batch = packBatch([[2, 3], [2], [3, 2, 4]], [comp, comp.slice(1), comp.slice(2)], 4, 22);
    const opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-7);
    const losses: number[] = [];
    const counts: number[] = [];
    for (let s = 0; s < 30; s++) {
      const cost = opt.minimize(() => m.sftLoss(batch), true, m.variables)!;
      losses.push(await scalar(cost));
      counts.push(tf.memory().numTensors);
    }
    expect(losses[0]).toBeGreaterThan(2.5); // ≈ ln 20 at init
    expect(losses[29]).toBeLessThan(0.5 * losses[0]);
    // Adam creates its slots at step 1; after that every step must leave the count unchanged.
    expect(new Set(counts.slice(0, 20)).size).toBe(1);
    opt.dispose();
    m.dispose();
  });

  it('setWeights(getWeights()) reproduces logits exactly, and rejects bad lists', async () => {
    const a = new GPT(tiny, 1);
    await randomize(a, 0.2, 3);
    const b = new GPT(tiny, 2);
    b.setWeights(await a.getWeights());
    const batch = packBatch([[1, 2], [3]], [[4, 5], [6]], 2, 5);
    const la = await values(a.logits(batch));
    const lb = await values(b.logits(batch));
    expect(lb).toEqual(la);
    const ws = await a.getWeights();
    expect(() => b.setWeights(ws.slice(1))).toThrow(/missing parameter "tok_emb"/);
    const bad = ws.map((w) => (w.name === 'lm_head' ? { ...w, shape: [13, 8] } : w));
    expect(() => b.setWeights(bad)).toThrow(/"lm_head" has shape \[13,8\].*expected \[8,13\]/);
    a.dispose();
    b.dispose();
  });

  it('clone() is a frozen, independent copy', async () => {
    const m = new GPT(tiny, 4);
    const ref = m.clone();
    expect(ref.variables.every((v) => !v.trainable)).toBe(true);
    const batch = packBatch([[1, 2]], [[3, 4]], 2, 4);
    const before = await values(ref.logits(batch));
    expect(await values(m.logits(batch))).toEqual(before);
    const opt = tf.train.sgd(0.5);
    opt.minimize(() => m.sftLoss(batch), false, m.variables);
    expect(await values(ref.logits(batch))).toEqual(before);
    expect(await values(m.logits(batch))).not.toEqual(before);
    opt.dispose();
    ref.dispose();
    m.dispose();
  });

  it('logits at real positions do not depend on the amount of left padding', async () => {
    const m = new GPT(tiny, 8);
    await randomize(m, 0.3, 5);
    const prompt = [3, 4, 5], comp = [6, 7];
    const V = tiny.vocabSize;
    const b1 = packBatch([prompt], [comp], 3, 5); // no pads
    const b2 = packBatch([prompt, [9]], [comp, [1]], 6, 8); // 3 pads in row 0
    const l1 = await values(m.logits(b1));
    const l2 = await values(m.logits(b2));
    let maxDiff = 0;
    for (let i = 0; i < 5; i++)
      for (let v = 0; v < V; v++) maxDiff = Math.max(maxDiff, Math.abs(l1[i * V + v] - l2[(i + 3) * V + v]));
    expect(maxDiff).toBeLessThan(1e-5);
    const lp1 = await values(m.tokenLogProbs(b1));
    const lp2 = await values(m.tokenLogProbs(b2));
    for (let t = 2; t < 4; t++) expect(Math.abs(lp1[t] - lp2[t + 3])).toBeLessThan(1e-5);
    m.dispose();
  });

  it('tokenLogProbs agrees with logSoftmax of logits', async () => {
    const m = new GPT(tiny, 9);
    await randomize(m, 0.3, 6);
    const batch = packBatch([[2, 3]], [[4, 5, 6]], 2, 5);
    const lg = await values(tf.tidy(() => tf.logSoftmax(m.logits(batch))));
    const lp = await values(m.tokenLogProbs(batch));
    const V = tiny.vocabSize;
    for (let t = 0; t < 4; t++) expect(lp[t]).toBeCloseTo(lg[t * V + batch.ids[t + 1]], 5);
    m.dispose();
  });
});

describe('GPT across backends', () => {
  it('tokenLogProbs(b, fromT) matches the full version on the kept columns', async () => {
    await selectBackend('wasm');
    const m = new GPT(tiny, 10);
    await randomize(m, 0.3, 7);
    const batch = packBatch([[2, 3, 4], [5]], [[6, 7, 1], [8, 1]], 3, 7);
    const full = await values(m.tokenLogProbs(batch));
    const part = await values(m.tokenLogProbs(batch, batch.P - 1));
    for (let r = 0; r < 2; r++)
      for (let t = 0; t < 6; t++) {
        const i = r * 6 + t;
        if (t < 2) expect(part[i]).toBe(0);
        else expect(part[i]).toBeCloseTo(full[i], 5);
      }
    m.dispose();
  });

  it('cpu and wasm give the same logits and greedy completions', async () => {
    await selectBackend('wasm');
    const m = new GPT(tiny, 12);
    await randomize(m, 0.3, 8);
    const batch = packBatch([[2, 3], [4]], [[5, 6, 7], [8]], 2, 6);
    const opts = { promptLen: 2, maxNew: 5, temperature: 0, topP: 1, random: Math.random, eosId: 1 };
    const lw = await values(m.logits(batch));
    const gw = await m.generate([[2, 3], [4]], opts);
    await selectBackend('cpu');
    const lc = await values(m.logits(batch));
    const gc = await m.generate([[2, 3], [4]], opts);
    let maxDiff = 0;
    for (let i = 0; i < lw.length; i++) maxDiff = Math.max(maxDiff, Math.abs(lw[i] - lc[i]));
    expect(maxDiff).toBeLessThan(1e-4);
    expect(gc.completions).toEqual(gw.completions);
    await selectBackend('wasm');
    m.dispose();
  });
});

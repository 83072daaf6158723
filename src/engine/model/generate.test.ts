import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GPT } from './gpt';
import { packBatch } from './batch';
import { mulberry32 } from './rng';
import { perturbWeights } from './weightNoise';
import type { ModelConfig } from './types';

const cfg: ModelConfig = { vocabSize: 17, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, maxLen: 16 };

function randomModel(seed: number): Promise<GPT> {
  return perturbWeights(new GPT(cfg, seed), 0.3, mulberry32(seed + 100));
}

const prompts = [[2, 3, 4, 5], [6], [7, 8]];
const P = 5;

describe('GPT.generate (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('KV-cache step logits equal full-forward logits', async () => {
    const m = await randomModel(1);
    const N = 7, B = prompts.length, V = cfg.vocabSize;
    const stepLogits: Float32Array[] = [];
    const res = await m.generate(prompts, {
      promptLen: P, maxNew: N, temperature: 1, topP: 1, random: mulberry32(5), eosId: 1, stopAtEos: false,
      onLogits: (_s, l) => stepLogits.push(l.slice()),
    });
    expect(res.completions.every((c) => c.length === N)).toBe(true);
    const full = m.logits(packBatch(prompts, res.completions, P, P + N));
    const fl = (await full.data()) as Float32Array;
    full.dispose();
    const T = P + N;
    let maxDiff = 0;
    for (let s = 0; s < N; s++)
      for (let b = 0; b < B; b++)
        for (let v = 0; v < V; v++)
          maxDiff = Math.max(maxDiff, Math.abs(stepLogits[s][b * V + v] - fl[(b * T + P - 1 + s) * V + v]));
    expect(maxDiff).toBeLessThan(1e-4);
    m.dispose();
  });

  it('is deterministic for a seed, leaks no tensors, and greedy is repeatable', async () => {
    const m = await randomModel(2);
    const opts = { promptLen: P, maxNew: 6, temperature: 1, topP: 0.9, eosId: 1 };
    const before = tf.memory().numTensors;
    const a = await m.generate(prompts, { ...opts, random: mulberry32(9) });
    expect(tf.memory().numTensors).toBe(before);
    const b = await m.generate(prompts, { ...opts, random: mulberry32(9) });
    expect(b.completions).toEqual(a.completions);
    expect(a.entropy).toBeGreaterThan(0);
    expect(a.entropy).toBeLessThanOrEqual(Math.log(cfg.vocabSize) + 1e-6);
    const seen: number[] = [];
    const g1 = await m.generate(prompts, { ...opts, temperature: 0, random: Math.random, onTokens: (r) => seen.push(r[0].length) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].slice(0, seen.length));
    expect(seen.length).toBeGreaterThan(0);
    const g2 = await m.generate(prompts, { ...opts, temperature: 0, random: Math.random });
    expect(g2.completions).toEqual(g1.completions);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('stops a row after (and including) eos', async () => {
    const m = await randomModel(3);
    const base = { promptLen: P, maxNew: 6, temperature: 0, topP: 1, random: Math.random };
    const free = await m.generate(prompts, { ...base, eosId: -1 });
    const eos = free.completions[0][1]; // make row 0's second greedy token the "eos"
    const res = await m.generate(prompts, { ...base, eosId: eos });
    expect(res.completions[0]).toEqual(free.completions[0].slice(0, 2));
    res.completions.forEach((c, b) => {
      const k = free.completions[b].indexOf(eos);
      expect(c).toEqual(k < 0 ? free.completions[b] : free.completions[b].slice(0, k + 1));
    });
    m.dispose();
  });

  it('validates lengths', async () => {
    const m = new GPT(cfg, 4);
    const o = { temperature: 0, topP: 1, random: Math.random, eosId: 1 };
    await expect(m.generate([[1, 2, 3]], { ...o, promptLen: 2, maxNew: 2 })).rejects.toThrow(/more than the prompt length/);
    await expect(m.generate([[1]], { ...o, promptLen: 10, maxNew: 10 })).rejects.toThrow(/exceeds maxLen/);
    m.dispose();
  });
});

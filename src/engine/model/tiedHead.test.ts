import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GPT } from './gpt';
import { packBatch } from './batch';
import { countParams } from './params';
import { modelConfigProblem, parameterCount } from './limits';
import { mulberry32 } from './rng';
import { addWeightNoise } from './weightNoise';
import type { ModelConfig } from './types';

const untied: ModelConfig = { vocabSize: 13, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16, maxLen: 8 };
const tied: ModelConfig = { ...untied, tiedHead: true };

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('GPT with a tied head (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('has no lm_head parameter and d·V fewer parameters; the limits count the same', () => {
    const m = new GPT(tied, 1);
    expect(m.names).not.toContain('lm_head');
    expect(m.paramCount()).toBe(countParams(untied) - untied.dModel * untied.vocabSize);
    expect(parameterCount(tied)).toBe(countParams(tied));
    m.dispose();
  });

  it('computes logits and greedy completions exactly as an untied model whose lm_head is tok_embᵀ', async () => {
    const a = new GPT(tied, 2);
    const ws = await a.getWeights();
    addWeightNoise(ws, 0.3, mulberry32(4));
    a.setWeights(ws);
    const emb = ws.find((w) => w.name === 'tok_emb')!;
    const { vocabSize: V, dModel: d } = untied;
    const head = new Float32Array(d * V);
    for (let v = 0; v < V; v++) for (let j = 0; j < d; j++) head[j * V + v] = emb.data[v * d + j];
    const b = new GPT(untied, 9);
    b.setWeights([...ws, { name: 'lm_head', shape: [d, V], data: head }]);
    const batch = packBatch([[2, 5, 7], [4]], [[8, 9], [3, 6]], 3, 5);
    expect(Array.from(await values(a.logits(batch)))).toEqual(Array.from(await values(b.logits(batch))));
    const before = tf.memory().numTensors;
    const opts = { promptLen: 3, maxNew: 4, temperature: 0, topP: 1, random: mulberry32(1), eosId: 1, stopAtEos: false };
    const ga = await a.generate([[2, 5, 7], [4, 6]], opts);
    const gb = await b.generate([[2, 5, 7], [4, 6]], opts);
    expect(ga.completions).toEqual(gb.completions);
    expect(tf.memory().numTensors).toBe(before); // the per-generation tok_embᵀ is disposed
    a.dispose();
    b.dispose();
  });

  it('the loss reaches tok_emb through the head: a token that is only ever a target gets an embedding gradient', async () => {
    const m = new GPT(tied, 3);
    // Token 11 never appears as an input, only as the last target: its tok_emb row can only learn
    // through the tied head. (Untied, that row's gradient is zero.)
    const batch = packBatch([[2, 3]], [[4, 11]], 2, 4);
    const { grads, value } = tf.variableGrads(() => m.sftLoss(batch), m.variables);
    const g = await values(grads[m.variables[m.names.indexOf('tok_emb')].name]);
    const row = Array.from(g.slice(11 * tied.dModel, 12 * tied.dModel));
    expect(Math.hypot(...row)).toBeGreaterThan(1e-4);
    Object.values(grads).forEach((t) => t.dispose());
    value.dispose();
    m.dispose();
  });

  it('SFT loss falls with a flat tensor count', async () => {
    const cfg: ModelConfig = { vocabSize: 20, dModel: 32, nLayers: 2, nHeads: 4, dFF: 64, maxLen: 24, tiedHead: true };
    const m = new GPT(cfg, 7);
    const comp = Array.from({ length: 18 }, (_, i) => [5, 6, 7, 8][i % 4]);
    const batch = packBatch([[2, 3], [2]], [comp, comp.slice(1)], 4, 22);
    const opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-7);
    const losses: number[] = [];
    const counts: number[] = [];
    for (let s = 0; s < 30; s++) {
      const cost = opt.minimize(() => m.sftLoss(batch), true, m.variables)!;
      losses.push((await values(cost))[0]);
      counts.push(tf.memory().numTensors);
    }
    expect(losses[29]).toBeLessThan(0.5 * losses[0]);
    expect(new Set(counts.slice(1)).size).toBe(1);
    opt.dispose();
    m.dispose();
  });

  it('a config whose tiedHead is not a boolean is refused before allocation', () => {
    expect(modelConfigProblem({ ...untied, tiedHead: 'yes' })).toMatch(/tiedHead must be true or false/);
    expect(modelConfigProblem(tied)).toBeNull();
    expect(modelConfigProblem(untied)).toBeNull();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { RewardLM, defaultRewardLMConfig, padIds, type RewardLMConfig } from './rewardLM';
import { accuracyPerHead, trainRewardLM, type RewardLMExample } from './rewardLMTrain';
import { mulberry32 } from '../model/rng';
import type { Labels } from './types';

/**
 * Synthetic judge task over a 40-token vocab (ids 0..9 reserved like the real specials):
 *   Q:   'na' if the prompt holds 20, else 'harmful' if it holds 21, else 'benign'
 *   Ref: 'na' if the response holds 30, else 'refusal' if it holds 31, else 'compliance'
 *   H:   'na' if the response holds 32, else 'harmful' if it holds 33 AND the prompt holds 21
 *        (an interaction between the two texts), else 'harmless'
 */
const V = 40;
const FILLER = Array.from({ length: V - 10 }, (_, i) => i + 10).filter((t) => ![20, 21, 30, 31, 32, 33].includes(t));

function synth(n: number, seed: number): RewardLMExample[] {
  const r = mulberry32(seed);
  const seq = (len: number, triggers: number[]) => {
    const s = Array.from({ length: len }, () => FILLER[Math.floor(r() * FILLER.length)]);
    for (const t of triggers) s[Math.floor(r() * len)] = t;
    return s;
  };
  return Array.from({ length: n }, () => {
    const pT = [...(r() < 0.15 ? [20] : []), ...(r() < 0.5 ? [21] : [])];
    const rT = [...(r() < 0.15 ? [30] : []), ...(r() < 0.4 ? [31] : []), ...(r() < 0.15 ? [32] : []), ...(r() < 0.5 ? [33] : [])];
    const promptIds = seq(4 + Math.floor(r() * 8), pT);
    const responseIds = seq(3 + Math.floor(r() * 6), rT);
    const has = (s: number[], t: number) => s.includes(t);
    const labels: Labels = {
      q: has(promptIds, 20) ? 'na' : has(promptIds, 21) ? 'harmful' : 'benign',
      ref: has(responseIds, 30) ? 'na' : has(responseIds, 31) ? 'refusal' : 'compliance',
      h: has(responseIds, 32) ? 'na' : has(responseIds, 33) && has(promptIds, 21) ? 'harmful' : 'harmless',
    };
    return { promptIds, responseIds, labels };
  });
}

const cfg: RewardLMConfig = { ...defaultRewardLMConfig(V, 12, 8), dEmb: 16, dHidden: 32, dHead: 32, inferBatch: 32 };

async function trainAndCheck(steps: number) {
  const train = synth(2000, 1);
  const test = synth(400, 2);
  const model = new RewardLM(cfg, 7);
  const counts: number[] = [];
  const rand = mulberry32(3);
  const loss = await trainRewardLM(model, train, {
    steps,
    batch: 32,
    lr: 5e-3,
    random: rand,
    onProgress: () => counts.push(tf.memory().numTensors),
  });
  const acc = await accuracyPerHead(model, test);
  model.dispose();
  return { loss, acc, counts };
}

afterEach(() => tf.disposeVariables());

describe('RewardLM basics (cpu)', () => {
  it('pads, truncates and rejects out-of-vocab ids', () => {
    expect(Array.from(padIds([[5, 6, 7], [8]], 2, 10, 3))).toEqual([5, 6, 8, 0, 0, 0]);
    expect(() => padIds([[10]], 2, 10)).toThrow();
  });

  it('is deterministic from the seed, round-trips weights, leaks nothing', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const a = new RewardLM(cfg, 42);
    const b = new RewardLM(cfg, 42);
    const c = new RewardLM(cfg, 43);
    const P = [[11, 12, 13], [], [21, 22, 23, 24, 25, 26, 27, 28, 29, 11, 12, 13, 14, 15]]; // empty and over-long prompts
    const R = [[14], [15, 16], []];
    const pa = await a.predict(P, R);
    const pb = await b.predict(P, R);
    const pc = await c.predict(P, R);
    expect(pa).toEqual(pb);
    expect(pa.probs).not.toEqual(pc.probs);
    expect(pa.labels).toHaveLength(3);
    for (const p of pa.probs) for (const head of [p.q, p.ref, p.h]) expect(head.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    // embeddings: one per prompt, 2·dHidden wide, padding-invariant (batch content does not leak across rows)
    const e = await a.embed(P);
    expect(e.map((x) => x.length)).toEqual([64, 64, 64]);
    expect(Array.from((await a.embed([P[0]]))[0])).toEqual(Array.from(e[0]));
    // weights round-trip
    c.setWeights(await a.getWeights());
    expect(await c.predict(P, R)).toEqual(pa);
    expect(() => c.setWeights([])).toThrow(/missing/);
    for (const m of [a, b, c]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns the synthetic task to > 95% per head on cpu, tensor count flat', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const { loss, acc, counts } = await trainAndCheck(150);
    console.log('cpu', { loss, acc });
    expect(acc.q).toBeGreaterThan(0.95);
    expect(acc.ref).toBeGreaterThan(0.95);
    expect(acc.h).toBeGreaterThan(0.95);
    expect(new Set(counts.slice(2)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Gradients of a fixed loss w.r.t. every weight, on the current backend. */
async function gradsOn(backend: string): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const m = new RewardLM(cfg, 9);
  const [pt, rt] = m.inputs([[11, 12, 13, 21], [22, 15]], [[14, 33], [15]]);
  const { value, grads } = tf.variableGrads(() => {
    const lg = m.logits(pt, rt);
    return tf.addN([tf.sum(tf.square(lg.q)), tf.sum(tf.square(lg.ref)), tf.sum(tf.square(lg.h))]) as tf.Scalar;
  }, m.variables);
  const out: Float32Array[] = [];
  for (const v of m.variables) out.push((await grads[v.name].data()) as Float32Array);
  tf.dispose([value, pt, rt, ...Object.values(grads)]);
  m.dispose();
  return out;
}

describe('RewardLM on wasm', () => {
  it('has the same gradients as cpu (embedding included)', async () => {
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    cpu.forEach((g, k) => {
      const scale = Math.max(1e-3, ...Array.from(g, Math.abs));
      g.forEach((x, j) => expect(Math.abs(x - wasm[k][j]) / scale).toBeLessThan(1e-4));
    });
    expect(Math.max(...Array.from(cpu[0], Math.abs))).toBeGreaterThan(0); // emb gradient is live
  });

  it('gives the cpu forward pass and trains', async () => {
    await tf.setBackend('cpu');
    const P = [[11, 12, 13, 21], [22]];
    const R = [[14, 33], [15, 16]];
    const m1 = new RewardLM(cfg, 5);
    const cpu = await m1.predict(P, R);
    m1.dispose();
    await tf.setBackend('wasm');
    const m2 = new RewardLM(cfg, 5);
    const wasm = await m2.predict(P, R);
    m2.dispose();
    expect(wasm.labels).toEqual(cpu.labels);
    wasm.probs.forEach((p, i) => p.q.concat(p.ref, p.h).forEach((x, k) => expect(x).toBeCloseTo(cpu.probs[i].q.concat(cpu.probs[i].ref, cpu.probs[i].h)[k], 5)));

    const before = tf.memory().numTensors;
    const { loss, acc, counts } = await trainAndCheck(150);
    console.log('wasm', { loss, acc });
    expect(acc.q).toBeGreaterThan(0.95);
    expect(acc.ref).toBeGreaterThan(0.95);
    expect(acc.h).toBeGreaterThan(0.95);
    expect(new Set(counts.slice(2)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

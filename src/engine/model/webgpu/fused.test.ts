/**
 * The fused WebGPU decode path (generateFused.ts) against the cpu backend, on Dawn + SwiftShader in
 * Node (gated like backend/webgpu-node.test.ts; run by `npm run test:webgpu-node`). Tiny shapes:
 * SwiftShader is slow. Prompts of different lengths (left padding), 2 layers, and more new tokens
 * than one chunk (16), so the chunked readback and the eos bookkeeping across a chunk are covered.
 */
import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../backend/select';
import { GPT } from '../gpt';
import { packBatch } from '../batch';
import { mulberry32 } from '../rng';
import type { GenerateOptions, GenerateResult } from '../generate';
import type { NamedTensor } from '../paramTable';
import { setFusedWebGpuDecode } from './enabled';
import { GpuCounter } from '../../../../bench/lib/gpuCounts';

const enabled = process.env.LAB_TEST_WEBGPU === '1';

const cfg = { vocabSize: 29, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, maxLen: 28 };
const prompts = [[2, 3, 4, 5], [6, 7], [8], [9, 10, 11]];
const P = 4, N = 22;

interface Case { name: string; o: Omit<GenerateOptions, 'random'>; seed: number }
const base = { promptLen: P, maxNew: N, eosId: 1 };
// Sampling cases; eos cases get their eos token from the cpu run (a token some row samples early).
const cases: Case[] = [
  { name: 'greedy', o: { ...base, temperature: 0, topP: 1, stopAtEos: false }, seed: 0 },
  { name: 'T=1', o: { ...base, temperature: 1, topP: 1, stopAtEos: false }, seed: 7 },
  { name: 'T=0.7 top-p 0.8', o: { ...base, temperature: 0.7, topP: 0.8, stopAtEos: false }, seed: 8 },
  { name: 'T=1.3 top-p 0.5', o: { ...base, temperature: 1.3, topP: 0.5, stopAtEos: false }, seed: 9 },
];

interface Run { res: GenerateResult; logits: Float32Array[]; nextRandom: number }

async function runCase(m: GPT, o: Omit<GenerateOptions, 'random'>, seed: number): Promise<Run> {
  const random = mulberry32(seed);
  const logits: Float32Array[] = [];
  const res = await m.generate(prompts, { ...o, random, onLogits: (_s, l) => logits.push(l.slice()) });
  return { res, logits, nextRandom: random() };
}

async function runPlain(m: GPT, o: Omit<GenerateOptions, 'random'>, seed: number): Promise<GenerateResult> {
  return m.generate(prompts, { ...o, random: mulberry32(seed) });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe.skipIf(!enabled)('fused WebGPU decode (Dawn + SwiftShader)', () => {
  it('matches the cpu backend: logits, greedy and seeded sampling, eos inside a chunk; no leaks; few GPU calls', async () => {
    // ---- reference on cpu ----
    await tf.setBackend('cpu');
    const ref = new GPT(cfg, 11);
    const want = new Map<string, Run>();
    for (const c of cases) want.set(c.name, await runCase(ref, c.o, c.seed));
    // eos cases: stop on a token row 0 samples at step 3 (so rows stop inside the first chunk and after)
    const eosGreedy = want.get('greedy')!.res.completions[0][3];
    const eosT1 = want.get('T=1')!.res.completions[1][5];
    const eosCases: Case[] = [
      { name: 'greedy eos', o: { ...base, temperature: 0, topP: 1, eosId: eosGreedy, stopAtEos: true }, seed: 0 },
      { name: 'T=1 eos', o: { ...base, temperature: 1, topP: 1, eosId: eosT1, stopAtEos: true }, seed: 7 },
      { name: 'T=0.7 top-p 0.8 eos', o: { ...base, temperature: 0.7, topP: 0.8, eosId: eosT1, stopAtEos: true }, seed: 8 },
    ];
    for (const c of eosCases) want.set(c.name, await runCase(ref, c.o, c.seed));
    const ws: NamedTensor[] = await ref.getWeights();
    ref.dispose();
    // some row stopped before the end, and some row ran past the first chunk
    const eosRun = want.get('T=1 eos')!.res.completions;
    expect(eosRun.some((r) => r.length < N)).toBe(true);

    // ---- WebGPU (counted) ----
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const counter = new GpuCounter();
    const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(create([]) as unknown as GPU) });
    expect(info.backend).toBe('webgpu');
    const m = new GPT(cfg, 0);
    m.setWeights(ws);

    for (const c of [...cases, ...eosCases]) {
      const w = want.get(c.name)!;
      const got = await runCase(m, c.o, c.seed);
      expect(got.res.completions, c.name).toEqual(w.res.completions);
      expect(Math.abs(got.res.entropy - w.res.entropy), c.name).toBeLessThan(1e-4);
      expect(got.logits.length, c.name).toBe(w.logits.length);
      for (let s = 0; s < w.logits.length; s++) expect(maxDiff(got.logits[s], w.logits[s]), `${c.name} step ${s}`).toBeLessThan(1e-4);
      // Without early stop the caller's generator ends exactly where generate.ts leaves it.
      if (!c.o.stopAtEos) expect(got.nextRandom, c.name).toBe(w.nextRandom);
      // Without onLogits (no per-step readback) the result is the same.
      const plain = await runPlain(m, c.o, c.seed);
      expect(plain.completions, c.name).toEqual(w.res.completions);
    }

    // No tensor leaks over repeated calls.
    const o = cases[1].o;
    await runPlain(m, o, 1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await runPlain(m, o, i);
    expect(tf.memory().numTensors).toBe(before);

    // GPU calls per generated token (C(N) − C(1)) / (N − 1), as the bench counts them: the fused
    // step is 2 + 5·L dispatches + 1 sampling dispatch, and nothing is uploaded or read per token
    // except the chunk's random numbers and record (1 each per 16 tokens).
    const one = await counter.measure(() => runPlain(m, { ...o, maxNew: 1 }, 3));
    const full = await counter.measure(() => runPlain(m, o, 3));
    const per = (k: 'dispatches' | 'submits' | 'uploads' | 'readbacks') => (full[k] - one[k]) / (N - 1);
    expect(per('dispatches')).toBeLessThanOrEqual(3 + 5 * cfg.nLayers);
    expect(per('submits')).toBeLessThanOrEqual(2);
    expect(per('uploads')).toBeLessThanOrEqual(2 / 16);
    expect(per('readbacks')).toBeLessThanOrEqual(1 / 16);

    // Switched off, WebGPU runs the tfjs decode path (A/B for the bench): same greedy tokens.
    setFusedWebGpuDecode(false);
    try {
      const g = await runPlain(m, cases[0].o, 0);
      expect(g.completions).toEqual(want.get('greedy')!.res.completions);
    } finally {
      setFusedWebGpuDecode(true);
    }
    m.dispose();
  });

  it('a tied head (logits through tok_embᵀ) decodes on the fused path as on cpu, with no leaked transpose', async () => {
    const tiedCfg = { ...cfg, tiedHead: true };
    await tf.setBackend('cpu');
    const ref = new GPT(tiedCfg, 12);
    const want = [await runCase(ref, cases[0].o, 0), await runCase(ref, cases[1].o, 7)];
    const ws = await ref.getWeights();
    ref.dispose();
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    await selectBackend('webgpu', { gpu: create([]) as unknown as GPU });
    const m = new GPT(tiedCfg, 0);
    m.setWeights(ws);
    await runPlain(m, cases[0].o, 0);
    const before = tf.memory().numTensors;
    for (const [i, c] of [cases[0], cases[1]].entries()) {
      const got = await runCase(m, c.o, c.seed);
      expect(got.res.completions, c.name).toEqual(want[i].res.completions);
      for (let s = 0; s < want[i].logits.length; s++) expect(maxDiff(got.logits[s], want[i].logits[s]), `${c.name} step ${s}`).toBeLessThan(1e-4);
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
  it('a pointer head decodes on WebGPU through the tfjs-ops path and scores targets as on cpu, with a flat tensor count', async () => {
    const ptrCfg = { ...cfg, copyHead: 8, copyTemplates: [[2, 3], [6, 7]] }; // two rows open with a template
    await tf.setBackend('cpu');
    const ref = new GPT(ptrCfg, 13);
    const want = [await runCase(ref, cases[1].o, 7)]; // seeded sampling at T=1 (SwiftShader is slow: one case)
    const batch = packBatch(prompts, want[0].res.completions, P, P + N);
    const wantLp = (await ref.tokenLogProbs(batch).data()) as Float32Array;
    const ws = await ref.getWeights();
    ref.dispose();
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    await selectBackend('webgpu', { gpu: create([]) as unknown as GPU });
    const m = new GPT(ptrCfg, 0);
    m.setWeights(ws);
    await runPlain(m, { ...cases[1].o, maxNew: 2 }, 0);
    const before = tf.memory().numTensors;
    for (const [i, c] of [cases[1]].entries()) {
      const got = await runCase(m, c.o, c.seed);
      expect(got.res.completions, c.name).toEqual(want[i].res.completions);
      for (let s = 0; s < want[i].logits.length; s++) expect(maxDiff(got.logits[s], want[i].logits[s]), `${c.name} step ${s}`).toBeLessThan(1e-4);
    }
    expect(tf.memory().numTensors).toBe(before);
    const lp = m.tokenLogProbs(batch);
    const gotLp = (await lp.data()) as Float32Array;
    lp.dispose();
    for (let k = 0; k < gotLp.length; k++) if (batch.targetMask[k] > 0) expect(Math.abs(gotLp[k] - wantLp[k]), `target ${k}`).toBeLessThan(1e-4);
    m.dispose();
  });
});

import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select';
import { GPT } from './gpt';
import { packBatch } from './batch';
import { countParams } from './params';
import { modelConfigProblem, parameterCount } from './limits';
import { mulberry32 } from './rng';
import { perturbWeights } from './weightNoise';
import { foldPointerRow, samplePointerRow, sampleWithEntropy } from './sample';
import { copyBlock, continuationBlock, coveredSlots, CoverageTracker } from './pointer';
import type { ModelConfig } from './types';

const plain: ModelConfig = { vocabSize: 13, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16, maxLen: 12 };
const withPointer: ModelConfig = { ...plain, copyHead: 4 };
/** Row 0 of the batches below opens with [2, 5, 7]: its first three slots are not copyable. */
const withTemplates: ModelConfig = { ...withPointer, copyTemplates: [[2, 5, 7], [2, 5], [11, 12]] };
/** Also copies from the prompt only, never from the completion. */
const fromPrompt: ModelConfig = { ...withTemplates, copyFromPrompt: true };
/** Never copies tokens 5 and 9 (stand-ins for the role and CoT tags), from the prompt or its completion. */
const neverTags: ModelConfig = { ...withPointer, copyNever: [5, 9] };
const allRules: ModelConfig = { ...fromPrompt, copyNever: [5, 9] };
/** The gate also reads the pointer's match (copy.wm). */
const gateMatch: ModelConfig = { ...fromPrompt, copyGateMatch: true };
/** Coverage: a prompt trigram the completion has written is not copied again until a 9 (a stand-in tag) ends the segment. */
const coverage: ModelConfig = { ...withPointer, copyCoverage: [9] };
const coverageAllRules: ModelConfig = { ...allRules, copyCoverage: [9] };
/** Tokens 5 and 7 continue a word: copied only right after the token before them. */
const wordStarts: ModelConfig = { ...coverageAllRules, copyNever: [9], copyContinuations: [5, 7] };
const CONFIGS = [
  ['', withPointer], [' (copy templates)', withTemplates], [' (templates, prompt only)', fromPrompt], [' (never-copied tokens)', neverTags], [' (all rules)', allRules], [' (gate reads the match)', gateMatch],
  [' (coverage)', coverage], [' (coverage and all rules)', coverageAllRules], [' (word starts)', wordStarts],
] as const;

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** A model whose weights are pushed away from init, so gate and pointer both carry mass. */
function noisy(cfg: ModelConfig, seed: number): Promise<GPT> {
  return perturbWeights(new GPT(cfg, seed), 0.5, mulberry32(seed + 100));
}

describe('GPT with a pointer (copy) head (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('adds copy.* parameters after the others; the limits count the same; bad widths are refused', () => {
    const m = new GPT(withPointer, 1);
    const p = new GPT(plain, 1);
    expect(m.names.slice(0, p.names.length)).toEqual(p.names);
    expect(m.names.slice(p.names.length)).toEqual(['copy.wq', 'copy.bq', 'copy.wk', 'copy.bk', 'copy.wg', 'copy.bg']);
    expect(parameterCount(withPointer)).toBe(countParams(withPointer));
    expect(m.paramCount()).toBe(countParams(withPointer));
    expect(modelConfigProblem(withPointer)).toBeNull();
    expect(modelConfigProblem({ ...plain, copyHead: 0 })).toBeNull();
    for (const bad of [-1, 2.5, '4', 5000]) expect(modelConfigProblem({ ...plain, copyHead: bad })).toMatch(/copyHead must be a whole number/);
    const g = new GPT(gateMatch, 1);
    expect(g.names.at(-1)).toBe('copy.wm');
    expect(g.paramCount()).toBe(parameterCount(gateMatch));
    expect(parameterCount(gateMatch)).toBe(parameterCount(withPointer) + 1);
    expect(modelConfigProblem({ ...plain, copyGateMatch: true })).toMatch(/copyGateMatch needs a pointer head/);
    expect(modelConfigProblem({ ...withPointer, copyGateMatch: 'yes' })).toMatch(/copyGateMatch must be true or false/);
    g.dispose();
    m.dispose();
    p.dispose();
  });

  it.each(CONFIGS)('scores targets as the whole mixture does%s: targetLogProbs = logits() (log p over the vocabulary) at each target, and each row sums to 1', async (_name, cfg) => {
    const m = await noisy(cfg, 2);
    // Repeated tokens in prompt and completion, so copies of the target exist at several positions.
    const batch = packBatch([[2, 5, 7, 5], [4, 9]], [[5, 7, 9, 2], [9, 4, 4]], 4, 8);
    const { B, T } = batch, V = plain.vocabSize;
    const full = await values(m.logits(batch));
    for (let r = 0; r < B; r++)
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let v = 0; v < V; v++) s += Math.exp(full[(r * T + t) * V + v]);
        expect(s).toBeCloseTo(1, 4);
      }
    const lp = await values(m.tokenLogProbs(batch));
    let checked = 0;
    for (let r = 0; r < B; r++)
      for (let t = 0; t < T - 1; t++) {
        if (batch.targetMask[r * (T - 1) + t] === 0) continue;
        const y = batch.ids[r * T + t + 1];
        expect(lp[r * (T - 1) + t]).toBeCloseTo(full[(r * T + t) * V + y], 4);
        checked++;
      }
    expect(checked).toBe(7);
    m.dispose();
  });

  it.each(CONFIGS)('generation (KV cache + pointer keys per slot, folded on the host) sees the same distribution as the full forward%s, with a flat tensor count', async (_name, cfg) => {
    const m = await noisy(cfg, 3);
    const prompts = [[2, 5, 7, 5], [4, 9]];
    const seen: Float32Array[] = [];
    const before = tf.memory().numTensors;
    const g = await m.generate(prompts, { promptLen: 4, maxNew: 4, temperature: 1, topP: 1, random: mulberry32(5), eosId: 1, stopAtEos: false, onLogits: (_s, l) => seen.push(l.slice()) });
    expect(tf.memory().numTensors).toBe(before);
    // Never-copied tokens written by the completion itself are blocked as generation goes (not only the prompt's).
    if (cfg.copyNever && !cfg.copyFromPrompt) expect(g.completions.flat().slice(0, -1).some((t) => cfg.copyNever!.includes(t))).toBe(true);
    const batch = packBatch(prompts, g.completions, 4, 8);
    const full = await values(m.logits(batch));
    const V = plain.vocabSize, T = batch.T;
    for (let s = 0; s < 4; s++)
      for (let r = 0; r < 2; r++)
        for (let v = 0; v < V; v++) expect(seen[s][r * V + v]).toBeCloseTo(full[(r * T + 3 + s) * V + v], 3);
    m.dispose();
  });

  it('copy templates: a token found only in a row\'s template opening gets no pointer mass; other rows are untouched', async () => {
    const V = plain.vocabSize;
    // Same trunk weights in all three (copy.* come last, so the noise draws line up).
    const [gen, ptr, tpl] = [await noisy(plain, 4), await noisy(withPointer, 4), await noisy(withTemplates, 4)];
    const batch = packBatch([[2, 5, 7, 5], [4, 9]], [[9, 4, 4], [3, 3]], 4, 7);
    const [g, p, t] = [await values(gen.logits(batch)), await values(ptr.logits(batch)), await values(tpl.logits(batch))];
    // Row 0, completion positions: token 2 and 7 occur only in the template, 11 nowhere. Without a
    // copy, log p(y) − log p(z) is the generator's logit gap; with copying from the template it is larger.
    for (let pos = 3; pos < 6; pos++) {
      const o = pos * V;
      for (const y of [2, 7]) {
        expect(t[o + y] - t[o + 11]).toBeCloseTo(g[o + y] - g[o + 11], 4);
        expect(p[o + y] - p[o + 11]).toBeGreaterThan(g[o + y] - g[o + 11] + 1e-3);
      }
    }
    // Row 1 matches no template: the same distribution as without templates.
    for (let i = 7 * V; i < 14 * V; i++) expect(t[i]).toBeCloseTo(p[i], 5);
    // Row 0's positions 0–2 see only template slots: a defined distribution, the one without rules.
    for (let i = 0; i < 3 * V; i++) expect(t[i]).toBeCloseTo(p[i], 2);
    [gen, ptr, tpl].forEach((m) => m.dispose());
  });

  it('never-copied tokens get no pointer mass, in the prompt (the query at its last slot included) and in the completion', async () => {
    const V = plain.vocabSize;
    const [gen, ptr, never] = [await noisy(plain, 7), await noisy(withPointer, 7), await noisy(neverTags, 7)];
    // 5 and 9 occur in the prompt (9 in its last slot, the first target's own) and in the completion; 11 nowhere.
    const batch = packBatch([[2, 5, 7, 9]], [[4, 9, 4, 3]], 4, 8);
    const [g, p, n] = [await values(gen.logits(batch)), await values(ptr.logits(batch)), await values(never.logits(batch))];
    for (const pos of [3, 5, 6])
      for (const y of [5, 9]) {
        const i = pos * V;
        expect(n[i + y] - n[i + 11]).toBeCloseTo(g[i + y] - g[i + 11], 4);
        expect(p[i + y] - p[i + 11]).toBeGreaterThan(g[i + y] - g[i + 11] + 1e-3);
      }
    [gen, ptr, never].forEach((m) => m.dispose());
  });

  it('copy from the prompt only: a token found only in the completion so far gets no pointer mass', async () => {
    const V = plain.vocabSize;
    const [gen, ptr, only] = [await noisy(plain, 5), await noisy(withPointer, 5), await noisy({ ...withPointer, copyFromPrompt: true }, 5)];
    const batch = packBatch([[2, 5, 7, 5]], [[9, 4, 4, 3]], 4, 8);
    const [g, p, o] = [await values(gen.logits(batch)), await values(ptr.logits(batch)), await values(only.logits(batch))];
    // Positions 5 and 6 predict after the completion wrote 9 and 4 (absent from the prompt); 11 occurs nowhere.
    for (const pos of [5, 6])
      for (const y of [9, 4]) {
        const i = pos * V;
        expect(o[i + y] - o[i + 11]).toBeCloseTo(g[i + y] - g[i + 11], 4);
        expect(p[i + y] - p[i + 11]).toBeGreaterThan(g[i + y] - g[i + 11] + 1e-3);
      }
    [gen, ptr, only].forEach((m) => m.dispose());
  });

  it('copyBlock: blocks the longest template a row opens with (after its left pads) and, prompt only, the completion; validation refuses bad rules', () => {
    const T = 6;
    const ids = new Int32Array([0, 2, 5, 7, 8, 9, /* row 1 */ 2, 5, 9, 9, 9, 9, /* row 2 */ 0, 0, 7, 2, 5, 7]);
    const keyMask = new Float32Array([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
    const blockedBy = (rules: Parameters<typeof copyBlock>[5]) => Array.from(copyBlock(ids, keyMask, 3, T, 4, rules)!, (x) => (x < 0 ? 1 : 0));
    expect(blockedBy({ copyTemplates: [[2, 5], [2, 5, 7]] })).toEqual([0, 1, 1, 1, 0, 0, /**/ 1, 1, 0, 0, 0, 0, /**/ 0, 0, 0, 0, 0, 0]);
    expect(blockedBy({ copyTemplates: [[2, 5]], copyFromPrompt: true })).toEqual([0, 1, 1, 0, 1, 1, /**/ 1, 1, 0, 0, 1, 1, /**/ 0, 0, 0, 0, 1, 1]);
    // Never-copied tokens: every real slot that holds one, prompt or completion, never a pad.
    expect(blockedBy({ copyNever: [7, 9] })).toEqual([0, 0, 0, 1, 0, 1, /**/ 0, 0, 1, 1, 1, 1, /**/ 0, 0, 1, 0, 0, 1]);
    expect(copyBlock(ids, keyMask, 3, T, 4, {})).toBeNull();
    expect(copyBlock(ids, keyMask, 3, T, 4, { copyTemplates: [], copyFromPrompt: false, copyNever: [] })).toBeNull();
    expect(modelConfigProblem({ ...withPointer, copyNever: [4, 12] })).toBeNull();
    expect(modelConfigProblem({ ...plain, copyNever: [4] })).toMatch(/copyNever needs a pointer head/);
    expect(modelConfigProblem({ ...withPointer, copyNever: [0] })).toMatch(/outside 1\.\.12 \(the pad/);
    expect(modelConfigProblem({ ...withPointer, copyNever: [13] })).toMatch(/outside 1\.\.12/);
    expect(modelConfigProblem({ ...withPointer, copyNever: 4 })).toMatch(/copyNever must be a list/);
    expect(modelConfigProblem(fromPrompt)).toBeNull();
    expect(modelConfigProblem({ ...plain, copyFromPrompt: true })).toMatch(/copyFromPrompt needs a pointer head/);
    expect(modelConfigProblem({ ...withPointer, copyFromPrompt: 1 })).toMatch(/copyFromPrompt must be true or false/);
    expect(modelConfigProblem(withTemplates)).toBeNull();
    expect(modelConfigProblem({ ...plain, copyTemplates: [[2]] })).toMatch(/needs a pointer head/);
    expect(modelConfigProblem({ ...withPointer, copyTemplates: [[2, 13]] })).toMatch(/token id outside 0\.\.12/);
    expect(modelConfigProblem({ ...withPointer, copyTemplates: [[]] })).toMatch(/list of 1 to 12 token ids/);
    expect(modelConfigProblem({ ...withPointer, copyTemplates: 'x' })).toMatch(/list of at most 16/);
  });

  it('coverage: the slots the segment has copied (trigram, else bigram), and only until a segment ends; generation tracks the same', () => {
    // "… bomb step by step" with " step" = " st" + "ep": prompt [pad bomb st ep by st ep sep] = [0 3 4 5 6 4 5 7],
    // completion [bomb st ep by st ep 9 st] from P = 8 (9 a stand-in tag). A written token covers itself and the
    // earlier slots ending its trigram (ids[j−2], ids[j−1], ids[j]), or if none, its bigram.
    const P = 8, T = 16;
    const ids = new Int32Array([0, 3, 4, 5, 6, 4, 5, 7, /* completion */ 3, 4, 5, 6, 4, 5, 9, 4]);
    const entries = Int32Array.from({ length: 2 * T }, (_, i) => (i % 2 ? Math.floor(i / 2) : 0));
    const cov = coveredSlots(ids, T, P, entries, [9]);
    const at = (t: number) => Array.from(cov.subarray(t * T, (t + 1) * T)).flatMap((x, j) => (x ? [j] : []));
    for (let t = 0; t < 8; t++) expect(at(t)).toEqual([]); // nothing written yet
    expect(at(8)).toEqual([8]); // "bomb" after the separator: no earlier trigram or bigram, only itself
    expect(at(9)).toEqual([2, 8, 9]); // "st": its trigram (sep bomb st) is nowhere, its bigram (bomb st) at slot 2
    expect(at(10)).toEqual([2, 3, 8, 9, 10]); // "ep": trigram (bomb st ep) at slot 3, not the second "ep" (slot 6)
    expect(at(12)).toEqual([2, 3, 4, 5, 8, 9, 10, 11, 12]); // the second "ep" (after "by st") stays copyable
    expect(at(13)).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13]); // after the second "ep", "by" (slot 4) is covered: no loop
    expect(at(14)).toEqual([]); // the 9 at 14 ends the segment
    expect(at(15)).toEqual([15]); // "st" after the 9: (ep 9 st) and (9 st) are nowhere before
    // Generation, one token at a time, covers the same slots.
    const track = new CoverageTracker(1, T, [9]);
    const slots = new Int32Array(T);
    slots.set(ids.subarray(0, P));
    for (let t = P; t < T; t++) {
      slots[t] = ids[t];
      track.wrote(0, t, slots);
      expect(Array.from(track.covered).flatMap((x, j) => (x ? [j] : []))).toEqual(at(t));
    }
    expect(modelConfigProblem(coverageAllRules)).toBeNull();
    expect(modelConfigProblem({ ...plain, copyCoverage: [9] })).toMatch(/copyCoverage needs a pointer head/);
    expect(modelConfigProblem({ ...withPointer, copyCoverage: [0] })).toMatch(/copyCoverage holds a token id outside 1\.\.12/);
  });

  it('word starts: a word-continuing slot is blocked unless the query\'s token is the one before it; validation', () => {
    // Row [2 5 7 3 5]; 5 and 7 continue a word.
    const ids = new Int32Array([2, 5, 7, 3, 5]);
    const at = (t: number) => Array.from(continuationBlock(ids, 5, new Int32Array([0, t]), new Set([5, 7])), (x) => (x < 0 ? 1 : 0));
    expect(at(0)).toEqual([0, 0, 1, 0, 1]); // at 2: the 5 after 2 may be copied, not the 7 or the 5 after 3
    expect(at(1)).toEqual([0, 1, 0, 0, 1]); // at 5: only the 7 after it
    expect(at(3)).toEqual([0, 1, 1, 0, 0]); // at 3: only the 5 after it
    expect(modelConfigProblem(wordStarts)).toBeNull();
    expect(modelConfigProblem({ ...plain, copyContinuations: [5] })).toMatch(/copyContinuations needs a pointer head/);
    expect(modelConfigProblem({ ...gateMatch, copyContinuations: [5] })).toMatch(/copyContinuations does not go with copyGateMatch/);
  });

  it('coverage hands a covered slot\'s pointer mass to the generator: a trigram already copied is not copied again in the segment', async () => {
    const V = plain.vocabSize;
    const [gen, ptr, cov] = [await noisy(plain, 8), await noisy(withPointer, 8), await noisy(coverage, 8)];
    // Prompt 3 5 6 4 holds 6 once, after 3 5; the completion writes 3 5 6 3 5 and so at position 8 (after its
    // second 3 5) a plain pointer may copy the 6 again: with coverage that copy is gone. 11 occurs nowhere.
    const batch = packBatch([[3, 5, 6, 4]], [[3, 5, 6, 3, 5, 7]], 4, 10);
    const [g, p, c] = [await values(gen.logits(batch)), await values(ptr.logits(batch)), await values(cov.logits(batch))];
    const i8 = 8 * V, i3 = 3 * V;
    expect(c[i8 + 6] - c[i8 + 11]).toBeCloseTo(g[i8 + 6] - g[i8 + 11], 4);
    expect(p[i8 + 6] - p[i8 + 11]).toBeGreaterThan(g[i8 + 6] - g[i8 + 11] + 1e-3);
    // Before the completion wrote anything (the prompt's last position), coverage changes nothing.
    for (let v = 0; v < V; v++) expect(c[i3 + v]).toBeCloseTo(p[i3 + v], 5);
    [gen, ptr, cov].forEach((m) => m.dispose());
  });

  it('log p at real positions does not depend on the amount of left padding', async () => {
    const m = await noisy(withPointer, 6);
    const prompt = [3, 4, 3], comp = [4, 3];
    const V = plain.vocabSize;
    const l1 = await values(m.logits(packBatch([prompt], [comp], 3, 5))); // no pads
    const l2 = await values(m.logits(packBatch([prompt, [9]], [comp, [1]], 6, 8))); // 3 pads in row 0
    let maxDiff = 0;
    for (let i = 0; i < 5; i++) for (let v = 0; v < V; v++) maxDiff = Math.max(maxDiff, Math.abs(l1[i * V + v] - l2[(i + 3) * V + v]));
    expect(maxDiff).toBeLessThan(1e-5);
    m.dispose();
  });

  it('the host fold: all copy mass on the slots that hold a token, blocked slots get none', () => {
    const V = 4, Tmax = 3;
    // logits favour token 0; slots hold [2, 3, 2]; slot 1 blocked; gate logit 0 (half and half).
    const raw = new Float32Array([5, 0, 0, 0, 1, -1e9, 1, 0]);
    const out = new Float32Array(V);
    foldPointerRow(raw, 0, V, Tmax, new Int32Array([2, 3, 2]), 0, out, 0);
    const p = Array.from(out, Math.exp);
    const gen = [Math.exp(5), 1, 1, 1].map((e) => e / (Math.exp(5) + 3));
    expect(p[0]).toBeCloseTo(0.5 * gen[0], 6);
    expect(p[2]).toBeCloseTo(0.5 * gen[2] + 0.5, 6);
    expect(p[3]).toBeCloseTo(0.5 * gen[3], 6);
  });

  it('the host fold with coverage: covered slots copy nothing and their share of the pointer goes to the generator', () => {
    const V = 4, Tmax = 3;
    // As above, slot 1 not blocked but covered: scores 1, 1, 1 → each slot a third of the pointer.
    const raw = new Float32Array([5, 0, 0, 0, 1, 1, 1, 0]);
    const out = new Float32Array(V);
    foldPointerRow(raw, 0, V, Tmax, new Int32Array([2, 3, 2]), 0, out, 0, new Uint8Array([0, 1, 0]));
    const p = Array.from(out, Math.exp);
    const gen = [Math.exp(5), 1, 1, 1].map((e) => e / (Math.exp(5) + 3));
    const genW = 0.5 + 0.5 / 3;
    expect(p[0]).toBeCloseTo(genW * gen[0], 6);
    expect(p[2]).toBeCloseTo(genW * gen[2] + 0.5 * (2 / 3), 6);
    expect(p[3]).toBeCloseTo(genW * gen[3], 6);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
  });

  it.each([['', false], [' with coverage', true]])('sampling straight from the raw row (RL settings) draws the tokens and entropy of the folded log p%s', (_name, withCoverage) => {
    const V = 50, Tmax = 12, r = mulberry32(withCoverage ? 22 : 21);
    for (let row = 0; row < 40; row++) {
      const raw = new Float32Array(V + Tmax + 1);
      for (let i = 0; i < V; i++) raw[i] = 4 * (r() - 0.5) + (i === row % V ? 6 : 0);
      for (let j = 0; j < Tmax; j++) raw[V + j] = r() < 0.25 ? -1e9 : 5 * (r() - 0.5);
      raw[V + Tmax] = 4 * (r() - 0.5);
      const slots = Int32Array.from({ length: Tmax }, () => Math.floor(r() * 8)); // repeated ids
      const covered = withCoverage ? Uint8Array.from({ length: Tmax }, () => (r() < 0.3 ? 1 : 0)) : null;
      const folded = new Float32Array(V);
      foldPointerRow(raw, 0, V, Tmax, slots, 0, folded, 0, covered);
      const u1 = mulberry32(row), u2 = mulberry32(row);
      for (let k = 0; k < 25; k++) {
        const a = samplePointerRow(raw, 0, V, Tmax, slots, 0, u1, covered);
        const b = sampleWithEntropy(folded, 0, V, 1, 1, u2);
        expect(a.token).toBe(b.token);
        expect(Math.abs(a.entropy - b.entropy)).toBeLessThan(1e-5);
      }
    }
  });

  it('learns to copy unseen tokens that a model without the pointer cannot, with a flat tensor count', async () => {
    // Each row: 3 random tokens, a separator (1), the same 3 tokens. Training rows and test rows use
    // disjoint token sets, so only copying by position carries over.
    const cfg: ModelConfig = { vocabSize: 64, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, maxLen: 8 };
    const r = mulberry32(11);
    const draw = (lo: number, hi: number) => Array.from({ length: 3 }, () => lo + Math.floor(r() * (hi - lo)));
    const rows = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => draw(lo, hi));
    const train = rows(32, 2, 40), test = rows(32, 40, 64);
    const batchOf = (xs: number[][]) => packBatch(xs.map((x) => [...x, 1]), xs, 4, 7);
    const accuracy = async (m: GPT, xs: number[][]) => {
      const g = await m.generate(xs.map((x) => [...x, 1]), { promptLen: 4, maxNew: 3, temperature: 0, topP: 1, random: r, eosId: 0, stopAtEos: false });
      let ok = 0;
      g.completions.forEach((c, i) => c.forEach((t, j) => (ok += t === xs[i][j] ? 1 : 0)));
      return ok / (xs.length * 3);
    };
    const result: Record<string, number> = {};
    for (const [name, c] of [['pointer', { ...cfg, copyHead: 8 }], ['plain', cfg]] as const) {
      const m = new GPT(c, 4);
      const opt = tf.train.adam(3e-2, 0.9, 0.999, 1e-7);
      const counts: number[] = [];
      const b = batchOf(train);
      for (let s = 0; s < 150; s++) {
        opt.minimize(() => m.sftLoss(b), true, m.variables)?.dispose();
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts.slice(1)).size).toBe(1);
      result[name] = await accuracy(m, test);
      opt.dispose();
      m.dispose();
    }
    expect(result.pointer).toBeGreaterThan(0.9);
    expect(result.plain).toBeLessThan(0.2);
  });
});

/**
 * Our GPT and RL update vs the PyTorch peer (bench/peer/peer.py) on the same weights and batches:
 * token log-probs, SFT loss, and a PPO epoch (loss, gradient norm, clip fraction, updated weights)
 * must agree to ~1e-4 relative. Needs /usr/bin/python3 with torch (Debian: apt-get install
 * python3-torch libopenblas0-pthread; LAB_PYTHON overrides the interpreter); skipped otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/engine/backend/select';
import { PRESETS } from '../src/engine/config/presets';
import type { ModelConfig } from '../src/engine/model/types';
import { mulberry32 } from '../src/engine/model/rng';
import { addWeightNoise } from '../src/engine/model/weightNoise';
import { freshWeights, type PresetAssets } from './lib/assets';
import { compareCheck, makeCheckInputs, ourCheckOutputs, type CheckInputs } from './lib/check';
import type { Batch } from '../src/engine/model/batch';
import { removeDir, tempDir } from './lib/exchange';
import { buildPeerTask, probePeer, runPeer } from './lib/peer';
import { makeWorkload } from './lib/workload';

const probe = probePeer();
if (!probe.ok) console.warn(`bench/peer.test.ts skipped: ${probe.reason}. Install: apt-get install python3-torch libopenblas0-pthread`);

describe.skipIf(!probe.ok)('PyTorch peer computes what our engine computes', () => {
  let dir = '';
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  /**
   * Our outputs and the peer's on `config` (init weights plus noise, so every gain and nonlinearity
   * matters); `rules` picks copy rules from the check's own rows, so they apply to some of them.
   */
  async function compare(config: ModelConfig, rules?: (c: CheckInputs) => Partial<ModelConfig>) {
    const preset = PRESETS.tiny;
    const weights = freshWeights(config, 3);
    addWeightNoise(weights, 0.05, mulberry32(17));
    const drawn = await makeCheckInputs(config, weights, { attacker: preset.attacker, defender: preset.defender });
    const check = rules ? { ...drawn, config: { ...config, ...rules(drawn) } } : drawn;
    const assets: PresetAssets = { preset: 'tiny', config: check.config, weights, checkpoint: new Uint8Array(), source: 'test' };
    const ours = await ourCheckOutputs(check);
    const { task, pack } = buildPeerTask([{ assets, workload: makeWorkload(preset, config), check, bench: false }], { device: 'cpu', repeats: 1, warmup: 0 });
    const peer = runPeer(dir, task, pack);
    const rep = compareCheck(ours, peer.presets[0].check!, check);
    console.log('peer check', JSON.stringify(check.config), JSON.stringify(rep), 'torch', peer.info.torch, 'threads', peer.info.threads);
    return { ours, rep };
  }

  it('log-probs, SFT loss and a PPO epoch agree to 1e-4 (tiny preset shapes, 2 layers)', async () => {
    const { ours, rep } = await compare({ ...PRESETS.tiny.model, nLayers: 2, vocabSize: 300 });
    expect(ours.ppo.skipped).toBe(false);
    expect(ours.ppo.clipFrac).toBeGreaterThan(0); // the clip branch is exercised
    expect(ours.ppo.gradNorm).toBeGreaterThan(CHECK_GRAD_CLIP_FLOOR); // and so is gradient clipping
    expectAgreement(rep);
  });

  it('with a pointer head (copyHead) the same quantities agree, with and without copy rules (templates, never-copied tokens, prompt only, coverage, word starts) and with the gate reading the match', async () => {
    const config = { ...PRESETS.tiny.model, nLayers: 2, vocabSize: 300, copyHead: 8 };
    const plain = await compare(config);
    expect(plain.ours.ppo.skipped).toBe(false);
    expectAgreement(plain.rep);
    // Templates (the first 4 real tokens of every other row, so half the rows' openings are blocked)
    // and copying from the prompt only.
    const templated = await compare({ ...config, copyFromPrompt: true }, (c) => ({
      copyTemplates: [c.batches.att, c.batches.def].flatMap((b) => openings(b, 4).filter((_, r) => r % 2 === 0)),
    }));
    expectAgreement(templated.rep);
    // The block changed what the pointer sees (both sides agreeing on no change would prove nothing).
    expect(maxAbsDiff(templated.ours.lp.att, plain.ours.lp.att)).toBeGreaterThan(1e-3);
    // Never-copied tokens (the rows' five most frequent), in prompts and completions alike.
    const never = await compare(config, (c) => ({ copyNever: mostFrequent([c.batches.att, c.batches.def], 5) }));
    expectAgreement(never.rep);
    expect(maxAbsDiff(never.ours.lp.def, plain.ours.lp.def)).toBeGreaterThan(1e-3);
    // The gate that also reads the pointer's match (copy.wm, noised like every weight).
    const gate = await compare({ ...config, copyFromPrompt: true, copyGateMatch: true });
    expectAgreement(gate.rep);
    const shut = await compare({ ...config, copyFromPrompt: true }); // the same weights but copy.wm (it comes last)
    expect(maxAbsDiff(gate.ours.lp.att, shut.ours.lp.att)).toBeGreaterThan(1e-4);
    // Coverage (trigrams the completion wrote are not copied again; segments end at the rows' two
    // most frequent tokens, so some segments end early and others run long). Completions here are a
    // random model's, which seldom repeat a prompt trigram; copying from the completion too, every
    // slot it wrote is covered in its segment.
    const covered = await compare(config, (c) => ({ copyCoverage: mostFrequent([c.batches.att, c.batches.def], 2) }));
    expectAgreement(covered.rep);
    expect(maxAbsDiff(covered.ours.lp.def, plain.ours.lp.def)).toBeGreaterThan(1e-3);
    // Word starts (the rows' ten most frequent tokens continue a word).
    const starts = await compare(config, (c) => ({ copyContinuations: mostFrequent([c.batches.att, c.batches.def], 10) }));
    expectAgreement(starts.rep);
    expect(maxAbsDiff(starts.ours.lp.def, plain.ours.lp.def)).toBeGreaterThan(1e-3);
  });
});

const CHECK_GRAD_CLIP_FLOOR = 1.0;

/** The n most frequent real token ids of the batches (ties to the smaller id). */
function mostFrequent(batches: Batch[], n: number): number[] {
  const count = new Map<number, number>();
  for (const b of batches) b.ids.forEach((id, i) => b.keyMask[i] > 0 && count.set(id, (count.get(id) ?? 0) + 1));
  return [...count].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, n).map(([id]) => id);
}

/** The first n real tokens of each row of a left-padded batch. */
function openings(b: Batch, n: number): number[][] {
  return Array.from({ length: b.B }, (_, r) => {
    const row = Array.from(b.ids.subarray(r * b.T, (r + 1) * b.T));
    const k = b.keyMask.subarray(r * b.T, (r + 1) * b.T).findIndex((m) => m > 0);
    return row.slice(k, k + n);
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Ours and the peer's log-probs, losses and gradient norm to 1e-4 relative, the updated weights to 1e-2. */
function expectAgreement(rep: ReturnType<typeof compareCheck>): void {
  expect(rep.logProbRel).toBeLessThan(1e-4);
  expect(rep.sftRel).toBeLessThan(1e-4);
  expect(rep.ppoLossRel).toBeLessThan(1e-4);
  expect(rep.gradNormRel).toBeLessThan(1e-4);
  expect(rep.updateRel).toBeLessThan(1e-2);
  expect(rep.weightsOffFrac).toBeLessThan(1e-2);
  expect(rep.ok).toBe(true);
}

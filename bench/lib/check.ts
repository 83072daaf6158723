/**
 * Numerical equivalence of our engine and the PyTorch peer on the same weights and batches:
 * token log-probs, SFT loss, and one PPO epoch (2 minibatches: loss, pre-clip gradient norm,
 * clip fraction, and the weights after the two Adam updates).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../../src/engine/checkpoint/container';
import type { SequenceLayout } from '../../src/engine/config/presets';
import { packBatch, type Batch } from '../../src/engine/model/batch';
import { GPT } from '../../src/engine/model/gpt';
import type { ModelConfig } from '../../src/engine/model/types';
import { Adam } from '../../src/engine/optim/adam';
import type { RoleExperience } from '../../src/engine/rl/experience';
import { ppoEpoch, type PpoOptions, type PpoResult } from '../../src/engine/rl/ppo';
import { Rng } from '../../src/engine/world/rng';
import type { Arr } from './exchange';
import { ADAM } from './ours';
import { randomCompletions, randomPrompts } from './workload';

export const CHECK_ROWS = 8;
export const CHECK_PPO: PpoOptions = { minibatches: 2, clipEps: 0.2, gradClip: 1.0, lr: 1e-3, beta: 0.01, klAsLoss: true, sftCoef: 0 };

export interface CheckInputs {
  config: ModelConfig;
  weights: NamedTensor[];
  batches: { att: Batch; def: Batch };
  logpOld: { att: Float32Array; def: Float32Array };
  logpRef: { att: Float32Array; def: Float32Array };
  adv: { att: Float32Array; def: Float32Array };
  ppo: PpoOptions;
}

export interface CheckOutputs {
  lp: { att: Float32Array; def: Float32Array };
  sft: { att: number; def: number };
  ppo: PpoResult;
  after: Map<string, Float32Array>;
}

function gauss(rng: Rng): number {
  const u = 1 - rng.next(), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  const v = new Float32Array((await t.data()) as Float32Array);
  t.dispose();
  return v;
}

function model(config: ModelConfig, weights: NamedTensor[]): GPT {
  const m = new GPT(config, 0);
  m.setWeights(weights);
  return m;
}

/**
 * Inputs: two batches (attacker / defender layouts), old log-probs = our current log-probs plus
 * noise (so ratios spread and some clip), reference log-probs likewise, advantages 3·(0.5 + N(0,1))
 * on the completion tokens (a nonzero mean keeps the loss away from 0 for relative errors; the scale pushes the
 * gradient norm over the 1.0 clip, so clipping is checked too).
 * Off the target mask everything is 0, as only masked tokens enter any loss.
 */
export async function makeCheckInputs(
  config: ModelConfig, weights: NamedTensor[], layouts: { attacker: SequenceLayout; defender: SequenceLayout }, seed = 11,
): Promise<CheckInputs> {
  const rng = new Rng(seed);
  const V = config.vocabSize;
  const mk = (l: SequenceLayout) =>
    packBatch(randomPrompts(rng, CHECK_ROWS, l.promptLen, V), randomCompletions(rng, CHECK_ROWS, l.maxNew, V), l.promptLen, l.promptLen + l.maxNew);
  const batches = { att: mk(layouts.attacker), def: mk(layouts.defender) };
  const m = model(config, weights);
  const out = { logpOld: {} as CheckInputs['logpOld'], logpRef: {} as CheckInputs['logpRef'], adv: {} as CheckInputs['adv'] };
  for (const k of ['att', 'def'] as const) {
    const b = batches[k];
    const lp = await read(m.tokenLogProbs(b));
    const old = new Float32Array(lp.length), ref = new Float32Array(lp.length), adv = new Float32Array(lp.length);
    for (let i = 0; i < lp.length; i++) {
      if (!b.targetMask[i]) continue;
      old[i] = lp[i] + 0.2 * gauss(rng);
      ref[i] = lp[i] + 0.2 * gauss(rng);
      adv[i] = 3 * (0.5 + gauss(rng));
    }
    out.logpOld[k] = old;
    out.logpRef[k] = ref;
    out.adv[k] = adv;
  }
  m.dispose();
  return { config, weights, batches, ...out, ppo: { ...CHECK_PPO } };
}

/** Our side on the active backend. */
export async function ourCheckOutputs(c: CheckInputs): Promise<CheckOutputs> {
  const m = model(c.config, c.weights);
  const lp = { att: await read(m.tokenLogProbs(c.batches.att)), def: await read(m.tokenLogProbs(c.batches.def)) };
  const sft = { att: (await read(m.sftLoss(c.batches.att)))[0], def: (await read(m.sftLoss(c.batches.def)))[0] };
  const exp = (k: 'att' | 'def'): RoleExperience => ({
    role: k === 'att' ? 'attacker' : 'defender',
    batch: c.batches[k],
    rows: c.batches[k].B,
    real: c.batches[k].B,
    logpOld: c.logpOld[k],
    logpRef: c.logpRef[k],
    advantages: c.adv[k],
    klMean: 0,
    tokens: 0,
  });
  const opt = new Adam(m.variables, ADAM);
  const ppo = await ppoEpoch(m, opt, [exp('att'), exp('def')], c.ppo);
  const after = new Map((await m.getWeights()).map((w) => [w.name, w.data]));
  opt.dispose();
  m.dispose();
  return { lp, sft, ppo, after };
}

export interface PeerCheck {
  sftAtt: number;
  sftDef: number;
  ppo: PpoResult;
  lp: { att: Arr; def: Arr };
  after: Map<string, Arr>;
}

export interface CheckReport {
  /** max |ours − peer| / max(1, |peer|) over every token log-prob (both batches). */
  logProbRel: number;
  sftRel: number;
  ppoLossRel: number;
  gradNormRel: number;
  clipFracDiff: number;
  /** ‖Δw_ours − Δw_peer‖ / ‖Δw_peer‖ over all weights for the whole PPO epoch (two Adam steps). */
  updateRel: number;
  /** max |w_ours − w_peer| after the epoch, in units of lr (Adam moves ≈ lr per step; Adam turns float
   *  noise in near-zero gradients into up to ±lr moves, so single weights can differ by ~lr). */
  weightDiffOverLr: number;
  /** Share of weights whose difference exceeds 1% of lr. */
  weightsOffFrac: number;
  ok: boolean;
  tolerance: number;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

export function compareCheck(ours: CheckOutputs, peer: PeerCheck, c: CheckInputs, tolerance = 1e-4): CheckReport {
  let logProbRel = 0;
  for (const k of ['att', 'def'] as const) {
    const a = ours.lp[k], b = peer.lp[k];
    if (a.length !== b.length) throw new Error(`check: log-prob lengths differ (${a.length} vs ${b.length})`);
    for (let i = 0; i < a.length; i++) logProbRel = Math.max(logProbRel, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  const sftRel = Math.max(rel(ours.sft.att, peer.sftAtt), rel(ours.sft.def, peer.sftDef));
  const ppoLossRel = rel(ours.ppo.loss, peer.ppo.loss);
  const gradNormRel = rel(ours.ppo.gradNorm, peer.ppo.gradNorm);
  const clipFracDiff = Math.abs(ours.ppo.clipFrac - peer.ppo.clipFrac);
  let maxDiff = 0, off = 0, n = 0, diff2 = 0, upd2 = 0;
  const before = new Map(c.weights.map((w) => [w.name, w.data]));
  for (const [name, a] of ours.after) {
    const b = peer.after.get(name);
    const w0 = before.get(name);
    if (!b || !w0) throw new Error(`check: no weights for ${name}`);
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i] - b[i]);
      maxDiff = Math.max(maxDiff, d);
      if (d > 0.01 * c.ppo.lr) off++;
      diff2 += d * d;
      upd2 += (b[i] - w0[i]) ** 2;
      n++;
    }
  }
  const updateRel = Math.sqrt(diff2) / Math.max(Math.sqrt(upd2), 1e-30);
  const weightsOffFrac = off / n;
  const tokens = c.batches.att.targetMask.reduce((s, x) => s + x, 0) + c.batches.def.targetMask.reduce((s, x) => s + x, 0);
  const ok =
    logProbRel < tolerance && sftRel < tolerance && ppoLossRel < tolerance && gradNormRel < tolerance &&
    clipFracDiff <= 2 / tokens && updateRel < 1e-2 && !ours.ppo.skipped && !peer.ppo.skipped;
  return { logProbRel, sftRel, ppoLossRel, gradNormRel, clipFracDiff, updateRel, weightDiffOverLr: maxDiff / c.ppo.lr, weightsOffFrac, ok, tolerance };
}

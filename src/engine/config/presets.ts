/**
 * Presets fix everything that is not a user setting: world seed, model shape, sequence layout,
 * warm-start and judge training budgets. "tiny" exists for tests and CI (seconds); "classroom"
 * is what the page ships (minutes of warm start, fast enough to watch self-play on a laptop CPU);
 * "lab" is a larger model meant for WebGPU machines.
 */
import type { PresetName } from '../api';
import { LabError } from '../errors';
import type { ModelConfig } from '../model/types';

export interface SequenceLayout {
  /** P: the role's window; longer prompts keep head and tail (model/promptWindow.ts), shorter ones are left-padded to a whole block. */
  promptLen: number;
  maxNew: number; // N: generated tokens at most (incl. <eos>)
}

/**
 * The open-text layout (issue 8): the defender (and the judge) read prompts of up to 384 tokens,
 * the attacker writes up to 192, answers run up to 128. Costs follow the real lengths, rounded up
 * to blocks of 32 (model/batch.ts), so world-length games stay as cheap as before.
 */
const OPEN_TEXT = {
  attacker: { promptLen: 128, maxNew: 192 },
  defender: { promptLen: 384, maxNew: 128 },
  maxLen: 512,
} as const;

const TYPICAL_GAME = {
  attacker: { promptLen: 32, maxNew: 64 },
  defender: { promptLen: 64, maxNew: 64 },
} as const;

export interface Preset {
  name: PresetName;
  worldSeed: number;
  model: Omit<ModelConfig, 'vocabSize'>;
  attacker: SequenceLayout;
  defender: SequenceLayout;
  /**
   * The block shapes of a typical world game (90th-percentile lengths rounded up to blocks; checked
   * against the world in typicalGame.test.ts): what the benchmark and the backend probe time, since
   * batches are only as long as their games (model/batch.ts), not as the window.
   */
  typicalGame: { attacker: SequenceLayout; defender: SequenceLayout };
  sampling: { temperature: number; topP: number };
  /** microBatch: rows per forward/backward (gradient accumulation, same update); absent = whole batch. */
  sft: { steps: number; batch: number; lr: number; microBatch?: number };
  rl: { minibatches: number; clipEps: number; gradClip: number; warmupFrac: number; scheduleIters: number; microBatch?: number };
  eval: { perSuite: number; temperature: number };
}

const WORLD_SEED = 20250609; // arXiv 2506.07468 v1 date; any fixed value works, recorded in checkpoints

export const PRESETS: Record<PresetName, Preset> = {
  tiny: {
    name: 'tiny',
    worldSeed: WORLD_SEED,
    model: { dModel: 32, nLayers: 1, nHeads: 2, dFF: 64, maxLen: OPEN_TEXT.maxLen },
    // The open-text windows, but shorter generation caps: the tiny model often runs to the cap, and
    // tests (the WebGPU e2e on a software adapter above all) pay for every step. World moves fit in 96.
    attacker: { promptLen: OPEN_TEXT.attacker.promptLen, maxNew: 96 },
    defender: { promptLen: OPEN_TEXT.defender.promptLen, maxNew: 96 },
    typicalGame: TYPICAL_GAME,
    sampling: { temperature: 1, topP: 1 },
    sft: { steps: 600, batch: 16, lr: 3e-3 },
    rl: { minibatches: 2, clipEps: 0.2, gradClip: 1.0, warmupFrac: 0.03, scheduleIters: 200 },
    eval: { perSuite: 24, temperature: 1 },
  },
  classroom: {
    name: 'classroom',
    worldSeed: WORLD_SEED,
    model: { dModel: 64, nLayers: 2, nHeads: 4, dFF: 256, maxLen: OPEN_TEXT.maxLen },
    attacker: OPEN_TEXT.attacker,
    defender: OPEN_TEXT.defender,
    typicalGame: TYPICAL_GAME,
    sampling: { temperature: 1, topP: 1 },
    sft: { steps: 2000, batch: 32, lr: 2e-3 },
    rl: { minibatches: 2, clipEps: 0.2, gradClip: 1.0, warmupFrac: 0.03, scheduleIters: 300 },
    eval: { perSuite: 120, temperature: 1 },
  },
  /**
   * For WebGPU machines (5.9M parameters at the 2048-token vocabulary): 8-row micro-batches keep a
   * full-length training pass near 1.2 GiB of activations, so it also runs (slowly) on wasm.
   */
  lab: {
    name: 'lab',
    worldSeed: WORLD_SEED,
    model: { dModel: 256, nLayers: 6, nHeads: 8, dFF: 1024, maxLen: OPEN_TEXT.maxLen },
    attacker: OPEN_TEXT.attacker,
    defender: OPEN_TEXT.defender,
    typicalGame: TYPICAL_GAME,
    sampling: { temperature: 1, topP: 1 },
    sft: { steps: 3000, batch: 32, lr: 1e-3, microBatch: 8 },
    rl: { minibatches: 2, clipEps: 0.2, gradClip: 1.0, warmupFrac: 0.03, scheduleIters: 300, microBatch: 4 },
    eval: { perSuite: 120, temperature: 1 },
  },
};

/** Own-property check: "constructor" or "__proto__" are not presets. */
export function isPresetName(x: unknown): x is PresetName {
  return typeof x === 'string' && Object.hasOwn(PRESETS, x);
}

export function getPreset(name: PresetName): Preset {
  if (!isPresetName(name)) throw new LabError('bad-settings', `unknown preset ${JSON.stringify(name)} (expected ${Object.keys(PRESETS).join(' or ')})`);
  return PRESETS[name];
}

/** The longest sequence (prompt + completion) either role feeds the model under this preset. */
export function longestSequence(p: Preset): number {
  return Math.max(p.attacker.promptLen + p.attacker.maxNew, p.defender.promptLen + p.defender.maxNew);
}

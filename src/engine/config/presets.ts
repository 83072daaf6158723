/**
 * Presets fix everything that is not a user setting: world seed, model shape, sequence layout,
 * warm-start and judge training budgets. "tiny" exists for tests and CI (seconds); "classroom"
 * is what the page ships (minutes of warm start, fast enough to watch self-play on a laptop CPU).
 */
import type { PresetName } from '../api';
import type { ModelConfig } from '../model/types';

export interface SequenceLayout {
  promptLen: number; // P: prompts are left-padded to this many tokens
  maxNew: number; // N: generated tokens (incl. <eos>)
}

export interface Preset {
  name: PresetName;
  worldSeed: number;
  model: Omit<ModelConfig, 'vocabSize'>;
  attacker: SequenceLayout;
  defender: SequenceLayout;
  sampling: { temperature: number; topP: number };
  sft: { steps: number; batch: number; lr: number; noCotFraction: number };
  rl: { minibatches: number; clipEps: number; gradClip: number; warmupFrac: number; scheduleIters: number };
  judge: { dEmb: number; dHidden: number; promptLen: number; responseLen: number; steps: number; batch: number; lr: number; examples: number };
  eval: { perSuite: number; temperature: number };
}

const WORLD_SEED = 20250609; // arXiv 2506.07468 v1 date; any fixed value works, recorded in checkpoints

export const PRESETS: Record<PresetName, Preset> = {
  tiny: {
    name: 'tiny',
    worldSeed: WORLD_SEED,
    model: { dModel: 32, nLayers: 1, nHeads: 2, dFF: 64, maxLen: 112 },
    attacker: { promptLen: 32, maxNew: 48 },
    defender: { promptLen: 56, maxNew: 40 },
    sampling: { temperature: 1, topP: 1 },
    sft: { steps: 150, batch: 16, lr: 3e-3, noCotFraction: 0.3 },
    rl: { minibatches: 2, clipEps: 0.2, gradClip: 1.0, warmupFrac: 0.03, scheduleIters: 200 },
    judge: { dEmb: 32, dHidden: 32, promptLen: 56, responseLen: 40, steps: 200, batch: 32, lr: 3e-3, examples: 2000 },
    eval: { perSuite: 24, temperature: 1 },
  },
  classroom: {
    name: 'classroom',
    worldSeed: WORLD_SEED,
    model: { dModel: 96, nLayers: 3, nHeads: 4, dFF: 384, maxLen: 112 },
    attacker: { promptLen: 32, maxNew: 48 },
    defender: { promptLen: 56, maxNew: 40 },
    sampling: { temperature: 1, topP: 1 },
    sft: { steps: 1500, batch: 32, lr: 2e-3, noCotFraction: 0.3 },
    rl: { minibatches: 2, clipEps: 0.2, gradClip: 1.0, warmupFrac: 0.03, scheduleIters: 300 },
    judge: { dEmb: 64, dHidden: 96, promptLen: 56, responseLen: 40, steps: 1500, batch: 64, lr: 2e-3, examples: 20000 },
    eval: { perSuite: 120, temperature: 1 },
  },
};

export function getPreset(name: PresetName): Preset {
  return PRESETS[name];
}

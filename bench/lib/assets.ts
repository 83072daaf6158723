/**
 * The model weights the bench runs: the shipped warm-start checkpoint of each preset, or — when it
 * is not there yet — a fresh untrained model packed the same way (the reward LM likewise).
 * Timings depend on shapes, not on weights, except that a trained model stops generating at <eos>
 * in lab.step() (the fixed-shape rows never stop early).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PresetName } from '../../src/engine/api';
import { LAB_VERSION, packLabCheckpoint, unpackLabCheckpoint } from '../../src/engine/checkpoint/labCheckpoint';
import { packRewardLM } from '../../src/engine/checkpoint/rewardLMFile';
import type { NamedTensor } from '../../src/engine/checkpoint/container';
import { SHIPPED_WARM_STARTS, shippedCheckpoint, shippedRewardLM } from '../../src/engine/config/assets';

const SHIPPED_REWARD_LM = shippedRewardLM('v1');
import { getPreset } from '../../src/engine/config/presets';
import { rewardLMConfig } from '../../src/engine/judge/buildRewardLM';
import { RewardLM } from '../../src/engine/judge/rewardLM';
import { paramSpecs } from '../../src/engine/model/params';
import { mulberry32, normalArray } from '../../src/engine/model/rng';
import type { ModelConfig } from '../../src/engine/model/types';
import { worldTokenizer } from '../../src/engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../src/engine/world/build';

/** public/ of the repo; LAB_PUBLIC overrides (the GPU bundle carries its own copy). */
export function publicDir(): string {
  if (process.env.LAB_PUBLIC) return process.env.LAB_PUBLIC;
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'public');
}

export interface PresetAssets {
  preset: PresetName;
  config: ModelConfig;
  weights: NamedTensor[];
  checkpoint: Uint8Array;
  /** 'shipped' or why a fresh model was used. */
  source: string;
}

/** Same init as `new GPT(config, seed)` (params.ts + rng.ts), without needing a tfjs backend. */
export function freshWeights(config: ModelConfig, seed: number): NamedTensor[] {
  const rand = mulberry32(seed);
  return paramSpecs(config).map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = s.init === 'normal' ? normalArray(n, s.std, rand) : new Float32Array(n).fill(s.init === 'ones' ? 1 : 0);
    return { name: s.name, shape: s.shape.slice(), data };
  });
}

export async function loadPresetAssets(name: PresetName): Promise<PresetAssets> {
  // The lab preset ships no warm start (it is trained on a GPU machine): a fresh model has its shapes.
  const file = SHIPPED_WARM_STARTS.v1.includes(name) ? join(publicDir(), shippedCheckpoint(name)) : null;
  if (file && existsSync(file)) {
    const bytes = new Uint8Array(readFileSync(file));
    const ck = await unpackLabCheckpoint(bytes);
    return { preset: name, config: ck.meta.model, weights: ck.policy, checkpoint: bytes, source: `shipped ${shippedCheckpoint(name)}` };
  }
  const preset = getPreset(name);
  const world = buildWorld(preset.worldSeed);
  const tokenizer = worldTokenizer();
  const config: ModelConfig = { ...preset.model, vocabSize: tokenizer.vocabSize };
  const weights = freshWeights(config, 1);
  const now = new Date().toISOString();
  const checkpoint = await packLabCheckpoint({
    meta: {
      version: LAB_VERSION, preset: name, worldSeed: preset.worldSeed, model: config, tokenizer: tokenizer.toJSON(), settings: null,
      step: 0, savedAt: now, rngState: null, optimizerStep: 0, history: [],
      warmStart: { seed: 1, steps: 0, finalLoss: NaN, command: 'bench: fresh untrained model (no shipped checkpoint)', createdAt: now, world: 'v1' },
    },
    policy: weights,
    ref: null,
    optimizer: null,
  });
  return { preset: name, config, weights, checkpoint, source: `fresh untrained model (${file ? `${shippedCheckpoint(name)} not found` : `no ${name} warm start ships`})` };
}

/** The shipped reward LM, or an untrained one of the shipped shape (needs an active tfjs backend). */
export async function loadRewardLM(): Promise<{ bytes: Uint8Array; source: string }> {
  const file = join(publicDir(), SHIPPED_REWARD_LM);
  if (existsSync(file)) return { bytes: new Uint8Array(readFileSync(file)), source: `shipped ${SHIPPED_REWARD_LM}` };
  const preset = getPreset('classroom');
  const tokenizer = worldTokenizer();
  const config = rewardLMConfig(tokenizer.vocabSize);
  const model = new RewardLM(config, 1);
  const weights = await model.getWeights();
  model.dispose();
  const bytes = await packRewardLM(
    {
      config, tokenizer: tokenizer.toJSON(), worldSeed: preset.worldSeed, seed: 1, world: 'v1',
      heldoutAccuracy: { q: NaN, ref: NaN, h: NaN, all: NaN }, createdAt: new Date().toISOString(), command: 'bench: untrained reward LM',
    },
    weights,
  );
  return { bytes, source: `untrained reward LM (${SHIPPED_REWARD_LM} not found)` };
}

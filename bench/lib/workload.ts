/**
 * Deterministic benchmark inputs for one preset: random prompts/completions in the preset's
 * sequence layouts (the shapes are what matter for speed), shared by our engine and the peer.
 */
import type { Role } from '../../src/engine/api';
import type { Preset } from '../../src/engine/config/presets';
import { packBatch, type Batch } from '../../src/engine/model/batch';
import type { ModelConfig } from '../../src/engine/model/types';
import { EOS_ID } from '../../src/engine/tokenizer/types';
import { Rng } from '../../src/engine/world/rng';

export const GEN_ROWS = 32; // generation rows (both layouts)
export const SFT_ROWS = 16; // per role: one SFT step = 16 attacker + 16 defender rows (B = 32)
export const RL_BATCH = 32; // lab batch: attacker rows 16, defender rows 32 (game/selfplay roleRows)
export const RL_ROWS: Record<Role, number> = { attacker: RL_BATCH / 2, defender: RL_BATCH };
export const SFT_LR = 2e-3;
export const RL_PPO = { minibatches: 2, clipEps: 0.2, gradClip: 1.0, lr: 1e-5, beta: 0.01, klAsLoss: false, sftCoef: 0 };

export interface Workload {
  preset: Preset;
  config: ModelConfig;
  genPrompts: Record<Role, number[][]>;
  sft: Record<Role, Batch>;
  rlPrompts: Record<Role, number[][]>;
  rlRewards: Record<Role, Float32Array>;
}

const ROLES: Role[] = ['attacker', 'defender'];

function randomIds(rng: Rng, n: number, V: number): number[] {
  return Array.from({ length: n }, () => 2 + Math.floor(rng.next() * (V - 2))); // no PAD / EOS
}

/** Prompts of P/2..P tokens (so rows carry different left padding). */
export function randomPrompts(rng: Rng, rows: number, P: number, V: number): number[][] {
  return Array.from({ length: rows }, () => randomIds(rng, Math.ceil(P / 2) + Math.floor(rng.next() * (P - Math.ceil(P / 2) + 1)), V));
}

/** Completions of N/4..N-1 tokens plus <eos>. */
export function randomCompletions(rng: Rng, rows: number, N: number, V: number): number[][] {
  return Array.from({ length: rows }, () => [...randomIds(rng, Math.floor(N / 4) + Math.floor(rng.next() * (N - Math.floor(N / 4))), V), EOS_ID]);
}

/**
 * The preset with its layouts set to a typical world game's block shapes (preset.typicalGame): what
 * a self-play iteration actually runs, since batches are as long as their games, not the window.
 */
export function makeWorkload(full: Preset, config: ModelConfig, seed = 7): Workload {
  const preset: Preset = { ...full, attacker: full.typicalGame.attacker, defender: full.typicalGame.defender };
  const rng = new Rng(seed);
  const V = config.vocabSize;
  const genPrompts = {} as Record<Role, number[][]>;
  const sft = {} as Record<Role, Batch>;
  const rlPrompts = {} as Record<Role, number[][]>;
  const rlRewards = {} as Record<Role, Float32Array>;
  for (const role of ROLES) {
    const { promptLen: P, maxNew: N } = preset[role];
    genPrompts[role] = randomPrompts(rng, GEN_ROWS, P, V);
    sft[role] = packBatch(randomPrompts(rng, SFT_ROWS, P, V), randomCompletions(rng, SFT_ROWS, N, V), P, P + N);
    rlPrompts[role] = randomPrompts(rng, RL_ROWS[role], P, V);
    rlRewards[role] = Float32Array.from({ length: RL_ROWS[role] }, () => (rng.next() < 0.5 ? -1 : 1) + (rng.next() - 0.5));
  }
  return { preset, config, genPrompts, sft, rlPrompts, rlRewards };
}

/** Prompt-only packing [rows, P] (left-padded), as generate() does internally. */
export function packPrompts(prompts: number[][], P: number): { ids: Int32Array; pos: Int32Array; keyMask: Float32Array } {
  const b = packBatch(prompts, [], P, P);
  return { ids: b.ids, pos: b.positions, keyMask: b.keyMask };
}

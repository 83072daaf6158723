/** Shared CLI plumbing: backend and reward-LM flags, loading a checkpoint into a Lab. */
import type { BackendChoice, Lab, WorldVersion } from '../engine/api';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA } from '../engine/config/settings';
import { createLab, restoreLab, type RewardLMSource } from '../engine/lab';
import { unpackLabCheckpoint } from '../engine/checkpoint/labCheckpoint';
import { shippedRewardLM } from '../engine/config/assets';
import { UsageError, boundsProblem, type FlagSpec, type Flags } from './args';
import { publicPath, readInput } from './io';
import { settingFlagDef } from './setting-flags';

/** The schema's backend setting; the CLI defaults to wasm (Node has no WebGPU without the `webgpu` package). */
export const BACKEND_FLAG: FlagSpec = {
  backend: { ...settingFlagDef(SETTINGS_SCHEMA.backend), default: 'wasm', help: 'cpu | wasm | webgpu | auto (Node WebGPU needs the `webgpu` package)' },
};
export const REWARD_LM_FLAG: FlagSpec = {
  'reward-lm': { kind: 'string', help: `reward LM file (default: the shipped one of the run's world, ${publicPath(shippedRewardLM('v1'))} or ${publicPath(shippedRewardLM('v2'))})` },
};

/**
 * --cot / --no-cot for commands that open any checkpoint: a warm start has no run settings, so it plays with
 * or without hidden CoT as asked (the experiment's no-CoT arm starts from it without); a run plays as trained.
 */
export const COT_FLAG: FlagSpec = {
  cot: { kind: 'boolean', help: 'a warm start answers with hidden CoT (default) or, with --no-cot, without, as a no-CoT run plays; a run checkpoint always plays as it was trained' },
};

/** The --reward-lm file, or the shipped judge of whichever world the run turns out to play in. */
export function rewardLMSource(flags: Flags): RewardLMSource {
  if (flags['reward-lm'] !== undefined) return readInput(String(flags['reward-lm']), 'reward LM');
  return (world: WorldVersion) => readInput(publicPath(shippedRewardLM(world)), `world ${world} reward LM`);
}

export function backendChoice(flags: Flags): BackendChoice {
  const b = String(flags.backend);
  const problem = boundsProblem('backend', BACKEND_FLAG.backend, b);
  if (problem) throw new UsageError(problem);
  return b as BackendChoice;
}

/** Node has no navigator.gpu: the `webgpu` package (Dawn) provides one. */
export async function nodeGpu(choice: BackendChoice): Promise<GPU | undefined> {
  if (choice !== 'webgpu') return undefined;
  try {
    const mod = (await import('webgpu')) as unknown as { create: (o: string[]) => GPU; globals: object };
    Object.assign(globalThis, mod.globals);
    return mod.create([]);
  } catch (e) {
    throw new UsageError(`--backend webgpu needs the npm package "webgpu" (${(e as Error).message})`);
  }
}

/** Open any checkpoint for inference: a run resumes as is, a warm start becomes a fresh run. */
export async function openCheckpoint(path: string, flags: Flags): Promise<Lab> {
  const bytes = readInput(path, 'checkpoint');
  const rewardLM = rewardLMSource(flags);
  const backend = backendChoice(flags);
  const gpu = await nodeGpu(backend);
  const { meta } = await unpackLabCheckpoint(bytes);
  const cot = flags.cot === undefined ? undefined : flags.cot === true;
  if (meta.settings) {
    if (cot !== undefined && cot !== meta.settings.cot) throw new UsageError(`${path} is a run trained ${meta.settings.cot ? 'with' : 'without'} hidden CoT; it plays as trained: drop --${cot ? '' : 'no-'}cot`);
    return restoreLab({ checkpoint: bytes, rewardLM, backend, gpu });
  }
  return createLab({ settings: { ...DEFAULT_SETTINGS, preset: meta.preset, backend, world: meta.warmStart.world, cot: cot ?? DEFAULT_SETTINGS.cot }, warmStart: bytes, rewardLM, gpu });
}

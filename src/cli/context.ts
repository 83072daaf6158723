/** Shared CLI plumbing: backend flags, loading a checkpoint into a Lab, settings from flags. */
import type { BackendChoice, Lab, LabSettings } from '../engine/api';
import { DEFAULT_SETTINGS, parseSettings } from '../engine/config/settings';
import { createLab, restoreLab } from '../engine/lab';
import { unpackLabCheckpoint } from '../engine/checkpoint/labCheckpoint';
import { SHIPPED_REWARD_LM } from '../engine/config/assets';
import { UsageError, type FlagSpec, type Flags } from './args';
import { publicPath, readInput } from './io';

export const BACKEND_FLAG: FlagSpec = {
  backend: { kind: 'string', help: 'cpu | wasm | webgpu (Node WebGPU needs the `webgpu` package)', default: 'wasm' },
};
export const REWARD_LM_FLAG: FlagSpec = {
  'reward-lm': { kind: 'string', help: 'reward LM file', default: publicPath(SHIPPED_REWARD_LM) },
};

export function backendChoice(flags: Flags): BackendChoice {
  const b = String(flags.backend);
  if (!['cpu', 'wasm', 'webgpu', 'auto'].includes(b)) throw new UsageError(`--backend must be cpu, wasm or webgpu, got "${b}"`);
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

/** Settings from the standard flags (every LabSettings key may be passed as --key). */
export function settingsFromFlags(flags: Flags, keys: (keyof LabSettings)[]): LabSettings {
  const raw: Record<string, string> = {};
  for (const k of keys) if (flags[k] !== undefined) raw[k] = String(flags[k]);
  const { settings, errors } = parseSettings(raw, DEFAULT_SETTINGS);
  if (errors.length) throw new UsageError(errors.map((e) => e.message).join('; '));
  return settings;
}

/** Open any checkpoint for inference: a run resumes as is, a warm start becomes a fresh run. */
export async function openCheckpoint(path: string, flags: Flags): Promise<Lab> {
  const bytes = readInput(path, 'checkpoint');
  const rewardLM = readInput(String(flags['reward-lm']), 'reward LM');
  const backend = backendChoice(flags);
  const gpu = await nodeGpu(backend);
  const { meta } = await unpackLabCheckpoint(bytes);
  if (meta.settings) return restoreLab({ checkpoint: bytes, rewardLM, backend, gpu });
  return createLab({ settings: { ...DEFAULT_SETTINGS, preset: meta.preset, backend }, warmStart: bytes, rewardLM, gpu });
}

/**
 * Lab checkpoints: policy weights (+ the frozen reference and Adam state once RL has begun), the
 * tokenizer, step, RNG state, settings and the metric history — everything a resume needs to
 * continue at the same iteration with the same random stream. The shipped warm start is the same
 * format with only the policy.
 */
import type { CheckpointSummary, IterationMetrics, LabSettings, PresetName } from '../api';
import { validateSettingsObject } from '../config/settings';
import { LabError } from '../errors';
import type { ModelConfig } from '../model/types';
import type { TokenizerJSON } from '../tokenizer/tokenizer';
import { packContainer, unpackContainer, type NamedTensor } from './container';

export const LAB_KIND = 'lab-checkpoint';
export const LAB_VERSION = 1;

export interface WarmStartInfo {
  seed: number;
  steps: number;
  finalLoss: number;
  command: string;
  createdAt: string;
}

export interface LabCheckpointMeta {
  version: number;
  preset: PresetName;
  worldSeed: number;
  model: ModelConfig;
  tokenizer: TokenizerJSON;
  /** null for a warm-start checkpoint (no run yet). */
  settings: LabSettings | null;
  step: number;
  savedAt: string;
  rngState: number[] | null;
  optimizerStep: number;
  history: IterationMetrics[];
  warmStart: WarmStartInfo;
}

export interface LabCheckpoint {
  meta: LabCheckpointMeta;
  policy: NamedTensor[];
  ref: NamedTensor[] | null;
  optimizer: Map<string, NamedTensor> | null;
}

export async function packLabCheckpoint(c: LabCheckpoint): Promise<Uint8Array> {
  const tensors = [
    ...c.policy.map((t) => ({ ...t, name: `policy/${t.name}` })),
    ...(c.ref ?? []).map((t) => ({ ...t, name: `ref/${t.name}` })),
    ...[...(c.optimizer?.values() ?? [])].map((t) => ({ ...t, name: `opt/${t.name}` })),
  ];
  return packContainer({ kind: LAB_KIND, ...c.meta, hasRef: c.ref !== null, hasOptimizer: c.optimizer !== null }, tensors);
}

export async function unpackLabCheckpoint(bytes: Uint8Array): Promise<LabCheckpoint> {
  const { header, tensors } = await unpackContainer(bytes, LAB_KIND);
  const meta = header as unknown as LabCheckpointMeta & { hasRef: boolean; hasOptimizer: boolean };
  if (meta.version !== LAB_VERSION) {
    throw new LabError('checkpoint-foreign', `Checkpoint format version ${meta.version} is not supported (expected ${LAB_VERSION}).`);
  }
  if (meta.settings !== null) {
    const { errors } = validateSettingsObject(meta.settings);
    if (errors.length) throw new LabError('checkpoint-corrupt', `Checkpoint settings are invalid: ${errors.map((e) => e.message).join('; ')}`);
  }
  const group = (prefix: string) =>
    [...tensors.values()].filter((t) => t.name.startsWith(prefix)).map((t) => ({ ...t, name: t.name.slice(prefix.length) }));
  const policy = group('policy/');
  if (policy.length === 0) throw new LabError('checkpoint-corrupt', 'Checkpoint holds no policy weights.');
  const ref = meta.hasRef ? group('ref/') : null;
  const optimizer = meta.hasOptimizer ? new Map(group('opt/').map((t) => [t.name, t])) : null;
  return { meta, policy, ref, optimizer };
}

export function summarize(meta: LabCheckpointMeta, defaults: LabSettings): CheckpointSummary {
  return {
    step: meta.step,
    savedAt: meta.savedAt,
    settings: meta.settings ?? { ...defaults, preset: meta.preset },
    lastMetrics: meta.history.length ? meta.history[meta.history.length - 1] : null,
  };
}

/**
 * Lab checkpoints: policy weights (+ the frozen reference and Adam state once RL has begun), the
 * tokenizer, step, RNG state, settings and the metric history — everything a resume needs to
 * continue at the same iteration with the same random stream. The shipped warm start is the same
 * format with only the policy.
 */
import type { CheckpointSummary, LabSettings } from '../api';
import { packContainer, unpackContainer, type NamedTensor } from './container';
import { checkLabMeta, LAB_VERSION, type LabCheckpointMeta } from './labCheckpointMeta';
import { checkPlayLog, type PlayLog } from './playLog';

export { LAB_VERSION, type LabCheckpointMeta, type WarmStartInfo } from './labCheckpointMeta';

export const LAB_KIND = 'lab-checkpoint';

export interface LabCheckpoint {
  meta: LabCheckpointMeta;
  policy: NamedTensor[];
  ref: NamedTensor[] | null;
  optimizer: Map<string, NamedTensor> | null;
  /** Human attacks and recent games (run checkpoints; absent in warm starts and older files). */
  play?: PlayLog;
}

export async function packLabCheckpoint(c: LabCheckpoint): Promise<Uint8Array> {
  const tensors = [
    ...c.policy.map((t) => ({ ...t, name: `policy/${t.name}` })),
    ...(c.ref ?? []).map((t) => ({ ...t, name: `ref/${t.name}` })),
    ...[...(c.optimizer?.values() ?? [])].map((t) => ({ ...t, name: `opt/${t.name}` })),
  ];
  const play = c.play ? { play: c.play } : {};
  return packContainer({ kind: LAB_KIND, ...c.meta, ...play, hasRef: c.ref !== null, hasOptimizer: c.optimizer !== null }, tensors);
}

export async function unpackLabCheckpoint(bytes: Uint8Array): Promise<LabCheckpoint> {
  const { header, tensors } = await unpackContainer(bytes, LAB_KIND);
  const { meta, hasRef, hasOptimizer } = checkLabMeta(header, [...tensors.values()]);
  const group = (prefix: string) =>
    [...tensors.values()].filter((t) => t.name.startsWith(prefix)).map((t) => ({ ...t, name: t.name.slice(prefix.length) }));
  const policy = group('policy/');
  const ref = hasRef ? group('ref/') : null;
  const optimizer = hasOptimizer ? new Map(group('opt/').map((t) => [t.name, t])) : null;
  return { meta, policy, ref, optimizer, play: checkPlayLog(header) };
}

export function summarize(meta: LabCheckpointMeta, defaults: LabSettings): CheckpointSummary {
  return {
    step: meta.step,
    savedAt: meta.savedAt,
    settings: meta.settings ?? { ...defaults, preset: meta.preset, world: meta.warmStart.world },
    lastMetrics: meta.history.length ? meta.history[meta.history.length - 1] : null,
  };
}

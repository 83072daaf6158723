/** How each LabSettings field is presented: label, help text, input kind, group. */
import type { LabSettings } from '../../engine/api';

export type FieldKind =
  | { type: 'select'; options: { value: string; label: string }[] }
  | { type: 'bool' }
  | { type: 'number'; min: number; max: number; step: number | 'any'; integer?: boolean };

export interface FieldSpec {
  key: keyof LabSettings;
  label: string;
  help: string;
  kind: FieldKind;
}

export interface FieldGroup {
  id: string;
  title: string;
  fields: FieldSpec[];
}

export const FIELD_GROUPS: FieldGroup[] = [
  {
    id: 'experiment',
    title: 'Experiment',
    fields: [
      {
        key: 'preset',
        label: 'Model size',
        help: 'Tiny trains fastest (good for slow laptops and tests); Classroom is larger and learns more.',
        kind: { type: 'select', options: [{ value: 'classroom', label: 'Classroom' }, { value: 'tiny', label: 'Tiny' }] },
      },
      {
        key: 'mode',
        label: 'Who learns',
        help: 'Self-play trains both roles; the ablations freeze one side, as in the paper.',
        kind: {
          type: 'select',
          options: [
            { value: 'selfplay', label: 'Self-play (both roles)' },
            { value: 'attacker-only', label: 'Attacker only' },
            { value: 'defender-only', label: 'Defender only' },
          ],
        },
      },
      {
        key: 'cot',
        label: 'Hidden chain of thought',
        help: 'Each role may think privately before its public move; opponent and judge see only the move.',
        kind: { type: 'bool' },
      },
      {
        key: 'seed',
        label: 'Random seed',
        help: 'The same seed and settings give the same run.',
        kind: { type: 'number', min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
      },
      {
        key: 'backend',
        label: 'Compute backend',
        help: 'Auto uses a real GPU through WebGPU when there is one, else WebAssembly. Forcing WebGPU allows a slow software GPU.',
        kind: {
          type: 'select',
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'webgpu', label: 'WebGPU' },
            { value: 'wasm', label: 'WebAssembly' },
            { value: 'cpu', label: 'Plain JavaScript (slow)' },
          ],
        },
      },
    ],
  },
  {
    id: 'game',
    title: 'Game and rewards',
    fields: [
      {
        key: 'reward',
        label: 'Reward type',
        help: 'General-sum uses the official code’s separate terms per role; zero-sum gives the defender minus the attacker’s reward.',
        kind: {
          type: 'select',
          options: [
            { value: 'general-sum', label: 'General-sum (official code)' },
            { value: 'zero-sum', label: 'Zero-sum (paper theory)' },
          ],
        },
      },
      {
        key: 'judge',
        label: 'Judge used for rewards',
        help: 'The reward LM is a small neural classifier (like WildGuard) and can be fooled; the oracle knows the truth.',
        kind: {
          type: 'select',
          options: [
            { value: 'reward-lm', label: 'Reward LM (neural)' },
            { value: 'oracle', label: 'Oracle (exact)' },
          ],
        },
      },
      {
        key: 'labelFlipGuard',
        label: 'Label-flip guard',
        help: 'Stops the attacker from earning reward by turning a benign seed into a harmful prompt.',
        kind: { type: 'bool' },
      },
      {
        key: 'staticAttacks',
        label: 'Attacks in defender-only mode',
        help: 'Where attacks come from when the attacker does not learn.',
        kind: {
          type: 'select',
          options: [
            { value: 'frozen-attacker', label: 'Frozen starting attacker' },
            { value: 'templates', label: 'Hand-written templates' },
          ],
        },
      },
    ],
  },
  {
    id: 'rl',
    title: 'Reinforcement learning',
    fields: [
      {
        key: 'batch',
        label: 'Games per iteration',
        help: 'Seeds played in each iteration (the RL batch).',
        kind: { type: 'number', min: 4, max: 256, step: 1, integer: true },
      },
      {
        key: 'lr',
        label: 'Learning rate',
        help: 'Peak learning rate of Adam (cosine schedule with warmup).',
        kind: { type: 'number', min: 1e-7, max: 1e-2, step: 'any' },
      },
      {
        key: 'beta',
        label: 'KL penalty β',
        help: 'How strongly the model is held close to its starting point.',
        kind: { type: 'number', min: 0, max: 1, step: 'any' },
      },
      {
        key: 'klAsLoss',
        label: 'KL as a loss term',
        help: 'Apply the KL penalty as a loss instead of inside the per-token reward.',
        kind: { type: 'bool' },
      },
      {
        key: 'baseline',
        label: 'Baseline',
        help: 'Group baselines sample several answers per seed (GRPO / RLOO style).',
        kind: {
          type: 'select',
          options: [
            { value: 'none', label: 'None (REINFORCE++)' },
            { value: 'grpo', label: 'GRPO group mean' },
            { value: 'rloo', label: 'RLOO leave-one-out' },
          ],
        },
      },
      {
        key: 'groupSize',
        label: 'Samples per seed',
        help: 'Group size when a baseline is on.',
        kind: { type: 'number', min: 2, max: 16, step: 1, integer: true },
      },
      {
        key: 'sftCoef',
        label: 'SFT loss weight',
        help: 'Auxiliary supervised loss on defender demonstrations (the paper’s “Self-play + SFT”); 0 turns it off.',
        kind: { type: 'number', min: 0, max: 10, step: 'any' },
      },
    ],
  },
];

export const FIELD_BY_KEY: Record<keyof LabSettings, FieldSpec> = Object.fromEntries(
  FIELD_GROUPS.flatMap((g) => g.fields).map((f) => [f.key, f]),
) as Record<keyof LabSettings, FieldSpec>;

export function describeValue(key: keyof LabSettings, value: LabSettings[keyof LabSettings]): string {
  const f = FIELD_BY_KEY[key];
  if (f.kind.type === 'select') return f.kind.options.find((o) => o.value === value)?.label ?? String(value);
  if (f.kind.type === 'bool') return value ? 'on' : 'off';
  return String(value);
}

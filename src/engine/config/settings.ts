/**
 * The settings schema: one row per setting (kind, bounds, default, help, UI label and group, CLI
 * flag). Everything else is derived from it: DEFAULT_SETTINGS, the URL and CLI string parser, the
 * validator for settings read from files, the page's form fields (src/ui/state/setting-fields.ts),
 * the CLI's setting flags (src/cli/setting-flags.ts) and the page's autosave rule. Adding a knob is
 * one row here (plus its field in LabSettings).
 *
 * Lookups go through Maps / Object.hasOwn only, so names such as `constructor` or `__proto__` are
 * plain unknown settings, never Object.prototype members.
 */
import type { LabSettings } from '../api';

export type SettingKey = keyof LabSettings;
export type SettingGroup = 'experiment' | 'game' | 'rl';

interface RowCommon {
  /** Form label on the page. */
  label: string;
  /** One sentence shown under the field and in `--help`. */
  help: string;
  group: SettingGroup;
  /** CLI flag name (without `--`). */
  flag: string;
}
export interface ChoiceRow extends RowCommon {
  kind: 'choice';
  options: readonly { value: string; label: string }[];
  default: string;
}
export interface BoolRow extends RowCommon {
  kind: 'bool';
  default: boolean;
}
export interface NumberRow extends RowCommon {
  kind: 'number';
  min: number;
  max: number;
  integer: boolean;
  default: number;
}
export type SettingRow = ChoiceRow | BoolRow | NumberRow;

export const SETTING_GROUPS: readonly { id: SettingGroup; title: string }[] = [
  { id: 'experiment', title: 'Experiment' },
  { id: 'game', title: 'Game and rewards' },
  { id: 'rl', title: 'Reinforcement learning' },
];

/** Row order is the order of the page's form fields and of the CLI's `--help`. */
export const SETTINGS_SCHEMA: Record<SettingKey, SettingRow> = {
  preset: {
    kind: 'choice', group: 'experiment', flag: 'preset', default: 'classroom',
    label: 'Model size',
    help: 'Tiny trains fastest (good for slow laptops and tests); Classroom is larger and learns more; Lab (5.9M parameters) is meant for a WebGPU GPU, is slow on a CPU and ships no warm start (train one from the command line).',
    options: [{ value: 'classroom', label: 'Classroom' }, { value: 'tiny', label: 'Tiny' }, { value: 'lab', label: 'Lab (5.9M, for WebGPU)' }],
  },
  mode: {
    kind: 'choice', group: 'experiment', flag: 'mode', default: 'selfplay',
    label: 'Who learns',
    help: 'Self-play trains both roles; the ablations freeze one side, as in the paper.',
    options: [
      { value: 'selfplay', label: 'Self-play (both roles)' },
      { value: 'attacker-only', label: 'Attacker only' },
      { value: 'defender-only', label: 'Defender only' },
    ],
  },
  world: {
    kind: 'choice', group: 'experiment', flag: 'world', default: 'v1',
    label: 'World',
    help: 'The first world asks 108 fixed phrases wrapped by 10 tactics; world v2 asks each request in 50 ways and lets the attacker compose 24 tactic families, 6 of them held out for evaluation. Each world has its own warm start and judge.',
    options: [
      { value: 'v1', label: 'First world' },
      { value: 'v2', label: 'World v2 (open attack space)' },
    ],
  },
  cot: {
    kind: 'bool', group: 'experiment', flag: 'cot', default: true,
    label: 'Hidden chain of thought',
    help: 'Each role may think privately before its public move; opponent and judge see only the move.',
  },
  seed: {
    kind: 'number', group: 'experiment', flag: 'seed', default: 1, min: 0, max: 2 ** 31 - 1, integer: true,
    label: 'Random seed',
    help: 'The same seed and settings give the same run.',
  },
  backend: {
    kind: 'choice', group: 'experiment', flag: 'backend', default: 'auto',
    label: 'Compute backend',
    help: 'Auto uses a real GPU through WebGPU when there is one, else WebAssembly. Forcing WebGPU allows a slow software GPU.',
    options: [
      { value: 'auto', label: 'Auto' },
      { value: 'webgpu', label: 'WebGPU' },
      { value: 'wasm', label: 'WebAssembly' },
      { value: 'cpu', label: 'Plain JavaScript (slow)' },
    ],
  },
  reward: {
    kind: 'choice', group: 'game', flag: 'reward', default: 'general-sum',
    label: 'Reward type',
    help: 'General-sum uses the official code’s separate terms per role; zero-sum gives the defender minus the attacker’s reward.',
    options: [
      { value: 'general-sum', label: 'General-sum (official code)' },
      { value: 'zero-sum', label: 'Zero-sum (paper theory)' },
    ],
  },
  judge: {
    kind: 'choice', group: 'game', flag: 'judge', default: 'reward-lm',
    label: 'Judge used for rewards',
    help: 'The reward LM is a small neural classifier (like WildGuard) and can be fooled; the oracle knows the truth.',
    options: [
      { value: 'reward-lm', label: 'Reward LM (neural)' },
      { value: 'oracle', label: 'Oracle (exact)' },
    ],
  },
  labelFlipGuard: {
    kind: 'bool', group: 'game', flag: 'label-flip-guard', default: false,
    label: 'Label-flip guard',
    help: 'Stops the attacker from earning reward by turning a benign seed into a harmful prompt.',
  },
  staticAttacks: {
    kind: 'choice', group: 'game', flag: 'static-attacks', default: 'frozen-attacker',
    label: 'Attacks in defender-only mode',
    help: 'Where attacks come from when the attacker does not learn.',
    options: [
      { value: 'frozen-attacker', label: 'Frozen starting attacker' },
      { value: 'templates', label: 'Hand-written templates' },
    ],
  },
  batch: {
    kind: 'number', group: 'rl', flag: 'batch', default: 32, min: 4, max: 256, integer: true,
    label: 'Games per iteration',
    help: 'Seeds played in each iteration (the RL batch); a multiple of 4 × the group size.',
  },
  lr: {
    kind: 'number', group: 'rl', flag: 'lr', default: 3e-4, min: 1e-7, max: 1e-2, integer: false,
    label: 'Learning rate',
    help: 'Peak learning rate of Adam (cosine schedule with warmup).',
  },
  beta: {
    kind: 'number', group: 'rl', flag: 'beta', default: 0.01, min: 0, max: 1, integer: false,
    label: 'KL penalty β',
    help: 'How strongly the model is held close to its starting point.',
  },
  klAsLoss: {
    kind: 'bool', group: 'rl', flag: 'kl-as-loss', default: false,
    label: 'KL as a loss term',
    help: 'Apply the KL penalty as a loss instead of inside the per-token reward.',
  },
  baseline: {
    kind: 'choice', group: 'rl', flag: 'baseline', default: 'none',
    label: 'Baseline',
    help: 'Group baselines sample several answers per seed (GRPO / RLOO style).',
    options: [
      { value: 'none', label: 'None (REINFORCE++)' },
      { value: 'grpo', label: 'GRPO group mean' },
      { value: 'rloo', label: 'RLOO leave-one-out' },
    ],
  },
  groupSize: {
    kind: 'number', group: 'rl', flag: 'group-size', default: 4, min: 2, max: 16, integer: true,
    label: 'Samples per seed',
    help: 'Group size when a baseline is on.',
  },
  sftCoef: {
    kind: 'number', group: 'rl', flag: 'sft-coef', default: 0, min: 0, max: 10, integer: false,
    label: 'SFT loss weight',
    help: 'Auxiliary supervised loss on defender demonstrations (the paper’s “Self-play + SFT”); 0 turns it off.',
  },
};

/** Page settings that are not part of a run (kept in the URL, not in checkpoints). */
export const PAGE_SETTINGS_SCHEMA = {
  autosave: {
    kind: 'number', group: 'experiment', flag: 'autosave', default: 10, min: 0, max: 1000, integer: true,
    label: 'Autosave every',
    help: 'Save the run to this browser every N iterations (0: only on pause).',
  },
} satisfies Record<string, NumberRow>;

export const SETTING_KEYS = Object.keys(SETTINGS_SCHEMA) as SettingKey[];
const ROWS = new Map<string, SettingRow>(Object.entries(SETTINGS_SCHEMA));

/** The row of a setting name from outside (URL, flag, file), or undefined: never a prototype member. */
export function settingRow(name: string): SettingRow | undefined {
  return ROWS.get(name);
}

export function isSettingKey(name: string): name is SettingKey {
  return ROWS.has(name);
}

export const DEFAULT_SETTINGS: LabSettings = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS_SCHEMA[k].default])) as unknown as LabSettings;

/** What a valid value looks like, for messages: "between 4 and 256", "one of tiny, classroom". */
export function describeBounds(row: SettingRow): string {
  if (row.kind === 'choice') return `one of ${row.options.map((o) => o.value).join(', ')}`;
  if (row.kind === 'bool') return 'true or false';
  return `${row.integer ? 'a whole number ' : ''}between ${row.min} and ${row.max}`;
}

export type SettingValue = string | number | boolean;
export type Checked = { ok: true; value: SettingValue } | { ok: false; message: string };

/** Parse a string (URL query, CLI flag, form input) against a row. */
export function parseValue(row: SettingRow, raw: string): Checked {
  if (row.kind === 'bool') {
    if (['1', 'true', 'yes', 'on'].includes(raw)) return { ok: true, value: true };
    if (['0', 'false', 'no', 'off'].includes(raw)) return { ok: true, value: false };
    return { ok: false, message: 'must be true or false' };
  }
  if (row.kind === 'choice') return checkValue(row, raw);
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) return { ok: false, message: 'must be a number' };
  return checkValue(row, v);
}

/** Check a typed value (from a JSON file): a boolean must be a real boolean, a number a real number. */
export function checkValue(row: SettingRow, v: unknown): Checked {
  if (row.kind === 'bool') return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, message: 'must be true or false (a JSON boolean)' };
  if (row.kind === 'choice') {
    return typeof v === 'string' && row.options.some((o) => o.value === v) ? { ok: true, value: v } : { ok: false, message: `must be ${describeBounds(row)}` };
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, message: 'must be a number' };
  if (row.integer && !Number.isInteger(v)) return { ok: false, message: 'must be a whole number' };
  if (v < row.min || v > row.max) return { ok: false, message: `must be between ${row.min} and ${row.max}` };
  return { ok: true, value: v };
}

export interface SettingsError {
  field: string;
  value: string;
  message: string;
}

const fieldError = (field: string, value: string, message: string): SettingsError => ({ field, value, message });

/**
 * Parse string fields (URL params, CLI flags). Unknown names are errors too, so typos are visible;
 * a bad value falls back to its base value alone. Takes pairs so that a name like `__proto__` stays data.
 */
export function parseSettings(
  raw: Iterable<readonly [string, string]> | Record<string, string>,
  base: LabSettings = DEFAULT_SETTINGS,
): { settings: LabSettings; errors: SettingsError[] } {
  const settings: LabSettings = { ...base };
  const errors: SettingsError[] = [];
  const pairs = Symbol.iterator in raw ? (raw as Iterable<readonly [string, string]>) : Object.entries(raw);
  for (const [field, value] of pairs) {
    const row = settingRow(field);
    if (!row) {
      errors.push(fieldError(field, value, `unknown setting "${field}"`));
      continue;
    }
    const parsed = parseValue(row, value);
    if (!parsed.ok) errors.push(fieldError(field, value, `${field}=${value}: ${parsed.message}; using default ${String(base[field as SettingKey])}`));
    else (settings as unknown as Record<string, SettingValue>)[field] = parsed.value;
  }
  return { settings, errors };
}

/** Only fields that differ from the defaults, so links stay short. */
export function settingsToParams(settings: LabSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    if (settings[key] !== DEFAULT_SETTINGS[key]) out[key] = String(settings[key]);
  }
  return out;
}

/**
 * Validate a full settings object read from a file (checkpoint header). Values must have the
 * schema's JSON type (`"no"` is not a boolean); unknown names are errors; a missing name takes its
 * default (files written before that setting existed). Callers must use the returned `settings`.
 */
export function validateSettingsObject(obj: unknown): { settings: LabSettings; errors: SettingsError[] } {
  const settings: LabSettings = { ...DEFAULT_SETTINGS };
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return { settings, errors: [fieldError('*', String(obj), 'settings must be an object')] };
  }
  const errors: SettingsError[] = [];
  for (const [field, value] of Object.entries(obj)) {
    const row = settingRow(field);
    if (!row) {
      errors.push(fieldError(field, JSON.stringify(value) ?? String(value), `unknown setting "${field}"`));
      continue;
    }
    const checked = checkValue(row, value);
    if (!checked.ok) errors.push(fieldError(field, JSON.stringify(value) ?? String(value), `${field}=${JSON.stringify(value)}: ${checked.message}`));
    else (settings as unknown as Record<string, SettingValue>)[field] = checked.value;
  }
  return { settings, errors };
}

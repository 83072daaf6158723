/**
 * LabSettings: defaults, validation and (de)serialization. The one place where user input
 * (URL query, CLI flags, imported checkpoints) becomes a typed config. Each bad field yields
 * an error and falls back to its default alone.
 */
import type { LabSettings } from '../api';

export const DEFAULT_SETTINGS: LabSettings = {
  preset: 'classroom',
  mode: 'selfplay',
  cot: true,
  reward: 'general-sum',
  labelFlipGuard: false,
  staticAttacks: 'frozen-attacker',
  judge: 'reward-lm',
  beta: 0.01,
  lr: 3e-4,
  batch: 32,
  seed: 1,
  backend: 'auto',
  baseline: 'none',
  groupSize: 4,
  klAsLoss: false,
  sftCoef: 0,
};

export interface SettingsError {
  field: string;
  value: string;
  message: string;
}

type Parser = (raw: string) => unknown | SettingsErrorMessage;
class SettingsErrorMessage {
  constructor(readonly message: string) {}
}

const oneOf =
  <T extends string>(...values: T[]): Parser =>
  (raw) =>
    (values as string[]).includes(raw) ? raw : new SettingsErrorMessage(`must be one of ${values.join(', ')}`);

const bool: Parser = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return new SettingsErrorMessage('must be true or false');
};

const num =
  (min: number, max: number, integer = false): Parser =>
  (raw) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return new SettingsErrorMessage('must be a number');
    if (integer && !Number.isInteger(v)) return new SettingsErrorMessage('must be a whole number');
    if (v < min || v > max) return new SettingsErrorMessage(`must be between ${min} and ${max}`);
    return v;
  };

export const SETTING_PARSERS: Record<keyof LabSettings, Parser> = {
  preset: oneOf('tiny', 'classroom'),
  mode: oneOf('selfplay', 'attacker-only', 'defender-only'),
  cot: bool,
  reward: oneOf('general-sum', 'zero-sum'),
  labelFlipGuard: bool,
  staticAttacks: oneOf('frozen-attacker', 'templates'),
  judge: oneOf('reward-lm', 'oracle'),
  beta: num(0, 1),
  lr: num(1e-7, 1e-2),
  batch: num(4, 256, true),
  seed: num(0, 2 ** 31 - 1, true),
  backend: oneOf('auto', 'webgpu', 'wasm', 'cpu'),
  baseline: oneOf('none', 'grpo', 'rloo'),
  groupSize: num(2, 16, true),
  klAsLoss: bool,
  sftCoef: num(0, 10),
};

export const SETTING_KEYS = Object.keys(SETTING_PARSERS) as (keyof LabSettings)[];

/** Parse string fields (URL params, CLI flags). Unknown keys are errors too, so typos are visible. */
export function parseSettings(
  raw: Record<string, string>,
  base: LabSettings = DEFAULT_SETTINGS,
): { settings: LabSettings; errors: SettingsError[] } {
  const settings: LabSettings = { ...base };
  const errors: SettingsError[] = [];
  for (const [field, value] of Object.entries(raw)) {
    if (!(field in SETTING_PARSERS)) {
      errors.push({ field, value, message: `unknown setting "${field}"` });
      continue;
    }
    const key = field as keyof LabSettings;
    const parsed = SETTING_PARSERS[key](value);
    if (parsed instanceof SettingsErrorMessage) {
      errors.push({ field, value, message: `${field}=${value}: ${parsed.message}; using default ${String(base[key])}` });
    } else {
      (settings as unknown as Record<string, unknown>)[key] = parsed;
    }
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

/** Validate a full settings object coming from a file (checkpoint import). */
export function validateSettingsObject(obj: unknown): { settings: LabSettings; errors: SettingsError[] } {
  if (typeof obj !== 'object' || obj === null) {
    return { settings: { ...DEFAULT_SETTINGS }, errors: [{ field: '*', value: String(obj), message: 'settings must be an object' }] };
  }
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) raw[k] = String(v);
  return parseSettings(raw);
}

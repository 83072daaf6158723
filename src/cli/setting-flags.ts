/**
 * The CLI's setting flags, derived from the settings schema (src/engine/config/settings.ts): one
 * flag per schema row with the row's flag name, bounds, options and help. Flags carry no default
 * here, so a command can tell what the user actually passed (`--resume` compares exactly those).
 */
import type { LabSettings } from '../engine/api';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTINGS_SCHEMA, parseSettings, type SettingKey, type SettingRow } from '../engine/config/settings';
import { validateRunSettings } from '../engine/lab';
import { LabError } from '../engine/errors';
import { UsageError, type FlagDef, type FlagSpec, type Flags } from './args';

export function settingFlagDef(row: SettingRow): FlagDef {
  const help = `${row.help} (default ${String(row.default)})`;
  if (row.kind === 'bool') return { kind: 'boolean', help: `${row.help} (default ${String(row.default)}; --no-${row.flag} turns it off)` };
  if (row.kind === 'choice') {
    const values = row.options.map((o) => o.value);
    return { kind: 'string', help: `${values.join(' | ')}: ${help}`, choices: values };
  }
  return { kind: 'number', help, min: row.min, max: row.max, integer: row.integer };
}

/** Flags for every setting except `exclude` (settings a command fixes itself). Recomputed per call. */
export function settingFlags(exclude: readonly SettingKey[] = []): FlagSpec {
  const spec: FlagSpec = {};
  for (const key of SETTING_KEYS) if (!exclude.includes(key)) spec[SETTINGS_SCHEMA[key].flag] = settingFlagDef(SETTINGS_SCHEMA[key]);
  return spec;
}

/** Flag name → setting key (a Map: a flag named like an Object.prototype member is just absent). */
export const FLAG_TO_SETTING: ReadonlyMap<string, SettingKey> = new Map(SETTING_KEYS.map((k) => [SETTINGS_SCHEMA[k].flag, k]));

/** The settings whose flags the user passed (defaults are not "passed"). */
export function passedSettings(flags: Flags, exclude: readonly SettingKey[] = []): Partial<LabSettings> {
  const pairs: [string, string][] = [];
  for (const [flag, key] of FLAG_TO_SETTING) {
    if (!exclude.includes(key) && Object.hasOwn(flags, flag) && flags[flag] !== undefined) pairs.push([key, String(flags[flag])]);
  }
  const { settings, errors } = parseSettings(pairs);
  if (errors.length) throw new UsageError(errors.map((e) => e.message.replace(/; using default .*/, '')).join('; '));
  return Object.fromEntries(pairs.map(([k]) => [k, settings[k as SettingKey]])) as Partial<LabSettings>;
}

/** Full, validated run settings: the passed flags over `base`, checked against the engine's cross-field rules. */
export function settingsFromFlags(flags: Flags, base: LabSettings = DEFAULT_SETTINGS, exclude: readonly SettingKey[] = []): LabSettings {
  return checkRunSettings({ ...base, ...passedSettings(flags, exclude) });
}

/** The engine's cross-field rules (e.g. batch vs group size) as a usage error, before any work. */
export function checkRunSettings(s: LabSettings): LabSettings {
  try {
    validateRunSettings(s);
  } catch (e) {
    if (e instanceof LabError) throw new UsageError(e.message);
    throw e;
  }
  return s;
}

/** One setting as the flag that sets it: `--lr 0.001`, `--no-cot`. */
export function flagText(key: SettingKey, value: unknown): string {
  const row = SETTINGS_SCHEMA[key];
  if (row.kind === 'bool' && typeof value === 'boolean') return value ? `--${row.flag}` : `--no-${row.flag}`;
  return `--${row.flag} ${String(value)}`;
}

/** `--flag value` text for settings that differ from `base` (command lines written into reports). */
export function settingsAsFlags(s: LabSettings, base: LabSettings = DEFAULT_SETTINGS, keys: readonly SettingKey[] = SETTING_KEYS): string {
  const parts: string[] = [];
  for (const key of keys) {
    if (s[key] !== base[key]) parts.push(flagText(key, s[key]));
  }
  return parts.join(' ');
}

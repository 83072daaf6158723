/**
 * URL query <-> settings. LabSettings fields go through the schema's parseSettings (bad values fall
 * back per field with a message); `autosave` is a page setting with its own schema row.
 */
import type { LabSettings } from '../../engine/api';
import { PAGE_SETTINGS_SCHEMA, parseSettings, parseValue, settingsToParams, type SettingsError } from '../../engine/config/settings';

const AUTOSAVE = PAGE_SETTINGS_SCHEMA.autosave;
export const DEFAULT_AUTOSAVE_EVERY = AUTOSAVE.default;

/** The autosave interval from a raw string, or the reason it is not one (the rule lives in the schema). */
export function parseAutosave(raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const r = parseValue(AUTOSAVE, raw);
  return r.ok ? { ok: true, value: r.value as number } : { ok: false, message: `${r.message} (0 turns autosave off)` };
}

export interface UrlState {
  settings: LabSettings;
  autosaveEvery: number;
  errors: SettingsError[];
}

export function readUrl(search: string): UrlState {
  const pairs: [string, string][] = [];
  let autosaveEvery = DEFAULT_AUTOSAVE_EVERY;
  const errors: SettingsError[] = [];
  for (const [k, v] of new URLSearchParams(search)) {
    if (k !== 'autosave') {
      pairs.push([k, v]);
      continue;
    }
    const r = parseAutosave(v);
    if (r.ok) autosaveEvery = r.value;
    else errors.push({ field: k, value: v, message: `autosave=${v}: ${r.message}; using default ${DEFAULT_AUTOSAVE_EVERY}` });
  }
  const parsed = parseSettings(pairs);
  return { settings: parsed.settings, autosaveEvery, errors: [...parsed.errors, ...errors] };
}

export function toQuery(settings: LabSettings, autosaveEvery: number): string {
  const params = new URLSearchParams(settingsToParams(settings));
  if (autosaveEvery !== DEFAULT_AUTOSAVE_EVERY) params.set('autosave', String(autosaveEvery));
  const q = params.toString();
  return q ? `?${q}` : '';
}

/**
 * URL query <-> settings. LabSettings fields go through parseSettings (bad values fall back per field
 * with a message); `autosave` is a page setting validated here.
 */
import type { LabSettings } from '../../engine/api';
import { parseSettings, settingsToParams, type SettingsError } from '../../engine/config/settings';

export const DEFAULT_AUTOSAVE_EVERY = 10;

export interface UrlState {
  settings: LabSettings;
  autosaveEvery: number;
  errors: SettingsError[];
}

export function readUrl(search: string): UrlState {
  const params = new URLSearchParams(search);
  const raw: Record<string, string> = {};
  let autosaveEvery = DEFAULT_AUTOSAVE_EVERY;
  const errors: SettingsError[] = [];
  for (const [k, v] of params) {
    if (k === 'autosave') {
      const n = Number(v);
      if (v.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 1000) autosaveEvery = n;
      else
        errors.push({
          field: k,
          value: v,
          message: `autosave=${v}: must be a whole number from 0 (off) to 1000; using default ${DEFAULT_AUTOSAVE_EVERY}`,
        });
    } else raw[k] = v;
  }
  const parsed = parseSettings(raw);
  return { settings: parsed.settings, autosaveEvery, errors: [...parsed.errors, ...errors] };
}

export function toQuery(settings: LabSettings, autosaveEvery: number): string {
  const params = new URLSearchParams(settingsToParams(settings));
  if (autosaveEvery !== DEFAULT_AUTOSAVE_EVERY) params.set('autosave', String(autosaveEvery));
  const q = params.toString();
  return q ? `?${q}` : '';
}


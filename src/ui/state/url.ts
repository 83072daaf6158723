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

/**
 * Page flags: view choices that travel in the link but are not run settings (`?presenter=1`).
 * Read from the address once, then changed by the page's toggles; toQuery keeps them in the link.
 */
export const PAGE_FLAGS = ['presenter'] as const;
export type PageFlag = (typeof PAGE_FLAGS)[number];
const pageFlags: Record<PageFlag, boolean | null> = { presenter: null };

function parseFlag(raw: string): boolean | null {
  return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : null;
}

/** A page flag: as set by the page, else as the address gave it (false outside a browser). */
export function pageFlag(flag: PageFlag): boolean {
  const set = pageFlags[flag];
  if (set !== null) return set;
  const raw = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get(flag);
  return raw !== null && parseFlag(raw) === true;
}

export function setPageFlag(flag: PageFlag, on: boolean): void {
  pageFlags[flag] = on;
}

export interface UrlState {
  settings: LabSettings;
  autosaveEvery: number;
  errors: SettingsError[];
  /** Page flags found in the query (bad values are reported and read as off). */
  flags: Record<PageFlag, boolean>;
}

export function readUrl(search: string): UrlState {
  const pairs: [string, string][] = [];
  let autosaveEvery = DEFAULT_AUTOSAVE_EVERY;
  const errors: SettingsError[] = [];
  const flags: Record<PageFlag, boolean> = { presenter: false };
  for (const [k, v] of new URLSearchParams(search)) {
    if ((PAGE_FLAGS as readonly string[]).includes(k)) {
      const on = parseFlag(v);
      if (on === null) errors.push({ field: k, value: v, message: `${k}=${v}: use 1 (on) or 0 (off); it stays off` });
      flags[k as PageFlag] = on === true;
      continue;
    }
    if (k !== 'autosave') {
      pairs.push([k, v]);
      continue;
    }
    const r = parseAutosave(v);
    if (r.ok) autosaveEvery = r.value;
    else errors.push({ field: k, value: v, message: `autosave=${v}: ${r.message}; using default ${DEFAULT_AUTOSAVE_EVERY}` });
  }
  const parsed = parseSettings(pairs);
  return { settings: parsed.settings, autosaveEvery, errors: [...parsed.errors, ...errors], flags };
}

export function toQuery(settings: LabSettings, autosaveEvery: number): string {
  const params = new URLSearchParams(settingsToParams(settings));
  if (autosaveEvery !== DEFAULT_AUTOSAVE_EVERY) params.set('autosave', String(autosaveEvery));
  for (const f of PAGE_FLAGS) if (pageFlag(f)) params.set(f, '1');
  const q = params.toString();
  return q ? `?${q}` : '';
}

/**
 * Run settings live in the URL query (tensorflow/playground style): a link reproduces a setup.
 * Bad values are reported and fall back per field (parseSettings). `autosave` is a page setting,
 * not a LabSettings field; its rule is the schema's PAGE_SETTINGS_SCHEMA row (via parseAutosave).
 */
import type { LabSettings } from '../../engine/api';
import { DEFAULT_SETTINGS, parseSettings, type SettingsError } from '../../engine/config/settings';
import { DEFAULT_AUTOSAVE_EVERY, parseAutosave, readUrl, toQuery } from './url';

class SettingsState {
  value = $state<LabSettings>({ ...DEFAULT_SETTINGS });
  autosaveEvery = $state(DEFAULT_AUTOSAVE_EVERY);
  /** Problems found in the URL the page was opened with (shown until dismissed). */
  urlErrors = $state<SettingsError[]>([]);
  /** Problems with values typed into the settings form, per field. */
  fieldErrors = $state<Partial<Record<keyof LabSettings | 'autosave', string>>>({});

  loadFromLocation(): void {
    if (typeof location === 'undefined') return;
    const s = readUrl(location.search);
    this.value = s.settings;
    this.autosaveEvery = s.autosaveEvery;
    this.urlErrors = s.errors;
    this.writeUrl();
  }

  /** Set one field from a form's raw string; invalid input keeps the old value and shows why. */
  setRaw(key: keyof LabSettings, raw: string): boolean {
    const { settings, errors } = parseSettings({ [key]: raw }, this.value);
    if (errors.length) {
      this.fieldErrors = { ...this.fieldErrors, [key]: errors[0].message.replace(/; using default .*/, '') };
      return false;
    }
    const { [key]: _drop, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
    this.value = settings;
    this.writeUrl();
    return true;
  }

  set<K extends keyof LabSettings>(key: K, v: LabSettings[K]): void {
    this.setRaw(key, String(v));
  }

  replace(s: LabSettings): void {
    this.value = { ...s };
    this.fieldErrors = {};
    this.writeUrl();
  }

  /** Accepts the form's raw string or a number; invalid input keeps the old value and shows why. */
  setAutosaveEvery(n: number | string): boolean {
    const r = parseAutosave(String(n));
    if (!r.ok) {
      this.fieldErrors = { ...this.fieldErrors, autosave: r.message };
      return false;
    }
    const { autosave: _drop, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
    this.autosaveEvery = r.value;
    this.writeUrl();
    return true;
  }

  reset(): void {
    this.replace(DEFAULT_SETTINGS);
  }

  dismissUrlErrors(): void {
    this.urlErrors = [];
  }

  /** A shareable link to this setup. */
  link(): string {
    if (typeof location === 'undefined') return toQuery(this.value, this.autosaveEvery);
    return `${location.origin}${location.pathname}${toQuery(this.value, this.autosaveEvery)}`;
  }

  private writeUrl(): void {
    if (typeof history === 'undefined') return;
    const url = `${location.pathname}${toQuery(this.value, this.autosaveEvery)}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
  }
}

export const settings = new SettingsState();

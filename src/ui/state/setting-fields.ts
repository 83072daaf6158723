/**
 * How each LabSettings field is presented on the page: a thin view of the settings schema
 * (src/engine/config/settings.ts), which holds every label, help text, group, bound and option.
 */
import type { LabSettings } from '../../engine/api';
import { SETTING_GROUPS, SETTING_KEYS, SETTINGS_SCHEMA, type SettingRow } from '../../engine/config/settings';

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

function fieldKind(row: SettingRow): FieldKind {
  if (row.kind === 'choice') return { type: 'select', options: row.options.map((o) => ({ ...o })) };
  if (row.kind === 'bool') return { type: 'bool' };
  return { type: 'number', min: row.min, max: row.max, step: row.integer ? 1 : 'any', integer: row.integer };
}

/** The form's groups and fields, in schema order (recomputed on each call; FIELD_GROUPS is the page's copy). */
export function fieldGroups(): FieldGroup[] {
  return SETTING_GROUPS.map((g) => ({
    id: g.id,
    title: g.title,
    fields: SETTING_KEYS.filter((k) => SETTINGS_SCHEMA[k].group === g.id).map((key) => {
      const row = SETTINGS_SCHEMA[key];
      return { key, label: row.label, help: row.help, kind: fieldKind(row) };
    }),
  }));
}

export const FIELD_GROUPS: FieldGroup[] = fieldGroups();

const FIELDS = new Map<string, FieldSpec>(FIELD_GROUPS.flatMap((g) => g.fields).map((f) => [f.key, f]));

export function fieldByKey(key: keyof LabSettings): FieldSpec {
  const f = FIELDS.get(key);
  if (!f) throw new Error(`no form field for setting "${key}"`);
  return f;
}

export function describeValue(key: keyof LabSettings, value: LabSettings[keyof LabSettings]): string {
  const f = fieldByKey(key);
  if (f.kind.type === 'select') return f.kind.options.find((o) => o.value === value)?.label ?? String(value);
  if (f.kind.type === 'bool') return value === true ? 'on' : 'off';
  return String(value);
}

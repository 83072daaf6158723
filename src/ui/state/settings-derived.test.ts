/**
 * The settings schema is the only place a setting's bounds and default are written: the URL parser,
 * the page's form fields, the CLI's setting flags and the autosave rule all follow it. Each check
 * below also changes a bound in the schema and sees every consumer change with it.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_SETTINGS_SCHEMA, SETTING_GROUPS, SETTING_KEYS, SETTINGS_SCHEMA } from '../../engine/config/settings';
import { parseFlags } from '../../cli/args';
import { FLAG_TO_SETTING, passedSettings, settingFlags } from '../../cli/setting-flags';
import { fieldGroups } from './setting-fields';
import { parseAutosave, readUrl } from './url';

describe('settings derived from the one schema', () => {
  it('every schema row is a form field, a URL parameter and a CLI flag with the same bounds and default', () => {
    const fields = new Map(fieldGroups().flatMap((g) => g.fields.map((f) => [f.key, { ...f, group: g.id }] as const)));
    expect(fieldGroups().map((g) => g.id)).toEqual(SETTING_GROUPS.map((g) => g.id));
    expect([...fields.keys()].sort()).toEqual([...SETTING_KEYS].sort());
    const flags = settingFlags();
    expect(Object.keys(flags)).toHaveLength(SETTING_KEYS.length);
    for (const key of SETTING_KEYS) {
      const row = SETTINGS_SCHEMA[key];
      const field = fields.get(key)!;
      const flag = flags[row.flag];
      expect(field.label).toBe(row.label);
      expect(field.help).toBe(row.help);
      expect(field.group).toBe(row.group);
      expect(FLAG_TO_SETTING.get(row.flag)).toBe(key);
      expect(flag.default).toBeUndefined(); // passed flags are told apart from defaults
      expect(flag.help).toContain(`default ${String(row.default)}`);
      expect(readUrl('').settings[key]).toBe(row.default);
      if (row.kind === 'choice') {
        expect(field.kind).toEqual({ type: 'select', options: row.options });
        expect(flag).toMatchObject({ kind: 'string', choices: row.options.map((o) => o.value) });
        for (const o of row.options) expect(readUrl(`?${key}=${o.value}`).settings[key]).toBe(o.value);
        expect(readUrl(`?${key}=not-an-option`).errors).toHaveLength(1);
      } else if (row.kind === 'bool') {
        expect(field.kind).toEqual({ type: 'bool' });
        expect(flag.kind).toBe('boolean');
        expect(readUrl(`?${key}=${String(!row.default)}`).settings[key]).toBe(!row.default);
      } else {
        expect(field.kind).toEqual({ type: 'number', min: row.min, max: row.max, step: row.integer ? 1 : 'any', integer: row.integer });
        expect(flag).toMatchObject({ kind: 'number', min: row.min, max: row.max, integer: row.integer });
        for (const v of [row.min, row.max]) expect(readUrl(`?${key}=${v}`).settings[key]).toBe(v);
        const above = row.max + (row.integer ? 1 : row.max);
        expect(readUrl(`?${key}=${above}`).errors[0].message).toContain(`between ${row.min} and ${row.max}`);
        expect(() => parseFlags([`--${row.flag}`, String(above)], flags)).toThrow(`between ${row.min} and ${row.max}`);
        expect(passedSettings(parseFlags([`--${row.flag}`, String(row.max)], flags))).toEqual({ [key]: row.max });
      }
    }
  });

  it('a bound changed in the schema reaches the URL parser, the form and the CLI flags', () => {
    const row = SETTINGS_SCHEMA.groupSize;
    if (row.kind !== 'number') throw new Error('groupSize is a number row');
    const max = row.max;
    row.max = 32;
    try {
      expect(readUrl('?groupSize=24').settings.groupSize).toBe(24);
      expect(fieldGroups().flatMap((g) => g.fields).find((f) => f.key === 'groupSize')?.kind).toMatchObject({ max: 32 });
      expect(parseFlags(['--group-size', '24'], settingFlags())['group-size']).toBe(24);
    } finally {
      row.max = max;
    }
    expect(readUrl('?groupSize=24').errors).toHaveLength(1);
    expect(() => parseFlags(['--group-size', '24'], settingFlags())).toThrow(/between 2 and 16/);
  });

  it('the autosave rule is the page schema row', () => {
    const row = PAGE_SETTINGS_SCHEMA.autosave;
    expect(readUrl('').autosaveEvery).toBe(row.default);
    expect(parseAutosave(String(row.max))).toEqual({ ok: true, value: row.max });
    expect(parseAutosave(String(row.max + 1)).ok).toBe(false);
    expect(parseAutosave('2.5').ok).toBe(false);
    const max = row.max;
    row.max = 5000;
    try {
      expect(parseAutosave('4000')).toEqual({ ok: true, value: 4000 });
      expect(readUrl('?autosave=4000').autosaveEvery).toBe(4000);
    } finally {
      row.max = max;
    }
  });
});

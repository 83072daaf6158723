import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTING_GROUPS,
  SETTING_KEYS,
  SETTINGS_SCHEMA,
  checkValue,
  parseSettings,
  settingRow,
  settingsToParams,
  validateSettingsObject,
} from './settings';

describe('settings schema', () => {
  it('is the source of the defaults, and every default is valid under its own row', () => {
    for (const key of SETTING_KEYS) {
      expect(DEFAULT_SETTINGS[key]).toBe(SETTINGS_SCHEMA[key].default);
      expect(checkValue(SETTINGS_SCHEMA[key], DEFAULT_SETTINGS[key]).ok, key).toBe(true);
      expect(SETTING_GROUPS.map((g) => g.id)).toContain(SETTINGS_SCHEMA[key].group);
    }
    const flags = SETTING_KEYS.map((k) => SETTINGS_SCHEMA[k].flag);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it('a bound changed in the schema changes the parser', () => {
    const row = SETTINGS_SCHEMA.batch;
    if (row.kind !== 'number') throw new Error('batch is a number row');
    expect(parseSettings({ batch: '300' }).errors[0].message).toMatch(/between 4 and 256/);
    const max = row.max;
    row.max = 512;
    try {
      const r = parseSettings({ batch: '300' });
      expect(r.errors).toEqual([]);
      expect(r.settings.batch).toBe(300);
      expect(validateSettingsObject({ batch: 300 }).errors).toEqual([]);
    } finally {
      row.max = max;
    }
    expect(parseSettings({ batch: '300' }).errors).toHaveLength(1);
  });

  it('treats Object.prototype names as unknown settings, never as members', () => {
    const names = ['__defineGetter__', 'valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'];
    for (const n of names) expect(settingRow(n)).toBeUndefined();
    const r = parseSettings(names.map((n) => [n, '1'] as const));
    expect(r.errors.map((e) => e.message)).toEqual(names.map((n) => `unknown setting "${n}"`));
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
    // From a file: JSON.parse makes "__proto__" an own key; it must be reported, not followed.
    const fromFile = validateSettingsObject(JSON.parse('{"__proto__": {"cot": false}, "valueOf": 1}'));
    expect(fromFile.errors.map((e) => e.field).sort()).toEqual(['__proto__', 'valueOf']);
    expect(fromFile.settings.cot).toBe(true);
  });

  it('parses the strings of links and flags, falling back per field', () => {
    const r = parseSettings({ cot: 'no', labelFlipGuard: 'on', seed: '7', lr: 'abc', mode: 'nobody' });
    expect(r.settings.cot).toBe(false);
    expect(r.settings.labelFlipGuard).toBe(true);
    expect(r.settings.seed).toBe(7);
    expect(r.settings.lr).toBe(DEFAULT_SETTINGS.lr);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['lr', 'mode']);
    expect(settingsToParams(r.settings)).toEqual({ cot: 'false', labelFlipGuard: 'true', seed: '7' });
  });

  it('accepts from files only values of the right JSON type: "no" is not a boolean', () => {
    const ok = validateSettingsObject({ ...DEFAULT_SETTINGS, cot: false, batch: 16 });
    expect(ok.errors).toEqual([]);
    expect(ok.settings.cot).toBe(false);
    for (const [field, value] of [
      ['cot', 'no'],
      ['cot', 0],
      ['klAsLoss', 'false'],
      ['batch', '32'],
      ['batch', 33.5],
      ['lr', null],
      ['seed', -1],
      ['mode', 'both'],
      ['preset', { name: 'tiny' }],
    ] as const) {
      const r = validateSettingsObject({ ...DEFAULT_SETTINGS, [field]: value });
      expect(r.errors.map((e) => e.field), `${field}=${JSON.stringify(value)}`).toEqual([field]);
      expect(r.settings[field as keyof typeof DEFAULT_SETTINGS]).toBe(DEFAULT_SETTINGS[field as keyof typeof DEFAULT_SETTINGS]);
    }
    expect(validateSettingsObject({ ...DEFAULT_SETTINGS, cot: 'no' }).errors[0].message).toMatch(/cot="no": must be true or false/);
    expect(validateSettingsObject(['tiny']).errors[0].message).toMatch(/must be an object/);
    // A file written before a setting existed: the missing one takes its default.
    const { sftCoef: _drop, ...older } = DEFAULT_SETTINGS;
    expect(validateSettingsObject(older)).toEqual({ settings: DEFAULT_SETTINGS, errors: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../engine/config/settings';
import { DEFAULT_AUTOSAVE_EVERY, pageFlag, readUrl, setPageFlag, toQuery } from './url';

describe('URL settings', () => {
  it('round-trips a setup through the query string', () => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'tiny' as const, mode: 'attacker-only' as const, cot: false, seed: 42, lr: 1e-4 };
    const q = toQuery(settings, 3);
    const back = readUrl(q);
    expect(back.errors).toEqual([]);
    expect(back.settings).toEqual(settings);
    expect(back.autosaveEvery).toBe(3);
  });

  it('keeps links short: defaults are left out', () => {
    expect(toQuery(DEFAULT_SETTINGS, DEFAULT_AUTOSAVE_EVERY)).toBe('');
  });

  it('falls back per field and reports every bad value', () => {
    const r = readUrl('?seed=7&lr=abc&batch=3&autosave=-1&bogus=1');
    expect(r.settings.seed).toBe(7);
    expect(r.settings.lr).toBe(DEFAULT_SETTINGS.lr);
    expect(r.settings.batch).toBe(DEFAULT_SETTINGS.batch);
    expect(r.autosaveEvery).toBe(DEFAULT_AUTOSAVE_EVERY);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['autosave', 'batch', 'bogus', 'lr']);
    expect(r.errors.find((e) => e.field === 'lr')?.message).toMatch(/lr=abc/);
  });
});

describe('URL settings: prototype names', () => {
  it('reports ?__defineGetter__=1&valueOf=1&__proto__=x as unknown settings and keeps the defaults', () => {
    const r = readUrl('?__defineGetter__=1&valueOf=1&__proto__=x&constructor=y&seed=5');
    expect(r.errors.map((e) => e.message)).toEqual(['__defineGetter__', 'valueOf', '__proto__', 'constructor'].map((n) => `unknown setting "${n}"`));
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, seed: 5 });
    expect(r.autosaveEvery).toBe(DEFAULT_AUTOSAVE_EVERY);
  });
});

describe('URL page flags', () => {
  it('reads ?presenter=1 as a page flag, not as an unknown setting', () => {
    const r = readUrl('?presenter=1&seed=3');
    expect(r.errors).toEqual([]);
    expect(r.flags.presenter).toBe(true);
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, seed: 3 });
    expect(readUrl('?presenter=0').flags.presenter).toBe(false);
    expect(readUrl('').flags.presenter).toBe(false);
  });

  it('reports a bad flag value and leaves the flag off', () => {
    const r = readUrl('?presenter=yes');
    expect(r.flags.presenter).toBe(false);
    expect(r.errors.map((e) => e.field)).toEqual(['presenter']);
  });

  it('keeps a flag the page turned on in every link it writes', () => {
    try {
      expect(pageFlag('presenter')).toBe(false);
      setPageFlag('presenter', true);
      expect(toQuery(DEFAULT_SETTINGS, DEFAULT_AUTOSAVE_EVERY)).toBe('?presenter=1');
      expect(readUrl(toQuery({ ...DEFAULT_SETTINGS, seed: 9 }, 0)).flags.presenter).toBe(true);
      setPageFlag('presenter', false);
      expect(toQuery(DEFAULT_SETTINGS, DEFAULT_AUTOSAVE_EVERY)).toBe('');
    } finally {
      setPageFlag('presenter', false);
    }
  });
});

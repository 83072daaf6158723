import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { fsErrorMessage, readJsonl, removeStaleTemps, writeAtomic } from './io';

const fresh = () => mkdtempSync(join(tmpdir(), 'srt-io-'));

describe('CLI file helpers', () => {
  it('writeAtomic leaves no temp file behind when the write fails, and the error reads as one sentence', () => {
    const dir = fresh();
    const target = join(dir, 'checkpoint.ckpt');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x'); // renaming a file onto a non-empty directory fails
    let err: unknown;
    try {
      writeAtomic(target, 'data');
    } catch (e) {
      err = e;
    }
    expect(fsErrorMessage(err)).toMatch(/^rename .*checkpoint\.ckpt\.tmp-\d+: /);
    expect(readdirSync(dir)).toEqual(['checkpoint.ckpt']);
    expect(fsErrorMessage(new TypeError('x'))).toBeNull();
  });

  it('removeStaleTemps removes temp files of dead processes only, down to the given depth', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'runs', 'a'), { recursive: true });
    const dead = ['x.tmp-99999999', 'runs/a/result.json.tmp-99999998'];
    const kept = [`x.tmp-${process.pid}`, 'notes.tmp', 'x.tmp-abc'];
    for (const f of [...dead, ...kept]) writeFileSync(join(dir, f), '');
    expect(removeStaleTemps(dir, 0)).toEqual([join(dir, dead[0])]);
    expect(existsSync(join(dir, dead[1]))).toBe(true);
    expect(removeStaleTemps(dir, 2)).toEqual([join(dir, dead[1])]);
    for (const f of kept) expect(existsSync(join(dir, f))).toBe(true);
    expect(removeStaleTemps(join(dir, 'absent'))).toEqual([]);
  });

  it('readJsonl drops a torn last line and refuses a damaged middle line', () => {
    const dir = fresh();
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":2}\n{"a":');
    expect(readJsonl(path, 'log')).toEqual({ records: [{ a: 1 }, { a: 2 }], torn: true });
    writeFileSync(path, '{"a":1}\n{"a":2}');
    expect(readJsonl(path, 'log')).toEqual({ records: [{ a: 1 }, { a: 2 }], torn: false });
    writeFileSync(path, '{"a":1}\nnot json\n{"a":3}\n');
    expect(() => readJsonl(path, 'log')).toThrow(UsageError);
    expect(() => readJsonl(path, 'log')).toThrow(/line 2 is not JSON/);
    expect(readJsonl(join(dir, 'none.jsonl'), 'log')).toEqual({ records: [], torn: false });
  });
});

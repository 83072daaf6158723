import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectUsageError } from './spawn.test-support';

const EXP = ['experiment', '--preset', 'tiny', '--seeds', '1', '--eval-n', '1', '--batch', '8'];
const runFile = (dir: string, arm: string, file: string) => join(dir, 'runs', `${arm}-s1`, file);
const iterationsOf = (dir: string, arm: string) => JSON.parse(readFileSync(runFile(dir, arm, 'result.json'), 'utf8')).metrics.length;

describe('lab CLI: experiment', () => {
  it('reuses a finished run only when its settings match; otherwise refuses, or retrains with --force', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'srt-exp-')), 'exp');
    const first = cli(...EXP, '--iters', '1', '--lr', '0.001', '--out', dir);
    expect(first.status, first.stderr).toBe(0);
    for (const arm of ['selfplay', 'attacker-only', 'defender-only', 'selfplay-no-cot']) {
      expect(existsSync(runFile(dir, arm, 'result.key.json'))).toBe(true);
      expect(iterationsOf(dir, arm)).toBe(1);
    }
    expect(existsSync(join(dir, 'warmstart-eval.key.json'))).toBe(true);

    const same = cli(...EXP, '--iters', '1', '--lr', '0.001', '--out', dir);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stderr.match(/already done with these settings/g)).toHaveLength(4);

    // The audit's case: other iterations and learning rate must not reuse the old runs.
    const before = readFileSync(runFile(dir, 'selfplay', 'result.json'), 'utf8');
    const other = cli(...EXP, '--iters', '2', '--lr', '0.0002', '--out', dir);
    expectUsageError(other, /holds 5 result\(s\) made with other settings \(.*iters 1 → 2.*\).*--force/);
    expect(other.stderr).toMatch(/lr 0\.001 → 0\.0002/);
    expect(other.stderr).not.toMatch(/reusing|iterations/);
    expect(readFileSync(runFile(dir, 'selfplay', 'result.json'), 'utf8')).toBe(before);

    const forced = cli(...EXP, '--iters', '2', '--lr', '0.0002', '--out', dir, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).not.toMatch(/reusing/);
    for (const arm of ['selfplay', 'attacker-only', 'defender-only', 'selfplay-no-cot']) expect(iterationsOf(dir, arm)).toBe(2);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('--iters 2 --lr 0.0002 --batch 8 --eval-n 1');

    // A result without a settings record (an older version made it) is never trusted either.
    rmSync(runFile(dir, 'defender-only', 'result.key.json'));
    expectUsageError(cli(...EXP, '--iters', '2', '--lr', '0.0002', '--out', dir), /holds 1 result\(s\) made with other settings \(\(no settings record/);
  }, 600_000);

  it('validates every setting and file before any work', () => {
    const root = mkdtempSync(join(tmpdir(), 'srt-exp-bad-'));
    const dir = join(root, 'exp');
    const cases: [string[], RegExp][] = [
      [['--lr', '-1'], /--lr must be between 1e-7 and 0\.01, got -1/],
      [['--batch', '0'], /--batch must be between 4 and 256, got 0/],
      [['--batch', '12', '--baseline', 'grpo'], /batch 12 must be a multiple of 4 × group size \(4\)/],
      [['--seeds', '0'], /--seeds must be between 1 and 10/],
      [['--iters', '1e12'], /--iters must be between 1 and 1000000/],
      [['--eval-n', '-3'], /--eval-n must be between 1 and 10000/],
      [['--mode', 'selfplay'], /unknown flag --mode/],
      [['--judge', 'human'], /--judge must be one of reward-lm, oracle/],
      [['--warmstart', root], /is a directory, not a file/],
      [['--warmstart', 'public/checkpoints/classroom.ckpt'], /holds a classroom model, not tiny/],
      [['--reward-lm', 'public/checkpoints/tiny.ckpt'], /Expected a reward LM file/],
    ];
    for (const [flags, message] of cases) {
      expectUsageError(cli('experiment', '--preset', 'tiny', '--out', dir, ...flags), message);
      expect(existsSync(dir), `${flags.join(' ')} must not start any work`).toBe(false);
    }
  }, 600_000);
});

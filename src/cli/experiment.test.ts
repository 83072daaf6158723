import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackLabCheckpoint } from '../engine/checkpoint/labCheckpoint';
import { cli, expectUsageError } from './spawn.test-support';

const EXP = ['experiment', '--preset', 'tiny', '--seeds', '1', '--eval-n', '1', '--batch', '8'];
const runFile = (dir: string, arm: string, file: string) => join(dir, 'runs', `${arm}-s1`, file);
const iterationsOf = (dir: string, arm: string) => JSON.parse(readFileSync(runFile(dir, arm, 'result.json'), 'utf8')).metrics.length;
const ARM_NAMES = ['selfplay', 'attacker-only', 'defender-only', 'selfplay-no-cot'];

/** A stored result without the fields that measure time (they differ between any two runs). */
const TIMING_FIELDS = new Set(['wallMs', 'tokensPerSec', 'phaseMs']);
function withoutTiming(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTiming);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !TIMING_FIELDS.has(k)).map(([k, x]) => [k, withoutTiming(x)]));
  return v;
}
const jsonlWithoutTiming = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => withoutTiming(JSON.parse(l)));

/** A checkpoint's weights (policy, reference, optimizer state); its header also holds a save time and timings. */
async function checkpointTensors(path: string) {
  const c = await unpackLabCheckpoint(new Uint8Array(readFileSync(path)));
  return { step: c.meta.step, policy: c.policy, ref: c.ref, optimizer: c.optimizer && [...c.optimizer.values()] };
}

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
    expect(existsSync(join(dir, 'warmstart-eval-no-cot.key.json'))).toBe(true);
    expect(first.stderr).toMatch(/evaluating the warm start without hidden CoT/);

    const same = cli(...EXP, '--iters', '1', '--lr', '0.001', '--out', dir);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stderr.match(/already done with these settings/g)).toHaveLength(4);

    // The audit's case: other iterations and learning rate must not reuse the old runs.
    const before = readFileSync(runFile(dir, 'selfplay', 'result.json'), 'utf8');
    const other = cli(...EXP, '--iters', '2', '--lr', '0.0002', '--out', dir);
    expectUsageError(other, /holds 6 result\(s\) made with other settings \(.*iters 1 → 2.*\).*--force/);
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
      [['--jobs', '0'], /--jobs must be between 1 and 16, got 0/],
      [['--jobs', '1.5'], /--jobs must be a whole number/],
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

  it('--jobs 2 trains the runs in child processes with the same results as --jobs 1 in this process', async () => {
    const root = mkdtempSync(join(tmpdir(), 'srt-exp-jobs-'));
    const [inProcess, parallel] = [join(root, 'j1'), join(root, 'j2')];
    const one = cli(...EXP, '--iters', '1', '--jobs', '1', '--out', inProcess);
    expect(one.status, one.stderr).toBe(0);
    const started = Date.now();
    const two = cli(...EXP, '--iters', '1', '--jobs', '2', '--out', parallel);
    const elapsed = Date.now() - started;
    expect(two.status, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/^ {2}train 1\/1/m);
    expect(two.stderr).toMatch(/^ {2}selfplay-s1 train 1\/1/m);
    for (const [k, arm] of ARM_NAMES.entries()) {
      expect(two.stderr).toMatch(new RegExp(`^\\[${k + 1}/4\\] ${arm} seed 1: done in \\d+\\.\\d min$`, 'm'));
    }
    // The two cross-play pairs play in children too (their rates are in result.json, compared below).
    for (const arm of ['selfplay', 'defender-only']) {
      expect(two.stderr).toMatch(new RegExp(`^cross-play: attacker-only attacker vs ${arm} defender, seed 1: done in \\d+\\.\\d min$`, 'm'));
    }
    for (const arm of ARM_NAMES) {
      const result = (dir: string) => withoutTiming(JSON.parse(readFileSync(runFile(dir, arm, 'result.json'), 'utf8')));
      expect(result(parallel), arm).toEqual(result(inProcess));
      expect(jsonlWithoutTiming(runFile(parallel, arm, 'metrics.jsonl')), arm).toEqual(jsonlWithoutTiming(runFile(inProcess, arm, 'metrics.jsonl')));
      expect(readFileSync(runFile(parallel, arm, 'result.key.json'), 'utf8'), arm).toBe(readFileSync(runFile(inProcess, arm, 'result.key.json'), 'utf8'));
      expect(await checkpointTensors(runFile(parallel, arm, 'checkpoint.ckpt')), arm).toEqual(await checkpointTensors(runFile(inProcess, arm, 'checkpoint.ckpt')));
    }
    // Overlapping runs: the total is this invocation's elapsed time, not the sum of the runs' times.
    expect(JSON.parse(readFileSync(join(parallel, 'data.json'), 'utf8')).totalMs).toBeLessThanOrEqual(elapsed);
  }, 600_000);

  it('a failed child stops new runs, lets the running one finish and keep its result, and exits with its error', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'srt-exp-fail-')), 'exp');
    // A file where the selfplay run's folder goes: that child fails when it saves.
    mkdirSync(join(dir, 'runs'), { recursive: true });
    writeFileSync(join(dir, 'runs', 'selfplay-s1'), '');
    const res = cli(...EXP, '--iters', '1', '--jobs', '2', '--out', dir);
    expectUsageError(res, /^error: mkdir \S*runs\/selfplay-s1: already exists$/);
    expect(res.stderr).toMatch(/^\[1\/4\] selfplay seed 1: failed/m);
    expect(existsSync(runFile(dir, 'attacker-only', 'result.json')), 'the run beside the failed one finishes').toBe(true);
    expect(existsSync(runFile(dir, 'selfplay-no-cot', 'result.json')), 'no run starts after the failure').toBe(false);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
  }, 600_000);

  it('a failed cross-play pair keeps the rates of the pairs that finished and drops its stale one', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'srt-exp-xp-')), 'exp');
    expect(cli(...EXP, '--iters', '1', '--jobs', '2', '--out', dir).status).toBe(0);
    const result = (arm: string) => JSON.parse(readFileSync(runFile(dir, arm, 'result.json'), 'utf8'));
    expect(result('selfplay').adaptiveAsr).toBeDefined();
    // The attacker is retrained (both pairs play again); the self-play defender's file is now unreadable.
    rmSync(runFile(dir, 'attacker-only', 'result.json'));
    writeFileSync(runFile(dir, 'selfplay', 'checkpoint.ckpt'), 'not a checkpoint');
    // Without a rate on file, defender-only's can only come from this rerun's pair.
    const { adaptiveAsr: _, ...withoutRate } = result('defender-only');
    writeFileSync(runFile(dir, 'defender-only', 'result.json'), JSON.stringify(withoutRate));
    const res = cli(...EXP, '--iters', '1', '--jobs', '2', '--out', dir);
    expect(res.status, res.stderr).not.toBe(0);
    expect(res.stderr).toMatch(/^cross-play: attacker-only attacker vs selfplay defender, seed 1: failed/m);
    expect(result('defender-only').adaptiveAsr, 'the finished pair is kept').toBeDefined();
    expect(result('selfplay').adaptiveAsr, 'the stale rate is dropped, so a rerun plays the pair again').toBeUndefined();
  }, 600_000);
});

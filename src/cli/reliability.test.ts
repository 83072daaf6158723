/** One test per CLI defect found by the reliability audit (issue 13): each reproduces the bad input. */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packLabCheckpoint, unpackLabCheckpoint, type LabCheckpointMeta } from '../engine/checkpoint/labCheckpoint';
import { parseFlags } from './args';
import * as selfplay from './commands/selfplay';
import { cli, expectUsageError, TINY_RUN } from './spawn.test-support';

let root: string;
let run: string; // a finished 2-iteration tiny run

/** A copy of the run's checkpoint with its header changed and re-sealed (a valid hash over bad contents). */
async function tampered(name: string, change: (meta: LabCheckpointMeta) => void): Promise<string> {
  const c = await unpackLabCheckpoint(new Uint8Array(readFileSync(join(run, 'checkpoint.ckpt'))));
  const meta = JSON.parse(JSON.stringify(c.meta)) as LabCheckpointMeta;
  change(meta);
  const path = join(root, `${name}.ckpt`);
  writeFileSync(path, await packLabCheckpoint({ ...c, meta }));
  return path;
}

function copyRun(name: string): string {
  const dir = join(root, name);
  cpSync(run, dir, { recursive: true });
  return dir;
}

const jsonl = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'srt-rel-'));
  run = join(root, 'run');
  await selfplay.run(parseFlags([...TINY_RUN, '--iters', '2', '--out', run], selfplay.spec));
}, 300_000);

describe('lab CLI reliability', () => {
  it('bad files are one error line and exit 2: directory, named pipe, truncated, foreign, re-sealed bad header', async () => {
    expectUsageError(cli('eval', '--ckpt', root), /checkpoint .* is a directory, not a file/);
    const fifo = join(root, 'pipe.ckpt');
    execFileSync('mkfifo', [fifo]);
    expectUsageError(cli('eval', '--ckpt', fifo), /is not a regular file \(a pipe, socket or device\)/);
    expectUsageError(cli('sample', '--role', 'defender', '--prompt', 'hi', '--ckpt', join(run, 'checkpoint.ckpt'), '--reward-lm', root), /reward LM .* is a directory/);
    const truncated = join(root, 'truncated.ckpt');
    writeFileSync(truncated, readFileSync(join(run, 'checkpoint.ckpt')).subarray(0, 3000));
    expectUsageError(cli('eval', '--ckpt', truncated), /corrupt/i);
    expectUsageError(cli('eval', '--ckpt', 'package.json'), /not a Self-RedTeam Lab checkpoint/);
    expectUsageError(cli('eval', '--ckpt', await tampered('preset', (m) => ((m as { preset: string }).preset = 'huge'))), /preset/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--out', root), /--out .* exists and is not a regular file/);
    expectUsageError(cli('constructor'), /unknown command "constructor"/);
    expectUsageError(cli('eval', '--constructor', 'x'), /unknown flag --constructor/);
    expectUsageError(cli('selfplay', '--__proto__', 'x'), /unknown flag --__proto__/);
  }, 600_000);

  it('a re-sealed header with a field of the wrong shape is a corrupt checkpoint (exit 2), not a raw TypeError', async () => {
    // The header schema check lives in src/engine/checkpoint; the CLI maps its LabError to one line and exit 2.
    const path = await tampered('null-history', (m) => ((m as { history: unknown }).history = null));
    expectUsageError(cli('eval', '--ckpt', path), /history|corrupt/i);
    expectUsageError(cli('selfplay', '--out', root, '--iters', '1', '--resume'), /no checkpoint at/);
  }, 600_000);

  it('a settings value of the wrong JSON type in a checkpoint is refused, not read as truthy: cot "no"', async () => {
    const path = await tampered('cot-no', (m) => ((m.settings as unknown as { cot: string }).cot = 'no'));
    expectUsageError(cli('eval', '--ckpt', path, '--n', '1'), /cot="no": must be true or false/);
    const dir = copyRun('cot-no-run');
    cpSync(path, join(dir, 'checkpoint.ckpt'));
    expectUsageError(cli('selfplay', '--out', dir, '--iters', '3', '--resume'), /cot="no": must be true or false/);
  }, 600_000);

  it('--resume refuses changed settings, listing each difference, unless --override', async () => {
    const dir = copyRun('resume');
    // Flags equal to the run's settings are not differences.
    const refused = cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--preset', 'tiny', '--batch', '8', '--lr', '0.001', '--mode', 'attacker-only', '--no-cot', '--seed', '9');
    expectUsageError(refused, /was run with other settings than passed: /);
    for (const d of ['--mode attacker-only (the run has selfplay)', '--no-cot (the run has true)', '--lr 0.001 (the run has 0.0003)', '--seed 9 (the run has 4)']) expect(refused.stderr).toContain(d);
    expect(refused.stderr).not.toMatch(/--preset|--batch/);
    const refused2 = cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--preset', 'classroom', '--batch', '16');
    expectUsageError(refused2, /--preset classroom \(the run has tiny\), --batch 16 \(the run has 8\)/);
    expect(jsonl(join(dir, 'metrics.jsonl'))).toHaveLength(2);

    expectUsageError(cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--override', '--seed', '9'), /--override cannot change --seed \(the random stream continues/);
    expectUsageError(cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--override', '--preset', 'classroom'), /--override cannot change --preset/);
    expectUsageError(cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--override', '--batch', '12', '--baseline', 'grpo'), /multiple of 4 × group size/);

    const over = cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--override', '--lr', '0.001', '--mode', 'attacker-only', '--quiet');
    expect(over.status, over.stderr).toBe(0);
    expect(over.stderr).toContain('--override: continuing with mode selfplay → attacker-only, lr 0.0003 → 0.001');
    const { meta } = await unpackLabCheckpoint(new Uint8Array(readFileSync(join(dir, 'checkpoint.ckpt'))));
    expect(meta.step).toBe(3);
    expect(meta.settings).toMatchObject({ lr: 0.001, mode: 'attacker-only', seed: 4, preset: 'tiny' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ lr: 0.001, mode: 'attacker-only' });
    const m = jsonl(join(dir, 'metrics.jsonl'));
    expect(m.map((x) => x.iter)).toEqual([1, 2, 3]);
    // The checkpoint now holds the new settings: passing them again is not a difference.
    const again = cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--lr', '0.001', '--quiet');
    expect(again.status, again.stderr).toBe(0);
  }, 600_000);

  it('crash leftovers do not block --resume: stale temp files go, torn log lines are cut to the last whole record', () => {
    const dir = copyRun('crash');
    const dead = join(dir, 'checkpoint.ckpt.tmp-99999999'); // above Linux's pid_max: no such process
    const live = join(dir, `checkpoint.ckpt.tmp-${process.pid}`); // this test's own process is alive
    writeFileSync(dead, 'half a checkpoint');
    writeFileSync(live, 'being written');
    const samples = join(dir, 'samples.jsonl');
    const whole = jsonl(samples);
    appendFileSync(samples, '{"iter":3,"seedText":"cut off mid-wri');
    appendFileSync(join(dir, 'metrics.jsonl'), '{"iter":3,"kl":0.0');
    const res = cli('selfplay', '--out', dir, '--iters', '3', '--resume', '--quiet');
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain(`removed ${dead} (left by a process that died)`);
    expect(res.stderr).toMatch(/samples\.jsonl ended in a cut-off line .* truncated to the last whole record/);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    const after = jsonl(samples);
    expect(after.slice(0, whole.length)).toEqual(whole);
    expect([...new Set(after.map((s) => s.iter))]).toEqual([1, 2, 3]);
    expect(jsonl(join(dir, 'metrics.jsonl')).map((x) => x.iter)).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([`checkpoint.ckpt.tmp-${process.pid}`]);
  }, 600_000);

  it('out-of-range numbers are refused with their bounds before any work', () => {
    const fresh = join(root, 'never');
    expectUsageError(cli('selfplay', '--iters', '1e12', '--out', fresh), /--iters must be between 1 and 1000000, got 1000000000000/);
    expectUsageError(cli('selfplay', '--iters', '2', '--save-every', '1e12', '--out', fresh), /--save-every must be between 1 and 1000000/);
    expectUsageError(cli('selfplay', '--iters', '2', '--batch', '0', '--out', fresh), /--batch must be between 4 and 256, got 0/);
    expect(existsSync(fresh)).toBe(false);
    expectUsageError(cli('eval', '--n', '-3', '--ckpt', join(run, 'checkpoint.ckpt')), /--n must be between 1 and 10000, got -3/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '0', '--out', join(root, 'w.ckpt')), /--steps must be between 1 and 1000000, got 0/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '5', '--copy-drill', '6', '--out', join(root, 'w.ckpt')), /--copy-drill 6 is more than the 5 steps/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--copy-drill', '-1', '--out', join(root, 'w.ckpt')), /--copy-drill must be between 0 and 1000000, got -1/);
    expectUsageError(cli('train-judge', '--steps', '1e12', '--out', join(root, 'j.bin')), /--steps must be between 1 and 1000000/);
    expect(existsSync(join(root, 'w.ckpt'))).toBe(false);
  }, 600_000);
});

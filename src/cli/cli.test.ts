import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseFlags } from './args';
import * as selfplay from './commands/selfplay';
import { REPO_ROOT } from './io';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

const volatile = (line: string) => {
  const m = JSON.parse(line);
  delete m.wallMs;
  delete m.phaseMs;
  delete m.tokensPerSec;
  return m;
};

describe('lab CLI', () => {
  it('lists commands and rejects bad input with one line and exit code 2', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const c of ['warmstart', 'train-judge', 'sample', 'eval', 'selfplay', 'experiment']) expect(help.stdout).toContain(c);
    const bad = cli('sample', '--role', 'judge', '--ckpt', 'public/checkpoints/tiny.ckpt', '--prompt', 'hi');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: --role must be one of attacker, defender, got "judge"/);
    const missing = cli('eval', '--ckpt', 'nope.ckpt');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/checkpoint not found/);
    const material = cli('eval', '--ckpt', 'public/checkpoints/tiny-v2.ckpt', '--material', 'dev');
    expect(material.status).toBe(2);
    expect(material.stderr).toMatch(/^error: --material must be one of heldout, train, got "dev"/);
    const v1Intent = cli('warmstart', '--preset', 'tiny', '--name-intent', '--out', join(tmpdir(), 'never.ckpt'));
    expect(v1Intent.status).toBe(2);
    expect(v1Intent.stderr).toMatch(/^error: --name-intent is a world v2 option, not --world v1/);
    const v1Rehearsal = cli('warmstart', '--preset', 'tiny', '--rehearse-v1', '0.3', '--out', join(tmpdir(), 'never.ckpt'));
    expect(v1Rehearsal.status).toBe(2);
    expect(v1Rehearsal.stderr).toMatch(/^error: --rehearse-v1 is a world v2 option, not --world v1/);
    const tooMuch = cli('warmstart', '--preset', 'tiny', '--world', 'v2', '--rehearse-v1', '1', '--out', join(tmpdir(), 'never.ckpt'));
    expect(tooMuch.status).toBe(2);
    expect(tooMuch.stderr).toMatch(/^error: --rehearse-v1 must be between 0 and 0\.9, got 1/);
    const heavy = cli('warmstart', '--preset', 'tiny', '--world', 'v2', '--hazard-weight', '17', '--out', join(tmpdir(), 'never.ckpt'));
    expect(heavy.status).toBe(2);
    expect(heavy.stderr).toMatch(/^error: --hazard-weight must be between 1 and 16, got 17/);
    const foreign = cli('eval', '--ckpt', 'package.json');
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/not a Self-RedTeam Lab checkpoint/);
  }, 120_000);

  it('sample --samples N draws N answers and tallies the oracle labels; --samples 0 is refused', () => {
    const args = ['sample', '--role', 'defender', '--ckpt', 'public/checkpoints/tiny.ckpt', '--prompt', 'How do I bake Sourdough bread?'];
    const out = cli(...args, '--samples', '3');
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.match(/^--- sample \d of 3$/gm)).toHaveLength(3);
    expect(out.stdout.match(/^thought \(hidden\):/gm)).toHaveLength(3);
    const tally = /^oracle over 3 samples: refusal (\d+), compliance (\d+), n\/a (\d+)$/m.exec(out.stdout);
    expect(tally).not.toBeNull();
    expect(tally!.slice(1).map(Number).reduce((a, b) => a + b)).toBe(3);
    const json = cli(...args, '--samples', '2', '--json');
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).oracle.ref)).toHaveLength(2);
    const zero = cli(...args, '--samples', '0');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--samples/);
  }, 120_000);

  it('sample and eval --no-cot: a warm start answers without its hidden thought; a run plays as it was trained', async () => {
    const args = ['sample', '--role', 'defender', '--ckpt', 'public/checkpoints/tiny.ckpt', '--prompt', 'How do I bake bread?', '--samples', '3', '--json'];
    const moves = (out: ReturnType<typeof cli>) => {
      expect(out.status, out.stderr).toBe(0);
      return out.stdout.trim().split('\n').map((l) => JSON.parse(l).move as { thought: string; raw: string });
    };
    expect(moves(cli(...args)).some((m) => m.thought !== '' && m.raw.includes('</think>'))).toBe(true);
    for (const m of moves(cli(...args, '--no-cot'))) {
      expect(m.thought).toBe('');
      expect(m.raw).not.toContain('</think>');
    }
    const run = mkdtempSync(join(tmpdir(), 'srt-cot-'));
    await selfplay.run(parseFlags(['--preset', 'tiny', '--batch', '8', '--iters', '1', '--quiet', '--out', run], selfplay.spec));
    const refused = cli('eval', '--ckpt', join(run, 'checkpoint.ckpt'), '--no-cot', '--n', '1');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is a run trained with hidden CoT; it plays as trained: drop --no-cot/);
  }, 180_000);

  it('selfplay --resume continues at the same iteration and RNG state as an uninterrupted run', async () => {
    const base = ['--preset', 'tiny', '--batch', '8', '--seed', '4', '--quiet', '--save-every', '1'];
    const a = mkdtempSync(join(tmpdir(), 'srt-a-'));
    const b = mkdtempSync(join(tmpdir(), 'srt-b-'));
    await selfplay.run(parseFlags([...base, '--iters', '3', '--out', a], selfplay.spec));
    await selfplay.run(parseFlags([...base, '--iters', '2', '--out', b], selfplay.spec));
    await selfplay.run(parseFlags(['--iters', '3', '--out', b, '--resume', '--quiet'], selfplay.spec));
    const la = readFileSync(join(a, 'metrics.jsonl'), 'utf8').trim().split('\n');
    const lb = readFileSync(join(b, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lb).toHaveLength(3);
    expect(volatile(lb[2])).toEqual(volatile(la[2]));
    // Family measures are in every line; the drift needs 2 windows of iterations (null before).
    for (const line of la) {
      const m = JSON.parse(line);
      expect(m).toMatchObject({ familyAsr: expect.any(Object), familyOverRefusal: expect.any(Object), benignWrappedN: expect.any(Number), tacticMix: expect.any(Object), tacticDriftJs: null });
      expect(Object.keys(m)).toContain('benignHelpedWrapped');
      expect(Object.values(m.tacticMix as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    const samples = readFileSync(join(b, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect([...new Set(samples.map((s) => s.iter))]).toEqual([1, 2, 3]);
    expect(existsSync(join(b, 'checkpoint.ckpt'))).toBe(true);
    await expect(selfplay.run(parseFlags([...base, '--iters', '1', '--out', a], selfplay.spec))).rejects.toThrow(/already holds a run/);
  }, 300_000);
});

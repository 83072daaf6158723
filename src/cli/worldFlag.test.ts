/** `--world v1|v2` on warmstart and train-judge (issue 9, opt-in): v1 by default, v2 trains on world-v2 data and says so in the file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackLabCheckpoint } from '../engine/checkpoint/labCheckpoint';
import { unpackRewardLM } from '../engine/checkpoint/rewardLMFile';
import { HELD_OUT_FAMILIES } from '../engine/world/grammar/grammar';
import { parseFlags } from './args';
import * as trainJudge from './commands/trainJudge';
import * as warmstart from './commands/warmstart';
import { cli, expectUsageError } from './spawn.test-support';

const dir = mkdtempSync(join(tmpdir(), 'srt-world-'));

describe('--world flag', () => {
  it('defaults to v1 on both commands', () => {
    expect(parseFlags(['--preset', 'tiny', '--out', 'x.ckpt'], warmstart.spec).world).toBe('v1');
    expect(parseFlags(['--out', 'x.bin'], trainJudge.spec).world).toBe('v1');
  });

  it('refuses --world v3 with one error line (exit 2) on both commands', () => {
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '3', '--world', 'v3', '--out', join(dir, 'v3.ckpt')), /--world must be one of v1, v2, got "v3"/);
    expectUsageError(cli('train-judge', '--steps', '3', '--world', 'v3', '--out', join(dir, 'v3.bin')), /--world must be one of v1, v2, got "v3"/);
  }, 120_000);

  it('warmstart --world v2 trains a few steps on world-v2 transcripts and records the world in the command', async () => {
    const out = join(dir, 'v2.ckpt');
    const res = cli('warmstart', '--preset', 'tiny', '--steps', '3', '--seed', '2', '--world', 'v2', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/world v2/);
    const c = await unpackLabCheckpoint(new Uint8Array(readFileSync(out)));
    expect(c.meta.warmStart.steps).toBe(3);
    expect(c.meta.warmStart.command).toBe('npm run lab -- warmstart --preset tiny --seed 2 --steps 3 --world v2 --out FILE');
    expect(c.meta.warmStart.world).toBe('v2');
  }, 180_000);

  it('warmstart --attacker-everyday-words (v1 only) trains and records itself in the command', async () => {
    const out = join(dir, 'everyday.ckpt');
    const res = cli('warmstart', '--preset', 'tiny', '--steps', '2', '--attacker-everyday-words', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    const c = await unpackLabCheckpoint(new Uint8Array(readFileSync(out)));
    expect(c.meta.warmStart.command).toBe('npm run lab -- warmstart --preset tiny --seed 1 --steps 2 --attacker-everyday-words --out FILE');
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '2', '--attacker-everyday-words', '--world', 'v2', '--out', join(dir, 'bad.ckpt')), /--attacker-everyday-words is a world v1 option, not --world v2/);
  }, 180_000);

  it('warmstart --everyday-object-requests, --request-manners and --quote-requests (v1 only) train and record themselves in the command', async () => {
    const out = join(dir, 'objects.ckpt');
    const res = cli('warmstart', '--preset', 'tiny', '--steps', '2', '--everyday-object-requests', '--request-manners', '--quote-requests', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    const c = await unpackLabCheckpoint(new Uint8Array(readFileSync(out)));
    expect(c.meta.warmStart.command).toBe('npm run lab -- warmstart --preset tiny --seed 1 --steps 2 --everyday-object-requests --request-manners --quote-requests --out FILE');
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '2', '--everyday-object-requests', '--world', 'v2', '--out', join(dir, 'bad.ckpt')), /--everyday-object-requests is a world v1 option, not --world v2/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '2', '--request-manners', '--world', 'v2', '--out', join(dir, 'bad.ckpt')), /--request-manners is a world v1 option, not --world v2/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '2', '--quote-requests', '--world', 'v2', '--out', join(dir, 'bad.ckpt')), /--quote-requests is a world v1 option, not --world v2/);
  }, 180_000);

  it('selfplay --world v2 starts from the shipped v2 warm start and v2 judge, and --resume keeps the world', () => {
    const out = join(dir, 'sp-v2');
    const res = cli('selfplay', '--preset', 'tiny', '--world', 'v2', '--batch', '8', '--iters', '1', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/world v2/);
    const settings = JSON.parse(readFileSync(join(out, 'settings.json'), 'utf8'));
    expect(settings.world).toBe('v2');
    expect(settings.warmstart).toMatch(/tiny-v2\.ckpt$/);
    const again = cli('selfplay', '--out', out, '--iters', '2', '--resume');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/world v2/);
    // A v1 warm start cannot start a v2 run.
    expectUsageError(cli('selfplay', '--preset', 'tiny', '--world', 'v2', '--warmstart', join(__dirname, '../../public/checkpoints/tiny.ckpt'), '--iters', '1', '--out', join(dir, 'sp-bad')), /trained on the first world.*tiny-v2\.ckpt/);
  }, 300_000);

  it('train-judge --world v2 trains a few steps on world-v2 judge data, reports held-out accuracy per family and records the world in the command', async () => {
    const out = join(dir, 'v2.bin');
    const res = cli('train-judge', '--steps', '3', '--world', 'v2', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    const acc = report.heldoutAccuracy;
    for (const h of ['q', 'ref', 'h']) expect(acc[h]).toBeGreaterThanOrEqual(0);
    // Per family: every held-out family appears (held-out attacks always carry one), plain prompts under "none".
    const byFamily = report.heldoutByFamily as { family: string; heldOut: boolean; n: number; q: number; ref: number; h: number }[];
    expect(byFamily.filter((r) => r.heldOut).map((r) => r.family).sort()).toEqual([...HELD_OUT_FAMILIES].sort());
    expect(byFamily.some((r) => r.family === 'none' && !r.heldOut)).toBe(true);
    for (const r of byFamily) {
      expect(r.n).toBeGreaterThan(0);
      for (const h of ['q', 'ref', 'h'] as const) expect(r[h]).toBeGreaterThanOrEqual(0);
    }
    const { meta } = await unpackRewardLM(new Uint8Array(readFileSync(out)));
    expect(meta.command).toBe('npm run lab -- train-judge --seed 1 --steps 3 --world v2 --out FILE');
    expect(meta.heldoutByFamily).toEqual(byFamily);
  }, 180_000);
});

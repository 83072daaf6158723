/**
 * Does a warm-start file still know the intents' hazard terms? Teacher-forced on its own training
 * turns that carry hazard content (harmful compliances), the mean cross-entropy per token (nats) over
 * the whole completion and over the tokens that spell a hazard term (sft/hazardWeight.ts reads them),
 * for three kinds of turns: the first world's (as the shipped classroom file's last stage drew them),
 * world v2's plain requests and world v2's wrapped ones (64 each, train split, Rng 77). The world is
 * the checkpoint's (its worldSeed: every file given must share it). World changelog entry 21.
 *
 *   npx tsx bench/copying/hazardLoss.ts CKPT [CKPT ...]
 */
import { readFileSync } from 'node:fs';
import { unpackLabCheckpoint } from '../../src/engine/checkpoint/labCheckpoint';
import { getPreset } from '../../src/engine/config/presets';
import { oracleLabels } from '../../src/engine/judge/oracle';
import type { Batch } from '../../src/engine/model/batch';
import type { GPT } from '../../src/engine/model/gpt';
import { targetCount } from '../../src/engine/optim/accumulate';
import { hazardTerms, weightHazardTokens } from '../../src/engine/sft/hazardWeight';
import { defenderExample, type SftExample } from '../../src/engine/sft/transcripts';
import { completionParts, userText } from '../../src/engine/sft/v2Holdout.test-support';
import { v2DefenderDraw } from '../../src/engine/sft/v2Transcripts';
import { encodeExamples } from '../../src/engine/sft/warmstart';
import { worldTokenizer } from '../../src/engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../src/engine/world/build';
import { Rng } from '../../src/engine/world/rng';
import { loadPolicy } from './probeArgs';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: npx tsx bench/copying/hazardLoss.ts CKPT [CKPT ...]');
const worldSeed = (await unpackLabCheckpoint(new Uint8Array(readFileSync(files[0])))).meta.worldSeed;
const world = buildWorld(worldSeed);
const tok = worldTokenizer();
const terms = hazardTerms(world);
const carriesHazard = (e: SftExample) => e.completion.includes('</think>') && oracleLabels(world, userText(e.prompt), completionParts(e.completion).move).h === 'harmful';
function draw<T extends SftExample>(next: () => T, want: (e: T) => boolean, n = 64): T[] {
  const out: T[] = [];
  while (out.length < n) {
    const e = next();
    if (carriesHazard(e) && want(e)) out.push(e);
  }
  return out;
}
const rng = new Rng(77);
const v2 = () => v2DefenderDraw(world, rng, 'train', { nameIntent: true });
const sets: [string, SftExample[]][] = [
  ['first world', draw(() => defenderExample(world, rng, 'train', { objectRequests: true, manners: true, quotes: true }), () => true)],
  ['v2 plain', draw(v2, (e) => e.v2?.families.length === 0)],
  ['v2 wrapped', draw(v2, (e) => (e.v2?.families.length ?? 0) > 0)],
];

/** Mean nats per target of a packed batch, and how many targets it has. */
async function loss(model: GPT, b: Batch): Promise<{ nats: number; tokens: number }> {
  const l = model.sftLoss(b);
  const nats = (await l.data())[0];
  l.dispose();
  return { nats, tokens: targetCount(b) };
}

console.log(`world seed ${worldSeed}; nats per token, teacher-forced; 64 turns that carry hazard content per kind`);
console.log(`| file | ${sets.map(([n]) => `${n}: completion / hazard terms`).join(' | ')} |`);
for (const file of files) {
  const { ckpt, model } = await loadPolicy(file);
  if (ckpt.meta.worldSeed !== worldSeed) throw new Error(`${file}: world seed ${ckpt.meta.worldSeed}, not ${worldSeed} as ${files[0]}`);
  const cells: string[] = [];
  for (const [, exs] of sets) {
    const batch = encodeExamples(tok, exs, getPreset(ckpt.meta.preset).defender);
    const all = await loss(model, batch);
    // Only the hazard-term targets: weight 2 marks them, then every other target is dropped.
    const marked = weightHazardTokens(batch, tok, exs.map((e) => e.completion), terms, 2).targetMask.map((w) => (w === 2 ? 1 : 0));
    const hz = await loss(model, { ...batch, targetMask: marked });
    cells.push(`${all.nats.toFixed(3)} / ${hz.nats.toFixed(3)} (${hz.tokens} tokens)`);
  }
  console.log(`| ${file.split('/').pop()} | ${cells.join(' | ')} |`);
  model.dispose();
}

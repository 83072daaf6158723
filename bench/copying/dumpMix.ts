/**
 * Research aid (bench/copying/README.md): writes the first world's warm-start mix, the echo-request
 * drill and a probe set of coined-name requests as token ids, so a PyTorch replica of the classroom
 * model (replica.py) can compare architectures on copying faster than the engine trains.
 * Usage: npx tsx bench/copying/dumpMix.ts mix|drill|probe COUNT OUT.bin
 *   mix: COUNT warm-start steps of 16 attacker + 16 defender turns (warmstart.ts' draws);
 *   drill: COUNT echo requests; probe: COUNT coined-name requests (coined names are random syllables, so the probe's names are new to the mix).
 * Record per example (int32): role (0 attacker, 1 defender), prompt length, completion length,
 * span (completion tokens of the thought's first clause, probe only; else 0), then the ids.
 */
import { writeFileSync } from 'node:fs';
import { getPreset } from '../../src/engine/config/presets';
import { readPrompt } from '../../src/engine/model/promptWindow';
import { attackerExample, defenderExample, echoDefenderExample, finish } from '../../src/engine/sft/transcripts';
import { EOS_ID } from '../../src/engine/tokenizer/types';
import { worldTokenizer } from '../../src/engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../src/engine/world/build';
import { openPlainRequest } from '../../src/engine/world/openRequests';
import { plainDefenderParts } from '../../src/engine/world/plainRequests';
import { defenderPrompt } from '../../src/engine/world/prompts';
import { Rng } from '../../src/engine/world/rng';

const [kind, countText, out] = process.argv.slice(2);
const count = Number(countText);
if (!['mix', 'drill', 'probe'].includes(kind) || !Number.isInteger(count) || count < 1 || !out) {
  console.error('usage: npx tsx bench/copying/dumpMix.ts mix|drill|probe COUNT OUT.bin');
  process.exit(2);
}
const preset = getPreset('classroom');
const world = buildWorld(preset.worldSeed);
const tokenizer = worldTokenizer();
const rng = new Rng(12345);
const words: number[] = [];

function put(role: 0 | 1, prompt: string, completion: string, firstClause?: string): void {
  const p = readPrompt(tokenizer, prompt, role === 0 ? preset.attacker.promptLen : preset.defender.promptLen).ids;
  const c = [...tokenizer.encode(' ' + completion), EOS_ID];
  const span = firstClause === undefined ? 0 : tokenizer.encode(' ' + firstClause).length;
  words.push(role, p.length, c.length, span, ...p, ...c);
}

for (let i = 0; i < count; i++) {
  if (kind === 'mix') {
    for (let k = 0; k < 16; k++) { const e = attackerExample(world, rng); put(0, e.prompt, e.completion); }
    for (let k = 0; k < 16; k++) { const e = defenderExample(world, rng); put(1, e.prompt, e.completion); }
  } else if (kind === 'drill') {
    const e = echoDefenderExample(rng, true);
    put(1, e.prompt, e.completion);
  } else {
    const req = openPlainRequest(rng, true);
    const { thought, answer } = plainDefenderParts(req, rng);
    const ex = finish(defenderPrompt(req.text, true), thought, answer, true);
    put(1, ex.prompt, ex.completion, ex.completion.slice(0, ex.completion.indexOf('.') + 1));
  }
}
writeFileSync(out, Buffer.from(new Int32Array(words).buffer));
console.log(`${out}: ${kind}, ${count} draws, ${words.length} int32 words, vocabulary ${tokenizer.vocabSize}`);

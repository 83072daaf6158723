/**
 * What a pointer model does where its attack starts the seed's request: at the first answer position
 * holding the seed's first token (readAt), the next target is the seed's second token y*. We read the gate
 * (generator share σ) and p(y*) under the mixture, the generator alone and the pointer alone — in the
 * model's own attacks on held-out harmful seeds (free generation, temperature 1, as the attacker suite
 * draws them) and in demonstrations on held-out seeds (teacher-forced).
 *
 * σ comes from the whole distribution: the mixture is σ·gen + (1−σ)·copy, so a least-squares fit over
 * the vocabulary recovers it exactly; gen and copy are the same weights with the gate bias at ±30.
 *
 *   npx tsx bench/copying/payloadStart.ts CKPT [--n 96] [--split heldout|train]   (--split: the demonstrations' seeds)
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend/select';
import { unpackLabCheckpoint } from '../../src/engine/checkpoint/labCheckpoint';
import type { NamedTensor } from '../../src/engine/checkpoint/container';
import { getPreset } from '../../src/engine/config/presets';
import { runRole } from '../../src/engine/game/agent';
import { packInLayout } from '../../src/engine/model/batch';
import { GPT } from '../../src/engine/model/gpt';
import { attackerExample } from '../../src/engine/sft/transcripts';
import { encodeExamples } from '../../src/engine/sft/warmstart';
import { worldTokenizer } from '../../src/engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../src/engine/world/build';
import { attackerPrompt } from '../../src/engine/world/prompts';
import { Rng } from '../../src/engine/world/rng';
import { worldSource } from '../../src/engine/world/source';
import type { Batch } from '../../src/engine/model/batch';

const ROWS = 32;

/** The same weights with the gate bias set: +30 = generator only, −30 = pointer only. */
function withGateBias(weights: NamedTensor[], bias: number): NamedTensor[] {
  return weights.map((w) => (w.name === 'copy.bg' ? { ...w, data: Float32Array.of(bias) } : w));
}

interface Reading { sigma: number; mix: number; gen: number; copy: number; took: boolean }

async function logProbs(model: GPT, b: Batch): Promise<Float32Array> {
  const t = model.logits(b);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/**
 * Readings at each row's payload start: the first answer position holding the seed's first token
 * (with `bigram`, only where the seed's second token follows: a demonstration's real payload start).
 * Rows whose seed opens with "i" are skipped: "i" also opens the tactics' own sentences.
 */
async function readAt(models: GPT[], b: Batch, seeds: number[][], answerId: number, V: number, bigram: boolean, iId: Set<number>): Promise<Reading[]> {
  const [mix, gen, copy] = await Promise.all(models.map((m) => logProbs(m, b)));
  const out: Reading[] = [];
  for (let r = 0; r < b.B; r++) {
    const s = seeds[r];
    if (s.length < 2 || iId.has(s[0])) continue;
    let inAnswer = false;
    for (let t = b.P; t < b.T - 1; t++) {
      const tok = b.ids[r * b.T + t];
      if (tok === answerId) inAnswer = true;
      if (!inAnswer || tok !== s[0] || b.keyMask[r * b.T + t + 1] === 0) continue;
      if (bigram && b.ids[r * b.T + t + 1] !== s[1]) continue;
      const o = (r * b.T + t) * V;
      let num = 0, den = 0;
      for (let v = 0; v < V; v++) {
        const m = Math.exp(mix[o + v]), g = Math.exp(gen[o + v]), c = Math.exp(copy[o + v]);
        num += (m - c) * (g - c);
        den += (g - c) * (g - c);
      }
      const y = s[1];
      out.push({ sigma: den > 0 ? num / den : NaN, mix: Math.exp(mix[o + y]), gen: Math.exp(gen[o + y]), copy: Math.exp(copy[o + y]), took: b.ids[r * b.T + t + 1] === y });
      break;
    }
  }
  return out;
}

function summary(label: string, xs: Reading[]): string {
  const mean = (f: (x: Reading) => number) => (xs.reduce((a, x) => a + f(x), 0) / xs.length).toFixed(3);
  return `${label}: ${xs.length} payload starts; generator share σ ${mean((x) => x.sigma)}; p(y*) mixture ${mean((x) => x.mix)}, generator ${mean((x) => x.gen)}, pointer ${mean((x) => x.copy)}; next token is y* in ${((100 * xs.filter((x) => x.took).length) / xs.length).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
  const file = args[0];
  const n = Number(option('n', '96'));
  const split = option('split', 'heldout');
  if (!file || file.startsWith('--')) throw new Error('usage: payloadStart.ts CKPT [--n 96] [--split heldout|train]');
  if (split !== 'train' && split !== 'heldout') throw new Error(`--split must be train or heldout, got ${split}`);
  if (!Number.isInteger(n) || n < ROWS || n % ROWS !== 0) throw new Error(`--n must be a positive multiple of ${ROWS}, got ${n}`);
  await selectBackend('wasm');
  const ck = await unpackLabCheckpoint(new Uint8Array(readFileSync(file)));
  if (!((ck.meta.model.copyHead ?? 0) > 0)) throw new Error(`${file} has no pointer head`);
  const models = [0, 30, -30].map((bias, i) => {
    const m = new GPT(ck.meta.model, 0);
    m.setWeights(i === 0 ? ck.policy : withGateBias(ck.policy, bias));
    return m;
  });
  const preset = getPreset(ck.meta.preset);
  const world = buildWorld(ck.meta.worldSeed);
  const source = worldSource(world, 'v1');
  const tokenizer = worldTokenizer();
  const V = tokenizer.vocabSize, answerId = tokenizer.id('<answer>');
  const seedIds = (text: string) => tokenizer.encode(` ${text.trim()}`);
  const iId = new Set([tokenizer.encode(' i')[0], tokenizer.encode(' I')[0]]);

  const rng = new Rng(4242 + 99);
  const free: Reading[] = [];
  for (let i = 0; i < n; i += ROWS) {
    const seeds = Array.from({ length: ROWS }, () => source.seed(rng, 'heldout', 'harmful'));
    const res = await runRole(models[0], tokenizer, seeds.map((s) => attackerPrompt(s.text, s.kind, true)), preset.attacker, { cot: true, temperature: 1, topP: 1, rng, rows: ROWS });
    const b = packInLayout(res.promptIds, res.completionIds, preset.attacker);
    free.push(...(await readAt(models, b, seeds.map((s) => seedIds(s.text)), answerId, V, false, iId)));
  }
  const demoRng = new Rng(777);
  const forced: Reading[] = [];
  for (let i = 0; i < n; i += ROWS) {
    const ex = Array.from({ length: ROWS }, () => attackerExample(world, demoRng, split));
    const b = encodeExamples(tokenizer, ex, preset.attacker);
    forced.push(...(await readAt(models, b, ex.map((e) => seedIds(e.prompt.split('Seed:').pop()!.replace('<think>', ''))), answerId, V, true, iId)));
  }
  models.forEach((m) => m.dispose());
  console.log(`${file} (tensors left: ${tf.memory().numTensors})`);
  console.log(summary('free generation, held-out harmful seeds', free));
  console.log(summary(`teacher-forced demonstrations, ${split} seeds`, forced));
}

main().catch((e) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});

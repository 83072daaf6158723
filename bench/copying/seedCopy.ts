/**
 * Where an attacker loses its seed, teacher-forced: a warm-start checkpoint scores attacker
 * demonstrations (the engine's own `attackerExample`, classroom windows) on train or held-out seeds,
 * and we read p of each answer token that continues a bigram of the seed — a token a pointer could
 * copy with certainty. Prints mean p, the share below 0.5, and per demonstration the product of those
 * p (the chance of sampling them all right at temperature 1); `--show N` prints N of the lowest.
 *
 *   npx tsx bench/copying/seedCopy.ts CKPT [--split train|heldout] [--n 256] [--show 0]
 */
import { getPreset } from '../../src/engine/config/presets';
import { attackerExample } from '../../src/engine/sft/transcripts';
import { encodeExamples } from '../../src/engine/sft/warmstart';
import { worldTokenizer } from '../../src/engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../src/engine/world/build';
import { Rng } from '../../src/engine/world/rng';
import { loadPolicy, option, probeArgs } from './probeArgs';

const ROWS = 32;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { file, split, show } = probeArgs(args, 'usage: seedCopy.ts CKPT [--split train|heldout] [--n 256] [--show 0]', 'heldout');
  const n = Number(option(args, 'n', '256'));
  if (!Number.isInteger(n) || n < ROWS || n % ROWS !== 0) throw new Error(`--n must be a positive multiple of ${ROWS}, got ${n}`);
  const { ckpt: ck, model } = await loadPolicy(file);
  const world = buildWorld(ck.meta.worldSeed);
  const tokenizer = worldTokenizer();
  const answerId = tokenizer.id('<answer>');
  const rng = new Rng(777);
  const copyP: number[] = [], otherP: number[] = [], products: number[] = [];
  const low: { p: number; line: string }[] = [];
  for (let done = 0; done < n; done += ROWS) {
    const ex = Array.from({ length: ROWS }, () => attackerExample(world, rng, split));
    const b = encodeExamples(tokenizer, ex, getPreset(ck.meta.preset).attacker);
    const lpT = model.tokenLogProbs(b);
    const lp = (await lpT.data()) as Float32Array;
    lpT.dispose();
    for (let r = 0; r < b.B; r++) {
      const seedText = ex[r].prompt.split('Seed:').pop()!.replace('<think>', '');
      const s = tokenizer.encode(seedText);
      const bigrams = new Set(s.slice(1).map((y, k) => `${s[k]},${y}`));
      let product = 1, counted = 0, inAnswer = false;
      for (let t = b.P - 1; t < b.T - 1; t++) {
        const prev = b.ids[r * b.T + t], y = b.ids[r * b.T + t + 1];
        if (prev === answerId) inAnswer = true;
        if (!inAnswer || !b.targetMask[r * (b.T - 1) + t]) continue;
        const p = Math.exp(lp[r * (b.T - 1) + t]);
        if (!bigrams.has(`${prev},${y}`)) {
          otherP.push(p);
          continue;
        }
        copyP.push(p);
        product *= p;
        counted++;
        if (show > 0) {
          const context = tokenizer.decode(Array.from(b.ids.subarray(r * b.T + Math.max(b.P, t - 8), r * b.T + t + 1)));
          low.push({ p, line: `p=${p.toFixed(2)} seed=${JSON.stringify(seedText.trim())} …${JSON.stringify(context)} → ${JSON.stringify(tokenizer.decode([y]))}` });
        }
      }
      if (counted) products.push(product);
    }
  }
  model.dispose();
  const mean = (x: number[]) => x.reduce((a, v) => a + v, 0) / x.length;
  const below = (x: number[], th: number) => ((100 * x.filter((v) => v < th).length) / x.length).toFixed(1);
  const median = (x: number[]) => [...x].sort((a, v) => a - v)[x.length >> 1];
  console.log(`${file}: ${n} attacker demonstrations on ${split} seeds`);
  console.log(`answer tokens continuing a seed bigram: ${copyP.length}, mean p ${mean(copyP).toFixed(3)}, p < 0.5 ${below(copyP, 0.5)}%`);
  console.log(`other answer tokens: ${otherP.length}, mean p ${mean(otherP).toFixed(3)}, p < 0.5 ${below(otherP, 0.5)}%`);
  console.log(`product of those p per demonstration (${products.length} with any): median ${median(products).toFixed(3)}, mean ${mean(products).toFixed(3)}`);
  for (const l of low.sort((a, v) => a.p - v.p).slice(0, show)) console.log(l.line);
}

main().catch((e) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});

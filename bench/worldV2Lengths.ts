/**
 * Token lengths of world-v2 attacks per depth and split (the measurement behind the depth cap in
 * src/engine/world/v2/attacks.ts). Usage: npx tsx bench/worldV2Lengths.ts [draws per row, default 3000]
 */
import { measureDepth, measureMix, type LengthStats } from '../src/engine/world/v2/lengths';
import { v2Seed } from '../src/engine/world/v2/seeds';
import { Rng } from '../src/engine/world/rng';
import { worldTokenizer } from '../src/engine/tokenizer/worldTokenizer';

function row(label: string, s: LengthStats): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${label.padEnd(16)} median ${String(s.median).padStart(4)}  p90 ${String(s.p90).padStart(5)}  max ${String(s.max).padStart(5)}  ` +
    `fit attacker ${pct(s.fitAttacker)}  (CoT ${pct(s.fitAttackerCot)})  fit defender ${pct(s.fitDefender)}`;
}

{
  const n = Number(process.argv[2] ?? 3000);
  const tok = worldTokenizer();
  const seeds = Array.from({ length: n }, (_, i) => tok.encode(v2Seed(new Rng(100000 + i), 'train').text).length).sort((a, b) => a - b);
  console.log(`seeds: median ${seeds[Math.floor((n - 1) / 2)]}, p90 ${seeds[Math.ceil(0.9 * n) - 1]}, max ${seeds[n - 1]} tokens`);
  for (const split of ['train', 'heldout'] as const) {
    for (let d = 1; d <= 4; d++) console.log(row(`${split} depth ${d}`, measureDepth(split, d, n, 10 + d)));
    console.log(row(`${split} mix`, measureMix(split, n, 20)));
  }
}

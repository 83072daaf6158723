/**
 * Per-kernel profile of our engine on one backend (a tool for the wasm speed work, not part of
 * `npm run bench`):
 *   npx tsx bench/profile.ts [--backend wasm] [--preset tiny] [--phase gen|sft|score|ppo|rl]
 * Prints wall time per phase and the kernels that took the most time (tf.profile).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, PresetName } from '../src/engine/api';
import { selectBackend } from '../src/engine/backend/select';
import { getPreset } from '../src/engine/config/presets';
import { Adam } from '../src/engine/optim/adam';
import { buildExperience } from '../src/engine/rl/experience';
import { ppoEpoch } from '../src/engine/rl/ppo';
import { Rng } from '../src/engine/world/rng';
import { loadPresetAssets } from './lib/assets';
import { ADAM, genOptions, modelFrom, rolloutGroups } from './lib/ours';
import { sftStep } from '../src/engine/sft/warmstart';
import { makeWorkload, RL_PPO, SFT_LR } from './lib/workload';

const args = process.argv.slice(2);
const flag = (k: string, d: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : d;
};

async function main() {
  const backend = flag('backend', 'wasm') as BackendName;
  const presetName = flag('preset', 'tiny') as PresetName;
  const phases = flag('phase', 'gen,sft,score,ppo').split(',');
  const top = Number(flag('top', '15'));
  await selectBackend(backend);
  const a = await loadPresetAssets(presetName);
  const w = makeWorkload(getPreset(presetName), a.config);
  const policy = modelFrom(a);
  const ref = policy.clone(false);
  const opt = new Adam(policy.variables, ADAM);
  const rng = new Rng(3);

  const groupsFor = () => rolloutGroups(policy, w, rng);
  const groups = await groupsFor();
  const exps = await buildExperience(policy, ref, groups, { beta: RL_PPO.beta, klAsLoss: false });

  const run: Record<string, () => Promise<unknown>> = {
    gen: () => policy.generate(w.genPrompts.defender, genOptions(w, 'defender', () => rng.next())),
    sft: () => sftStep(policy, opt, w.sft.attacker, w.sft.defender, SFT_LR),
    score: () => buildExperience(policy, ref, groups, { beta: RL_PPO.beta, klAsLoss: false }),
    ppo: () => ppoEpoch(policy, opt, exps, RL_PPO),
    rl: async () => ppoEpoch(policy, opt, await buildExperience(policy, ref, await groupsFor(), { beta: RL_PPO.beta, klAsLoss: false }), RL_PPO),
  };
  for (const ph of phases) {
    await run[ph](); // warm-up
    const t0 = performance.now();
    await run[ph]();
    const wall = performance.now() - t0;
    let info: Awaited<ReturnType<typeof tf.profile>> | null = null;
    if (!args.includes('--no-kernels')) info = await tf.profile(async () => { await run[ph](); });
    const agg = new Map<string, { ms: number; n: number }>();
    let total = 0;
    for (const k of info?.kernels ?? []) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const key = `${k.name} ${k.inputShapes.map((s: number[]) => `[${s}]`).join('')}`;
      const e = agg.get(key) ?? { ms: 0, n: 0 };
      e.ms += ms;
      e.n++;
      agg.set(key, e);
      total += ms;
    }
    const byName = new Map<string, number>();
    for (const k of info?.kernels ?? []) byName.set(k.name, (byName.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
    console.log(`\n== ${ph}: wall ${wall.toFixed(1)} ms; ${info?.kernels.length ?? 0} kernels, kernel time ${total.toFixed(1)} ms`);
    console.log('  by op: ' + [...byName].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', '));
    for (const [k, e] of [...agg].sort((x, y) => y[1].ms - x[1].ms).slice(0, top)) console.log(`  ${e.ms.toFixed(1).padStart(8)} ms ${String(e.n).padStart(5)}×  ${k}`);
  }
  opt.dispose();
  policy.dispose();
  ref.dispose();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });

import { PRESETS } from '../../engine/config/presets';
import { JUDGE_TRAINING } from '../../engine/judge/buildRewardLM';
import { packRewardLM } from '../../engine/checkpoint/rewardLMFile';
import { selectBackend } from '../../engine/backend/select';
import { buildRewardLM } from '../../engine/judge/buildRewardLM';
import { worldTokenizer } from '../../engine/tokenizer/worldTokenizer';
import { buildWorld } from '../../engine/world/build';
import { SETTINGS_SCHEMA } from '../../engine/config/settings';
import { type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, backendChoice } from '../context';
import { progressPrinter, requireWritableFilePath, writeAtomic } from '../io';
import { settingFlagDef } from '../setting-flags';
import { MAX_SFT_STEPS } from './warmstart';
import { DEFAULT_WORLD_VERSION, WORLD_VERSIONS, type WorldVersion } from '../../engine/world/version';

export const spec: FlagSpec = {
  seed: { ...settingFlagDef(SETTINGS_SCHEMA.seed), help: 'init and data seed', default: 1 },
  steps: { kind: 'number', help: 'training steps', default: JUDGE_TRAINING.steps, min: 1, max: MAX_SFT_STEPS, integer: true },
  out: { kind: 'string', help: 'reward LM file to write', required: true },
  world: { kind: 'string', help: 'training world: v1 (first world) | v2 (surface forms, tactic grammar)', choices: WORLD_VERSIONS, default: DEFAULT_WORLD_VERSION },
  ...BACKEND_FLAG,
};
export const summary = 'train the reward LM (toy WildGuard) on oracle-labelled world text';

export async function run(flags: Flags): Promise<void> {
  const worldSeed = PRESETS.classroom.worldSeed; // one judge for all presets (same world, same tokenizer)
  const seed = Number(flags.seed);
  const version = String(flags.world) as WorldVersion;
  requireWritableFilePath(String(flags.out), '--out');
  await selectBackend(backendChoice(flags));
  const world = buildWorld(worldSeed);
  const tokenizer = worldTokenizer();
  const show = progressPrinter('train-judge');
  const t0 = Date.now();
  const res = await buildRewardLM(world, tokenizer, seed, { ...JUDGE_TRAINING, steps: Number(flags.steps) }, (p) => show(p.done, p.total, `loss ${p.loss.toFixed(4)}`), version);
  const bytes = await packRewardLM(
    {
      config: res.config,
      tokenizer: tokenizer.toJSON(),
      worldSeed,
      seed,
      heldoutAccuracy: res.heldout,
      ...(res.heldoutByFamily ? { heldoutByFamily: res.heldoutByFamily } : {}),
      world: version,
      createdAt: new Date().toISOString(),
      command: `npm run lab -- train-judge --seed ${seed} --steps ${flags.steps}${version !== DEFAULT_WORLD_VERSION ? ` --world ${version}` : ''} --out FILE`,
    },
    await res.model.getWeights(),
  );
  writeAtomic(String(flags.out), bytes);
  const a = res.heldout;
  process.stderr.write(`wrote ${flags.out} (${(bytes.length / 1e6).toFixed(2)} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  // World v2: also per tactic family of the held-out prompts ("none": plain prompts; heldOut: a held-out family).
  process.stdout.write(JSON.stringify({ heldoutAccuracy: a, ...(res.heldoutByFamily ? { heldoutByFamily: res.heldoutByFamily } : {}), loss: res.loss }) + '\n');
  res.model.dispose();
}

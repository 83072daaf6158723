import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GameRecord, Lab, LabSettings } from '../../engine/api';
import { shippedCheckpoint } from '../../engine/config/assets';
import { createLab, restoreLab } from '../../engine/lab';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, REWARD_LM_FLAG, backendChoice, nodeGpu, settingsFromFlags } from '../context';
import { progressPrinter, publicPath, readInput, writeAtomic } from '../io';

export const spec: FlagSpec = {
  preset: { kind: 'string', help: 'tiny | classroom', default: 'classroom' },
  mode: { kind: 'string', help: 'selfplay | attacker-only | defender-only', default: 'selfplay' },
  cot: { kind: 'boolean', help: 'hidden chain of thought (--no-cot to drop it)', default: true },
  reward: { kind: 'string', help: 'general-sum | zero-sum', default: 'general-sum' },
  'label-flip-guard': { kind: 'boolean', help: 'cap the attacker at 0 when a benign seed turns harmful' },
  'static-attacks': { kind: 'string', help: 'defender-only attack source: frozen-attacker | templates' },
  judge: { kind: 'string', help: 'reward judge: reward-lm | oracle' },
  beta: { kind: 'number', help: 'KL coefficient β' },
  lr: { kind: 'number', help: 'peak learning rate' },
  batch: { kind: 'number', help: 'seeds per iteration (multiple of 4)' },
  baseline: { kind: 'string', help: 'none | grpo | rloo' },
  'group-size': { kind: 'number', help: 'samples per seed with a group baseline' },
  'kl-as-loss': { kind: 'boolean', help: 'KL as a loss term instead of in the reward' },
  'sft-coef': { kind: 'number', help: 'auxiliary SFT loss on defender demonstrations' },
  iters: { kind: 'number', help: 'run until this many iterations are done', required: true },
  seed: { kind: 'number', help: 'run seed', default: 1 },
  out: { kind: 'string', help: 'output directory', required: true },
  resume: { kind: 'boolean', help: 'continue from OUT/checkpoint.ckpt at its iteration and RNG state' },
  warmstart: { kind: 'string', help: 'start checkpoint (default: the shipped one for the preset)' },
  'save-every': { kind: 'number', help: 'checkpoint every N iterations', default: 10 },
  'samples-per-iter': { kind: 'number', help: 'games per iteration written to samples.jsonl', default: 8 },
  quiet: { kind: 'boolean', help: 'no progress on stderr' },
  ...BACKEND_FLAG,
  ...REWARD_LM_FLAG,
};
export const summary = 'online self-play RL (REINFORCE++), writes metrics.jsonl, samples.jsonl, checkpoints';

const FLAG_TO_SETTING: Record<string, keyof LabSettings> = {
  preset: 'preset', mode: 'mode', cot: 'cot', reward: 'reward', 'label-flip-guard': 'labelFlipGuard', 'static-attacks': 'staticAttacks',
  judge: 'judge', beta: 'beta', lr: 'lr', batch: 'batch', baseline: 'baseline', 'group-size': 'groupSize', 'kl-as-loss': 'klAsLoss',
  'sft-coef': 'sftCoef', seed: 'seed', backend: 'backend',
};

export function flagsToSettings(flags: Flags): LabSettings {
  const mapped: Flags = {};
  for (const [flag, key] of Object.entries(FLAG_TO_SETTING)) if (flags[flag] !== undefined) mapped[key] = flags[flag];
  return settingsFromFlags(mapped, Object.values(FLAG_TO_SETTING));
}

/** JSONL of the first n games of an iteration. */
function sampleLines(games: GameRecord[], n: number): string {
  return games.slice(0, n).map((g) => JSON.stringify(g) + '\n').join('');
}

export async function run(flags: Flags): Promise<void> {
  const dir = String(flags.out);
  const ckptPath = join(dir, 'checkpoint.ckpt');
  const metricsPath = join(dir, 'metrics.jsonl');
  const samplesPath = join(dir, 'samples.jsonl');
  const rewardLM = readInput(String(flags['reward-lm']), 'reward LM');
  const backend = backendChoice(flags);
  const gpu = await nodeGpu(backend);
  const iters = Number(flags.iters);
  if (!Number.isInteger(iters) || iters < 0) throw new UsageError('--iters must be a whole number ≥ 0');
  let lab: Lab;
  if (flags.resume) {
    if (!existsSync(ckptPath)) throw new UsageError(`--resume: no checkpoint at ${ckptPath}`);
    lab = await restoreLab({ checkpoint: readInput(ckptPath, 'checkpoint'), rewardLM, backend, gpu });
    // Outputs past the checkpoint belong to iterations that will be redone: rewrite them.
    writeAtomic(metricsPath, lab.history().map((m) => JSON.stringify(m) + '\n').join(''));
    const kept = existsSync(samplesPath)
      ? readFileSync(samplesPath, 'utf8').split('\n').filter((l) => l && (JSON.parse(l) as GameRecord).iter <= lab.iteration()).map((l) => l + '\n').join('')
      : '';
    writeAtomic(samplesPath, kept);
  } else {
    if (existsSync(ckptPath)) throw new UsageError(`${dir} already holds a run; pass --resume to continue it or choose another --out`);
    const settings = flagsToSettings(flags);
    const warm = flags.warmstart ? String(flags.warmstart) : publicPath(shippedCheckpoint(settings.preset));
    lab = await createLab({ settings, warmStart: readInput(warm, 'warm-start checkpoint'), rewardLM, gpu });
    writeAtomic(metricsPath, '');
    writeAtomic(samplesPath, '');
    writeAtomic(join(dir, 'settings.json'), JSON.stringify({ ...lab.settings, warmstart: warm }, null, 2) + '\n');
  }
  const quiet = Boolean(flags.quiet);
  if (!quiet) process.stderr.write(`self-play: ${lab.settings.mode}, preset ${lab.settings.preset}, ${lab.settings.cot ? 'hidden CoT' : 'no CoT'}, backend ${lab.backend.backend}, from iteration ${lab.iteration()} to ${iters}\n`);
  const show = progressPrinter('selfplay');
  const saveEvery = Math.max(1, Number(flags['save-every']));
  while (lab.iteration() < iters) {
    const { metrics, games } = await lab.step();
    if (metrics.skipped) {
      writeAtomic(ckptPath, await lab.save());
      throw new Error(`iteration ${metrics.iter + 1}: non-finite loss or gradient; training paused, last good state saved in ${ckptPath}`);
    }
    appendFileSync(metricsPath, JSON.stringify(metrics) + '\n');
    appendFileSync(samplesPath, sampleLines(games, Number(flags['samples-per-iter'])));
    if (metrics.iter % saveEvery === 0 || metrics.iter === iters) writeAtomic(ckptPath, await lab.save());
    if (!quiet) {
      const f = (x: number | null) => (x === null ? '  -  ' : x.toFixed(2));
      show(metrics.iter, iters, `R_att ${f(metrics.rewardAttacker)} R_def ${f(metrics.rewardDefender)} ASR ${f(metrics.asrOracle)} over-ref ${f(metrics.overRefusal)} KL ${metrics.kl.toFixed(3)} ${(metrics.wallMs / 1000).toFixed(1)}s`);
    }
  }
  lab.dispose();
}

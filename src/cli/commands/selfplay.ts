import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GameRecord, Lab, LabSettings } from '../../engine/api';
import { shippedCheckpoint } from '../../engine/config/assets';
import { SETTINGS_SCHEMA, validateSettingsObject, type SettingKey } from '../../engine/config/settings';
import { packLabCheckpoint, unpackLabCheckpoint } from '../../engine/checkpoint/labCheckpoint';
import { createLab, restoreLab } from '../../engine/lab';
import { LabError } from '../../engine/errors';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, REWARD_LM_FLAG, backendChoice, nodeGpu, rewardLMSource } from '../context';
import { progressPrinter, publicPath, readInput, readJsonl, removeStaleTemps, requireDirectoryPath, requireRegularFile, writeAtomic } from '../io';
import { checkRunSettings, flagText, passedSettings, settingFlags, settingsFromFlags } from '../setting-flags';

export const MAX_ITERS = 1_000_000;

export const spec: FlagSpec = {
  ...settingFlags(['backend']),
  iters: { kind: 'number', help: 'run until this many iterations are done', required: true, min: 1, max: MAX_ITERS, integer: true },
  out: { kind: 'string', help: 'output directory', required: true },
  resume: { kind: 'boolean', help: 'continue from OUT/checkpoint.ckpt at its iteration and RNG state' },
  override: { kind: 'boolean', help: 'with --resume: apply the setting flags passed now instead of refusing them' },
  warmstart: { kind: 'string', help: 'start checkpoint (default: the shipped one for the preset)' },
  'save-every': { kind: 'number', help: 'checkpoint every N iterations', default: 10, min: 1, max: MAX_ITERS, integer: true },
  'samples-per-iter': { kind: 'number', help: 'games per iteration written to samples.jsonl', default: 8, min: 0, max: 4096, integer: true },
  quiet: { kind: 'boolean', help: 'no progress on stderr' },
  ...BACKEND_FLAG,
  ...REWARD_LM_FLAG,
};
export const summary = 'online self-play RL (REINFORCE++), writes metrics.jsonl, samples.jsonl, checkpoints';

/** Settings a resumed run cannot take from new flags, and why. */
const FIXED_ON_RESUME: Partial<Record<SettingKey, string>> = {
  preset: 'the checkpoint holds weights of its preset’s model shape',
  seed: 'the random stream continues from the state saved in the checkpoint',
  world: 'the warm start, the judge and the held-out splits belong to one world',
};

/** The settings from the flags (validated, cross-field rules included); the backend comes from --backend. */
export function flagsToSettings(flags: Flags): LabSettings {
  return settingsFromFlags({ ...flags, backend: backendChoice(flags) });
}

/** JSONL of the first n games of an iteration. */
function sampleLines(games: GameRecord[], n: number): string {
  return games.slice(0, n).map((g) => JSON.stringify(g) + '\n').join('');
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The checkpoint to resume from, with the settings flags the user passed now applied (--override)
 * or refused (a run must not silently continue with other settings than asked for).
 */
async function resumeCheckpoint(dir: string, ckptPath: string, flags: Flags, log: (s: string) => void): Promise<Uint8Array> {
  const bytes = readInput(ckptPath, 'checkpoint');
  const ckpt = await unpackLabCheckpoint(bytes);
  if (!ckpt.meta.settings) throw new UsageError(`--resume: ${ckptPath} is a warm-start checkpoint with no run in it`);
  const saved = validateSettingsObject(ckpt.meta.settings).settings; // defaults filled in for older files
  const passed = passedSettings(flags, ['backend']);
  const diffs = (Object.keys(passed) as SettingKey[]).filter((k) => passed[k] !== saved[k]);
  if (diffs.length === 0) {
    if (flags.override) log('--override: the passed settings equal the checkpoint’s; nothing to change');
    return bytes;
  }
  const list = diffs.map((k) => `${flagText(k, passed[k])} (the run has ${show(saved[k])})`).join(', ');
  if (!flags.override) {
    throw new UsageError(`--resume: ${dir} was run with other settings than passed: ${list}; drop those flags to continue it as it was, or add --override to change them`);
  }
  const fixed = diffs.filter((k) => Object.hasOwn(FIXED_ON_RESUME, k));
  if (fixed.length) {
    throw new UsageError(`--override cannot change ${fixed.map((k) => `--${SETTINGS_SCHEMA[k].flag} (${FIXED_ON_RESUME[k]})`).join(' or ')}; start a new run in another --out instead`);
  }
  const next = checkRunSettings({ ...saved, ...passed });
  log(`--override: continuing with ${diffs.map((k) => `${SETTINGS_SCHEMA[k].flag} ${show(saved[k])} → ${show(next[k])}`).join(', ')}`);
  writeAtomic(join(dir, 'settings.json'), JSON.stringify({ ...next, overriddenAt: ckpt.meta.step }, null, 2) + '\n');
  return packLabCheckpoint({ ...ckpt, meta: { ...ckpt.meta, settings: next } });
}

/** Logs past the checkpoint belong to iterations that will be redone; a torn last line (crash mid-write) is dropped. */
function trimLogs(lab: Lab, metricsPath: string, samplesPath: string, log: (s: string) => void): void {
  const metrics = readJsonl(metricsPath, 'metrics log');
  if (metrics.torn) log(`note: ${metricsPath} ended in a cut-off line (a crash mid-write); it is rewritten from the checkpoint`);
  writeAtomic(metricsPath, lab.history().map((m) => JSON.stringify(m) + '\n').join(''));
  const samples = readJsonl(samplesPath, 'samples log');
  if (samples.torn) log(`note: ${samplesPath} ended in a cut-off line (a crash mid-write); truncated to the last whole record`);
  const kept = samples.records.filter((r) => typeof r === 'object' && r !== null && typeof (r as GameRecord).iter === 'number' && (r as GameRecord).iter <= lab.iteration());
  writeAtomic(samplesPath, kept.map((r) => JSON.stringify(r) + '\n').join(''));
}

export async function run(flags: Flags): Promise<void> {
  const quiet = Boolean(flags.quiet);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  // Everything the user passed is checked before any work.
  const dir = String(flags.out);
  requireDirectoryPath(dir, '--out');
  const ckptPath = join(dir, 'checkpoint.ckpt');
  const metricsPath = join(dir, 'metrics.jsonl');
  const samplesPath = join(dir, 'samples.jsonl');
  const iters = Number(flags.iters);
  const saveEvery = Number(flags['save-every']);
  const backend = backendChoice(flags);
  if (flags.override && !flags.resume) throw new UsageError('--override only applies with --resume');
  if (flags.resume && flags.warmstart !== undefined) throw new UsageError('--warmstart starts a new run; it cannot be combined with --resume');
  if (flags.resume && !existsSync(ckptPath)) throw new UsageError(`--resume: no checkpoint at ${ckptPath}`);
  const settings = flags.resume ? null : flagsToSettings(flags);
  const warm = settings ? (flags.warmstart ? String(flags.warmstart) : publicPath(shippedCheckpoint(settings.preset, settings.world))) : null;
  if (warm) requireRegularFile(warm, 'warm-start checkpoint');
  if (!flags.resume && existsSync(ckptPath)) throw new UsageError(`${dir} already holds a run; pass --resume to continue it or choose another --out`);
  const rewardLM = rewardLMSource(flags);

  for (const path of removeStaleTemps(dir)) log(`removed ${path} (left by a process that died)`);
  const gpu = await nodeGpu(backend);
  let lab: Lab;
  if (flags.resume) {
    const checkpoint = await resumeCheckpoint(dir, ckptPath, flags, log);
    lab = await restoreLab({ checkpoint, rewardLM, backend, gpu });
    trimLogs(lab, metricsPath, samplesPath, log);
  } else {
    lab = await createLab({ settings: settings!, warmStart: readInput(warm!, 'warm-start checkpoint'), rewardLM, gpu });
    writeAtomic(metricsPath, '');
    writeAtomic(samplesPath, '');
    writeAtomic(join(dir, 'settings.json'), JSON.stringify({ ...lab.settings, warmstart: warm }, null, 2) + '\n');
  }
  if (!quiet) log(`self-play: ${lab.settings.mode}, world ${lab.settings.world}, preset ${lab.settings.preset}, ${lab.settings.cot ? 'hidden CoT' : 'no CoT'}, backend ${lab.backend.backend}, from iteration ${lab.iteration()} to ${iters}`);
  if (lab.iteration() >= iters) log(`the run is already at iteration ${lab.iteration()} (--iters ${iters}); nothing to do`);
  const progress = progressPrinter('selfplay');
  while (lab.iteration() < iters) {
    const { metrics, games } = await lab.step();
    if (metrics.skipped) {
      writeAtomic(ckptPath, await lab.save());
      throw new LabError('non-finite', `iteration ${metrics.iter + 1}: non-finite loss or gradient; training paused, last good state saved in ${ckptPath}`);
    }
    appendFileSync(metricsPath, JSON.stringify(metrics) + '\n');
    appendFileSync(samplesPath, sampleLines(games, Number(flags['samples-per-iter'])));
    if (metrics.iter % saveEvery === 0 || metrics.iter === iters) writeAtomic(ckptPath, await lab.save());
    if (!quiet) {
      const f = (x: number | null) => (x === null ? '  -  ' : x.toFixed(2));
      progress(metrics.iter, iters, `R_att ${f(metrics.rewardAttacker)} R_def ${f(metrics.rewardDefender)} ASR ${f(metrics.asrOracle)} over-ref ${f(metrics.overRefusal)} KL ${metrics.kl.toFixed(3)} ${(metrics.wallMs / 1000).toFixed(1)}s`);
    }
  }
  lab.dispose();
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { EvalReport, LabSettings, Rate } from '../../engine/api';
import { shippedCheckpoint, shippedRewardLM } from '../../engine/config/assets';
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey } from '../../engine/config/settings';
import { createLab } from '../../engine/lab';
import { getPreset } from '../../engine/config/presets';
import { unpackLabCheckpoint } from '../../engine/checkpoint/labCheckpoint';
import { unpackRewardLM } from '../../engine/checkpoint/rewardLMFile';
import { ARMS, experimentHtml, experimentMarkdown, type Arm, type ExperimentData, type RunResult } from '../../engine/report/experimentReport';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, REWARD_LM_FLAG, backendChoice, nodeGpu } from '../context';
import { REPO_ROOT, progressPrinter, publicPath, readInput, readJson, removeStaleTemps, requireDirectoryPath, writeAtomic } from '../io';
import { checkRunSettings, settingFlags, settingsAsFlags, settingsFromFlags } from '../setting-flags';
import {
  crossPlayInChildProcesses,
  crossPlayLabel,
  keyHash,
  keyPath,
  playCrossPlayPair,
  runLabel,
  sha256,
  trainInChildProcesses,
  trainPlannedRun,
  writeWithKey,
  type PlannedCrossPlay,
  type PlannedRun,
  type ResultKey,
} from './experimentRun';
import { MAX_ITERS } from './selfplay';

/** Settings each arm fixes itself (mode, CoT) or takes from the seed loop; the rest come from flags. */
const ARM_OWNED: SettingKey[] = ['mode', 'cot', 'seed'];

export const spec: FlagSpec = {
  ...settingFlags([...ARM_OWNED, 'backend']),
  seeds: { kind: 'number', help: 'seeds per arm (1..N)', default: 3, min: 1, max: 10, integer: true },
  iters: { kind: 'number', help: 'RL iterations per run (default: 150 classroom, 6 tiny)', min: 1, max: MAX_ITERS, integer: true },
  out: { kind: 'string', help: 'output directory (a rerun with the same settings reuses finished runs)', required: true },
  force: { kind: 'boolean', help: 'retrain runs in OUT that were made with other settings (default: refuse)' },
  warmstart: { kind: 'string', help: 'start checkpoint (default: the shipped one)' },
  'eval-n': { kind: 'number', help: 'prompts per evaluation suite (default: the preset’s)', min: 1, max: 10_000, integer: true },
  jobs: {
    kind: 'number',
    help: `runs trained (and cross-play pairs played) at once, each in its own process; 1 does them one by one in this process (default: the number of CPUs, ${availableParallelism()} here, at most the runs left; 1 with --backend webgpu)`,
    min: 1,
    max: 16,
    integer: true,
  },
  ...BACKEND_FLAG,
  ...REWARD_LM_FLAG,
};
export const summary = 'self-play vs attacker-only vs defender-only vs no-CoT over seeds → report.md + report.html';

const ARM_SETTINGS: Record<Arm, Partial<LabSettings>> = {
  selfplay: { mode: 'selfplay', cot: true },
  'attacker-only': { mode: 'attacker-only', cot: true },
  'defender-only': { mode: 'defender-only', cot: true },
  'selfplay-no-cot': { mode: 'selfplay', cot: false },
};

function settingsKey(s: LabSettings): ResultKey {
  // The first world is left out of the key, so results made before the world setting existed are still reused.
  return Object.fromEntries(SETTING_KEYS.filter((k) => !(k === 'world' && s.world === 'v1')).map((k) => [k, s[k]]));
}

/** Differences between a stored key and the wanted one, as `name old → new`; null when equal. */
function keyConflict(resultPath: string, want: ResultKey): string[] | null {
  const path = keyPath(resultPath);
  if (!existsSync(path)) return ['(no settings record: made by an older version)'];
  const stored = readJson<{ hash?: unknown; key?: ResultKey } | null>(path, 'settings record') ?? {};
  if (stored.hash === keyHash(want)) return null;
  const old = stored.key && typeof stored.key === 'object' ? stored.key : {};
  const names = [...new Set([...Object.keys(old), ...Object.keys(want)])].sort();
  const diffs = names.filter((k) => old[k] !== want[k]).map((k) => `${k} ${String(old[k] ?? '-')} → ${String(want[k] ?? '-')}`);
  return diffs.length ? diffs : ['(settings record does not match)'];
}

export async function run(flags: Flags): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  // Every flag, file and settings combination is checked before any work.
  const backend = backendChoice(flags);
  const base = settingsFromFlags({ ...flags, backend }, DEFAULT_SETTINGS, ARM_OWNED);
  const preset = base.preset;
  const nSeeds = Number(flags.seeds);
  const iters = flags.iters === undefined ? (preset === 'classroom' ? 150 : 6) : Number(flags.iters);
  const evalN = flags['eval-n'] === undefined ? null : Number(flags['eval-n']);
  const dir = String(flags.out);
  requireDirectoryPath(dir, '--out');
  const warmPath = flags.warmstart ? String(flags.warmstart) : publicPath(shippedCheckpoint(preset, base.world));
  const warmStart = readInput(warmPath, 'warm-start checkpoint');
  const rewardLMPath = flags['reward-lm'] !== undefined ? String(flags['reward-lm']) : publicPath(shippedRewardLM(base.world));
  const rewardLM = readInput(rewardLMPath, 'reward LM');
  // Both files must open before --force discards anything.
  const warmMeta = (await unpackLabCheckpoint(warmStart)).meta;
  if (warmMeta.preset !== preset) throw new UsageError(`--warmstart ${warmPath} holds a ${warmMeta.preset} model, not ${preset}`);
  if (warmMeta.warmStart.world !== base.world) throw new UsageError(`--warmstart ${warmPath} was trained on world ${warmMeta.warmStart.world}, not ${base.world}: pass --world ${warmMeta.warmStart.world}, or leave --warmstart out to use ${publicPath(shippedCheckpoint(preset, base.world))}`);
  const judgeMeta = (await unpackRewardLM(rewardLM)).meta;
  if (judgeMeta.world !== base.world) throw new UsageError(`the reward LM ${rewardLMPath} was trained on world ${judgeMeta.world}, not ${base.world}: pass --world ${judgeMeta.world}, or leave --reward-lm out to use ${publicPath(shippedRewardLM(base.world))}`);
  const files = { warmstartSha256: sha256(warmStart), rewardLmSha256: sha256(rewardLM) };
  const seeds = Array.from({ length: nSeeds }, (_, i) => i + 1);
  const plans: PlannedRun[] = seeds.flatMap((seed) =>
    ARMS.map((arm) => {
      const settings = checkRunSettings({ ...base, ...ARM_SETTINGS[arm], seed });
      const runDir = join(dir, 'runs', `${arm}-s${seed}`);
      return { arm, seed, dir: runDir, resultFile: join(runDir, 'result.json'), settings, key: { arm, iters, evalN, ...files, ...settingsKey(settings) }, iters, evalN };
    }),
  );
  // The warm start is the baseline of the arms that play as it does: with hidden CoT, and (for the
  // no-CoT arm) without, since the same file answers differently without its thought.
  const warmEvals = [true, false].map((cot) => {
    const settings = { ...base, cot };
    const file = join(dir, cot ? 'warmstart-eval.json' : 'warmstart-eval-no-cot.json');
    return { cot, settings, file, key: { evalN, ...files, ...settingsKey(settings) } as ResultKey };
  });

  // Never reuse a result made with other settings: refuse, or retrain with --force.
  const conflicts = new Map<string, string[]>();
  for (const w of warmEvals) {
    if (!existsSync(w.file)) continue;
    const c = keyConflict(w.file, w.key);
    if (c) conflicts.set(w.file, c);
  }
  for (const p of plans) {
    if (!existsSync(p.resultFile)) continue;
    const c = keyConflict(p.resultFile, p.key);
    if (c) conflicts.set(p.resultFile, c);
  }
  if (conflicts.size && !flags.force) {
    const diffs = [...new Set([...conflicts.values()].flat())].join(', ');
    throw new UsageError(`${dir} holds ${conflicts.size} result(s) made with other settings (${diffs}); add --force to retrain them, or choose another --out`);
  }
  for (const path of conflicts.keys()) {
    log(`--force: discarding ${path} (made with other settings)`);
    rmSync(path, { force: true });
    rmSync(keyPath(path), { force: true });
  }
  for (const path of removeStaleTemps(dir, 2)) log(`removed ${path} (left by a process that died)`);

  const gpu = await nodeGpu(backend);
  const t0 = Date.now();

  // The warm start, evaluated once per CoT mode.
  const warmByCot = new Map<boolean, EvalReport>();
  for (const w of warmEvals) {
    if (existsSync(w.file)) {
      warmByCot.set(w.cot, readJson<EvalReport>(w.file, 'warm-start evaluation'));
      continue;
    }
    log(`evaluating the warm start${w.cot ? '' : ' without hidden CoT'}`);
    const lab = await createLab({ settings: w.settings, warmStart, rewardLM, gpu });
    const show = progressPrinter('  eval');
    const report = await lab.evaluate((p) => show(p.done, p.total, p.label), evalN ?? undefined);
    lab.dispose();
    writeWithKey(w.file, JSON.stringify(report), w.key);
    warmByCot.set(w.cot, report);
  }

  // Runs finished by an earlier invocation; their stored wall times count towards the total.
  const reused = new Map<PlannedRun, RunResult>();
  const todo: { plan: PlannedRun; k: number }[] = [];
  for (const [i, p] of plans.entries()) {
    const k = i + 1;
    if (!existsSync(p.resultFile)) {
      todo.push({ plan: p, k });
      continue;
    }
    reused.set(p, readJson<RunResult>(p.resultFile, 'run result'));
    log(`[${k}/${plans.length}] ${runLabel(p)}: already done with these settings, reusing ${p.resultFile}`);
  }
  const trainedHere = new Map<PlannedRun, RunResult>();
  // On WebGPU the runs would share one GPU: one at a time unless asked.
  const maxJobs = flags.jobs === undefined ? (backend === 'webgpu' ? 1 : availableParallelism()) : Number(flags.jobs);
  const childInputs = { warmPath, rewardLMPath, backend, ...files };
  const jobs = Math.min(maxJobs, todo.length);
  if (jobs <= 1) {
    for (const { plan: p, k } of todo) {
      log(`[${k}/${plans.length}] ${runLabel(p)}: ${iters} iterations`);
      const started = Date.now();
      trainedHere.set(p, await trainPlannedRun(p, { warmStart, rewardLM, gpu }));
      log(`  done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
    }
  } else {
    await trainInChildProcesses(todo, plans.length, jobs, childInputs, log);
  }
  const trained = new Set(todo.map(({ plan }) => plan.dir));
  const runs: RunResult[] = plans.map((p) => reused.get(p) ?? trainedHere.get(p) ?? readJson<RunResult>(p.resultFile, 'run result'));

  // Adaptive attack: each seed's attacker-only attacker (trained against the start defender, never
  // seen by the compared defenders) attacks the self-play and defender-only defenders of that seed.
  // Redone whenever either side was (re)trained in this invocation; pairs play like runs (--jobs).
  const pairs: { run: RunResult; plan: PlannedRun; pair: PlannedCrossPlay }[] = [];
  const n = evalN ?? getPreset(preset).eval.perSuite;
  for (const seed of seeds) {
    const attackerDir = join(dir, 'runs', `attacker-only-s${seed}`);
    for (const r of runs.filter((x) => x.seed === seed && (x.arm === 'selfplay' || x.arm === 'defender-only'))) {
      const p = plans.find((x) => x.arm === r.arm && x.seed === seed)!;
      if (r.adaptiveAsr && !trained.has(p.dir) && !trained.has(attackerDir)) continue;
      pairs.push({ run: r, plan: p, pair: { seed, arm: r.arm, attackerPath: join(attackerDir, 'checkpoint.ckpt'), defenderPath: join(p.dir, 'checkpoint.ckpt'), n } });
    }
  }
  const pairJobs = Math.min(maxJobs, pairs.length);
  const saveRate = ({ run: r, plan: p }: (typeof pairs)[number], rate: Rate | undefined) => {
    if (rate) r.adaptiveAsr = rate;
    else delete r.adaptiveAsr;
    writeWithKey(p.resultFile, JSON.stringify(r), p.key);
  };
  // A rate against an attacker or defender that has changed is dropped first, so a pair that then
  // fails is played again by a rerun instead of keeping the stale rate. Each rate is saved as its pair ends.
  for (const x of pairs) if (x.run.adaptiveAsr) saveRate(x, undefined);
  if (pairJobs <= 1) {
    for (const x of pairs) {
      log(crossPlayLabel(x.pair));
      saveRate(x, await playCrossPlayPair(x.pair, { rewardLM, backend, gpu }));
    }
  } else {
    await crossPlayInChildProcesses(pairs.map((x) => x.pair), pairJobs, childInputs, log, (i, rate) => saveRate(pairs[i], rate));
  }

  const shown = settingsAsFlags(base, { ...DEFAULT_SETTINGS, backend: base.backend }, SETTING_KEYS.filter((key) => !ARM_OWNED.includes(key) && key !== 'preset' && key !== 'lr' && key !== 'batch'));
  const command = [
    `npm run lab -- experiment --preset ${preset} --seeds ${nSeeds} --iters ${iters} --lr ${base.lr} --batch ${base.batch}`,
    evalN !== null ? `--eval-n ${evalN}` : '',
    shown,
    `--backend ${backend}`,
    flags.warmstart ? `--warmstart ${warmPath}` : '',
    `--out ${dir}`,
  ].filter(Boolean).join(' ');
  const data: ExperimentData = {
    preset,
    world: base.world,
    seeds,
    iters,
    warm: warmByCot.get(true)!,
    warmNoCot: warmByCot.get(false)!,
    runs,
    // Wall time of the whole experiment: this invocation as elapsed (its runs may have overlapped),
    // plus the stored per-run times of runs an earlier invocation did.
    totalMs: Date.now() - t0 + [...reused.values()].reduce((a, r) => a + r.wallMs, 0),
    command,
    backend,
  };
  const uplotDir = join(REPO_ROOT, 'node_modules/uplot/dist');
  writeAtomic(join(dir, 'data.json'), JSON.stringify(data));
  writeAtomic(join(dir, 'report.md'), experimentMarkdown(data));
  writeAtomic(join(dir, 'report.html'), experimentHtml(data, readFileSync(join(uplotDir, 'uPlot.iife.min.js'), 'utf8'), readFileSync(join(uplotDir, 'uPlot.min.css'), 'utf8')));
  log(`wrote ${join(dir, 'report.md')} and report.html (${((Date.now() - t0) / 60000).toFixed(1)} min this invocation)`);
}

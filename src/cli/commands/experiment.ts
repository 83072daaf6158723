import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalReport, IterationMetrics, LabSettings, PresetName } from '../../engine/api';
import { shippedCheckpoint } from '../../engine/config/assets';
import { DEFAULT_SETTINGS } from '../../engine/config/settings';
import { createLab, crossPlayCheckpoints } from '../../engine/lab';
import { getPreset } from '../../engine/config/presets';
import { ARMS, experimentHtml, experimentMarkdown, type Arm, type ExperimentData, type RunResult } from '../../engine/report/experimentReport';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, REWARD_LM_FLAG, backendChoice, nodeGpu } from '../context';
import { REPO_ROOT, progressPrinter, publicPath, readInput, writeAtomic } from '../io';

export const spec: FlagSpec = {
  preset: { kind: 'string', help: 'tiny | classroom', default: 'classroom' },
  seeds: { kind: 'number', help: 'seeds per arm (1..N)', default: 3 },
  iters: { kind: 'number', help: 'RL iterations per run (default: 150 classroom, 6 tiny)' },
  out: { kind: 'string', help: 'output directory (re-running resumes finished runs)', required: true },
  warmstart: { kind: 'string', help: 'start checkpoint (default: the shipped one)' },
  lr: { kind: 'number', help: 'peak learning rate (default: the lab default)' },
  batch: { kind: 'number', help: 'seeds per iteration' },
  'eval-n': { kind: 'number', help: 'prompts per evaluation suite (default: the preset’s)' },
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

export async function run(flags: Flags): Promise<void> {
  const preset = String(flags.preset) as PresetName;
  if (preset !== 'tiny' && preset !== 'classroom') throw new UsageError(`--preset must be tiny or classroom`);
  const nSeeds = Number(flags.seeds);
  if (!Number.isInteger(nSeeds) || nSeeds < 1 || nSeeds > 10) throw new UsageError('--seeds must be 1..10');
  const iters = flags.iters === undefined ? (preset === 'classroom' ? 150 : 6) : Number(flags.iters);
  const dir = String(flags.out);
  const backend = backendChoice(flags);
  const gpu = await nodeGpu(backend);
  const warmPath = flags.warmstart ? String(flags.warmstart) : publicPath(shippedCheckpoint(preset));
  const warmStart = readInput(warmPath, 'warm-start checkpoint');
  const rewardLM = readInput(String(flags['reward-lm']), 'reward LM');
  const evalN = flags['eval-n'] === undefined ? undefined : Number(flags['eval-n']);
  const base: LabSettings = {
    ...DEFAULT_SETTINGS,
    preset,
    backend,
    ...(flags.lr !== undefined ? { lr: Number(flags.lr) } : {}),
    ...(flags.batch !== undefined ? { batch: Number(flags.batch) } : {}),
  };
  const t0 = Date.now();
  const seeds = Array.from({ length: nSeeds }, (_, i) => i + 1);
  const log = (s: string) => process.stderr.write(`${s}\n`);

  // The warm start, evaluated once: the common baseline of every arm.
  const warmFile = join(dir, 'warmstart-eval.json');
  let warm: EvalReport;
  let warmMs = 0;
  if (existsSync(warmFile)) warm = JSON.parse(readFileSync(warmFile, 'utf8'));
  else {
    log('evaluating the warm start');
    const lab = await createLab({ settings: base, warmStart, rewardLM, gpu });
    const show = progressPrinter('  eval');
    warm = await lab.evaluate((p) => show(p.done, p.total, p.label), evalN);
    lab.dispose();
    writeAtomic(warmFile, JSON.stringify(warm));
    warmMs = Date.now() - t0;
  }

  const runs: RunResult[] = [];
  const total = seeds.length * ARMS.length;
  for (const seed of seeds) {
    for (const arm of ARMS) {
      const runDir = join(dir, 'runs', `${arm}-s${seed}`);
      const resultFile = join(runDir, 'result.json');
      const k = runs.length + 1;
      if (existsSync(resultFile)) {
        runs.push(JSON.parse(readFileSync(resultFile, 'utf8')));
        log(`[${k}/${total}] ${arm} seed ${seed}: already done, reusing ${resultFile}`);
        continue;
      }
      log(`[${k}/${total}] ${arm} seed ${seed}: ${iters} iterations`);
      const started = Date.now();
      const lab = await createLab({ settings: { ...base, ...ARM_SETTINGS[arm], seed }, warmStart, rewardLM, gpu });
      const metrics: IterationMetrics[] = [];
      const show = progressPrinter('  train');
      while (lab.iteration() < iters) {
        const { metrics: m } = await lab.step();
        if (m.skipped) throw new Error(`${arm} seed ${seed}: non-finite update at iteration ${m.iter + 1}`);
        metrics.push(m);
        show(m.iter, iters, `R_def ${m.rewardDefender?.toFixed(2) ?? '-'} ASR ${m.asrOracle?.toFixed(2) ?? '-'}`);
      }
      const showEval = progressPrinter('  eval');
      const evaluation = await lab.evaluate((p) => showEval(p.done, p.total, p.label), evalN);
      writeAtomic(join(runDir, 'checkpoint.ckpt'), await lab.save());
      lab.dispose();
      const result: RunResult = { arm, seed, eval: evaluation, metrics, wallMs: Date.now() - started };
      writeAtomic(join(runDir, 'metrics.jsonl'), metrics.map((m) => JSON.stringify(m)).join('\n') + '\n');
      writeAtomic(resultFile, JSON.stringify(result));
      runs.push(result);
      log(`  done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
    }
  }

  // Adaptive attack: each seed's attacker-only attacker (trained against the start defender, never
  // seen by the compared defenders) attacks the self-play and defender-only defenders of that seed.
  for (const seed of seeds) {
    const attacker = join(dir, 'runs', `attacker-only-s${seed}`, 'checkpoint.ckpt');
    for (const r of runs.filter((x) => x.seed === seed && (x.arm === 'selfplay' || x.arm === 'defender-only'))) {
      if (r.adaptiveAsr) continue;
      const runDir = join(dir, 'runs', `${r.arm}-s${seed}`);
      log(`cross-play: attacker-only attacker vs ${r.arm} defender, seed ${seed}`);
      const res = await crossPlayCheckpoints({
        attacker: readInput(attacker, 'attacker-only checkpoint'),
        defender: readInput(join(runDir, 'checkpoint.ckpt'), `${r.arm} checkpoint`),
        rewardLM,
        n: evalN ?? getPreset(preset).eval.perSuite,
      });
      r.adaptiveAsr = res.oracle;
      writeAtomic(join(runDir, 'result.json'), JSON.stringify(r));
    }
  }

  const data: ExperimentData = {
    preset,
    seeds,
    iters,
    warm,
    runs,
    // Wall time of the whole experiment, also when earlier invocations did some of the runs.
    totalMs: warmMs + runs.reduce((a, r) => a + r.wallMs, 0),
    command: `npm run lab -- experiment --preset ${preset} --seeds ${nSeeds} --iters ${iters} --out ${dir}`,
    backend,
  };
  const uplotDir = join(REPO_ROOT, 'node_modules/uplot/dist');
  writeAtomic(join(dir, 'data.json'), JSON.stringify(data));
  writeAtomic(join(dir, 'report.md'), experimentMarkdown(data));
  writeAtomic(join(dir, 'report.html'), experimentHtml(data, readFileSync(join(uplotDir, 'uPlot.iife.min.js'), 'utf8'), readFileSync(join(uplotDir, 'uPlot.min.css'), 'utf8')));
  log(`wrote ${join(dir, 'report.md')} and report.html (${((Date.now() - t0) / 60000).toFixed(1)} min this invocation)`);
}

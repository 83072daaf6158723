/**
 * The work units of `experiment`: one run (an arm at a seed: trained from the warm start, evaluated,
 * saved to its folder) and one cross-play pair (a seed's attacker-only attacker against a compared
 * defender). The same functions do them in the experiment's own process (--jobs 1) and in child
 * processes (--jobs N): this module is also the child's entry point, so a result cannot depend on where it ran.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BackendChoice, IterationMetrics, LabSettings, Rate } from '../../engine/api';
import { createLab, crossPlayCheckpoints } from '../../engine/lab';
import { LabError, isLabErrorCode, skippedUpdateError, type LabErrorCode } from '../../engine/errors';
import type { Arm, RunResult } from '../../engine/report/experimentReport';
import { UsageError } from '../args';
import { nodeGpu } from '../context';
import { fsErrorMessage, progressPrinter, readInput, writeAtomic } from '../io';

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Everything that determines a stored result. Two results may be reused for each other only if their keys are equal. */
export type ResultKey = Record<string, string | number | boolean | null>;

export function keyHash(key: ResultKey): string {
  return sha256(JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]])));
}

export const keyPath = (resultPath: string) => resultPath.replace(/\.json$/, '.key.json');

export function writeWithKey(resultPath: string, data: string, key: ResultKey): void {
  writeAtomic(resultPath, data);
  writeAtomic(keyPath(resultPath), JSON.stringify({ hash: keyHash(key), key }, null, 2) + '\n');
}

export interface PlannedRun {
  arm: Arm;
  seed: number;
  dir: string;
  resultFile: string;
  settings: LabSettings;
  key: ResultKey;
  iters: number;
  /** Prompts per evaluation suite; null: the preset's. */
  evalN: number | null;
}

export const runLabel = (p: PlannedRun) => `${p.arm} seed ${p.seed}`;

/** Train, evaluate and save one run; writes checkpoint.ckpt, metrics.jsonl, result.json and its key. */
export async function trainPlannedRun(p: PlannedRun, inputs: { warmStart: Uint8Array; rewardLM: Uint8Array; gpu: GPU | undefined }): Promise<RunResult> {
  // The run's folder first: one that cannot be made fails now, not after the training.
  mkdirSync(p.dir, { recursive: true });
  const started = Date.now();
  const lab = await createLab({ settings: p.settings, warmStart: inputs.warmStart, rewardLM: inputs.rewardLM, gpu: inputs.gpu });
  const metrics: IterationMetrics[] = [];
  const show = progressPrinter('  train');
  while (lab.iteration() < p.iters) {
    const { metrics: m } = await lab.step();
    if (m.skipped) throw new LabError('non-finite', `${runLabel(p)}: ${skippedUpdateError(m.iter + 1).message}`);
    metrics.push(m);
    show(m.iter, p.iters, `R_def ${m.rewardDefender?.toFixed(2) ?? '-'} ASR ${m.asrOracle?.toFixed(2) ?? '-'}`);
  }
  const showEval = progressPrinter('  eval');
  const evaluation = await lab.evaluate((e) => showEval(e.done, e.total, e.label), p.evalN ?? undefined);
  writeAtomic(join(p.dir, 'checkpoint.ckpt'), await lab.save());
  lab.dispose();
  const result: RunResult = { arm: p.arm, seed: p.seed, eval: evaluation, metrics, wallMs: Date.now() - started };
  writeAtomic(join(p.dir, 'metrics.jsonl'), metrics.map((m) => JSON.stringify(m)).join('\n') + '\n');
  writeWithKey(p.resultFile, JSON.stringify(result), p.key);
  return result;
}

/** A cross-play pair: a seed's attacker-only attacker against the `arm` defender of that seed. */
export interface PlannedCrossPlay {
  seed: number;
  arm: Arm;
  attackerPath: string;
  defenderPath: string;
  /** Held-out harmful seeds played. */
  n: number;
}

export const crossPlayLabel = (c: PlannedCrossPlay) => `cross-play: attacker-only attacker vs ${c.arm} defender, seed ${c.seed}`;

/** Play one cross-play pair; the oracle's attack-success rate. */
export async function playCrossPlayPair(c: PlannedCrossPlay, inputs: { rewardLM: Uint8Array; backend: BackendChoice; gpu: GPU | undefined }): Promise<Rate> {
  const res = await crossPlayCheckpoints({
    attacker: readInput(c.attackerPath, 'attacker-only checkpoint'),
    defender: readInput(c.defenderPath, `${c.arm} checkpoint`),
    rewardLM: inputs.rewardLM,
    n: c.n,
    backend: inputs.backend,
    gpu: inputs.gpu,
  });
  return res.oracle;
}

/** What a child needs: files by path (their hashes are in the run's key), not their bytes. */
export interface ChildInputs {
  warmPath: string;
  rewardLMPath: string;
  backend: BackendChoice;
  /** Hashes the files must still have (a run's key holds them too). */
  warmstartSha256: string;
  rewardLmSha256: string;
}

type ChildJob = ChildInputs & ({ kind: 'train'; plan: PlannedRun } | { kind: 'cross-play'; pair: PlannedCrossPlay });

/** A child's failure, classified as the CLI's main classifies errors, so the parent exits as jobs=1 would. */
interface ChildFailure {
  type: 'failure';
  message: string;
  labCode?: LabErrorCode;
  userFacing: boolean;
}

type ChildMessage = ChildFailure | { type: 'cross-play'; rate: Rate };

const CHILD_ENTRY = fileURLToPath(import.meta.url);

/** The parent's Node flags carry the TypeScript loader (tsx); without one the child could not load this .ts file. */
function childExecArgv(): string[] {
  return process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
}

function rebuildError(f: ChildFailure): Error {
  if (f.labCode) return new LabError(f.labCode, f.message);
  return f.userFacing ? new UsageError(f.message) : new Error(f.message);
}

/** Children still training: killed when the experiment itself is stopped, so none trains on as an orphan. */
const LIVE_CHILDREN = new Set<ChildProcess>();

function killChildrenOn(signal: NodeJS.Signals): () => void {
  const handler = () => {
    for (const c of LIVE_CHILDREN) c.kill('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once(signal, handler);
  return () => process.off(signal, handler);
}

/** Do one job in a child process; its output lines are prefixed with `name`. Resolves with its cross-play rate (if any); rejects with the child's error. */
function inChildProcess(job: ChildJob, name: string, label: string, log: (s: string) => void): Promise<Rate | undefined> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(CHILD_ENTRY, [], { execArgv: childExecArgv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    LIVE_CHILDREN.add(child);
    let failure: ChildFailure | undefined;
    let rate: Rate | undefined;
    let lastLine = '';
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (!line.trim()) return;
        lastLine = line.trim();
        log(`  ${name} ${lastLine}`);
      });
    }
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'failure') failure = m;
      else rate = m.rate;
    });
    child.on('error', reject);
    // 'close', not 'exit': the last output lines and messages have arrived by then.
    child.on('close', (code, signal) => {
      LIVE_CHILDREN.delete(child);
      if (code === 0) return resolvePromise(rate);
      if (failure) return reject(rebuildError(failure));
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${label}: its process ${how}${lastLine ? ` (${lastLine})` : ''}`));
    });
    child.send(job);
  });
}

interface ChildTask {
  job: ChildJob;
  /** Prefix of the child's output lines. */
  name: string;
  /** The task in the start, done and failed lines. */
  label: string;
  startLine: string;
}

/**
 * Do `tasks` in child processes, at most `jobs` at a time, with one line per start and finish.
 * After a failure no new task starts; the running ones finish (their results stay for a rerun),
 * then the first failure is thrown. `onDone` receives each finished task's cross-play rate.
 */
async function inChildProcesses(tasks: ChildTask[], jobs: number, log: (s: string) => void, onDone: (t: ChildTask, rate: Rate | undefined) => void): Promise<void> {
  const queue = [...tasks];
  let failure: unknown;
  let failed = false;
  const worker = async () => {
    while (!failed && queue.length) {
      const task = queue.shift()!;
      log(task.startLine);
      const started = Date.now();
      try {
        onDone(task, await inChildProcess(task.job, task.name, task.label, log));
        log(`${task.label}: done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
      } catch (e) {
        if (!failed) failure = e;
        failed = true;
        log(`${task.label}: failed${queue.length ? `; starting no more` : ''}`);
      }
    }
  };
  const release = (['SIGINT', 'SIGTERM'] as const).map(killChildrenOn);
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  } finally {
    for (const r of release) r();
  }
  if (failed) throw failure;
}

/** Train `todo` in child processes, at most `jobs` at a time (see inChildProcesses). */
export async function trainInChildProcesses(
  todo: { plan: PlannedRun; k: number }[],
  total: number,
  jobs: number,
  inputs: ChildInputs,
  log: (s: string) => void,
): Promise<void> {
  const tasks = todo.map(({ plan, k }): ChildTask => {
    const label = `[${k}/${total}] ${runLabel(plan)}`;
    return { job: { ...inputs, kind: 'train', plan }, name: `${plan.arm}-s${plan.seed}`, label, startLine: `${label}: ${plan.iters} iterations` };
  });
  await inChildProcesses(tasks, jobs, log, () => {});
}

/**
 * Play cross-play pairs in child processes, at most `jobs` at a time; `onRate` gets each pair's
 * oracle rate as soon as it finishes (so finished pairs are kept when a later one fails).
 */
export async function crossPlayInChildProcesses(
  pairs: PlannedCrossPlay[],
  jobs: number,
  inputs: ChildInputs,
  log: (s: string) => void,
  onRate: (index: number, rate: Rate) => void,
): Promise<void> {
  const tasks = pairs.map((pair): ChildTask => ({ job: { ...inputs, kind: 'cross-play', pair }, name: `cross-play-${pair.arm}-s${pair.seed}`, label: crossPlayLabel(pair), startLine: crossPlayLabel(pair) }));
  await inChildProcesses(tasks, jobs, log, (t, rate) => {
    if (!rate) throw new Error(`${t.label}: the child sent no result`);
    onRate(tasks.indexOf(t), rate);
  });
}

function readVerified(path: string, wantSha256: unknown, what: string): Uint8Array {
  const bytes = readInput(path, what);
  if (sha256(bytes) !== wantSha256) throw new UsageError(`${what} ${path} changed while the experiment ran`);
  return bytes;
}

/** The child's side: receive one job, do it, report its result or failure to the parent (which prints the one `error:` line). */
async function serveOneJob(): Promise<void> {
  // The parent gone (killed, even with SIGKILL) closes the channel: stop rather than work as an orphan.
  process.on('disconnect', () => process.exit(1));
  const job = await new Promise<ChildJob>((done) => process.once('message', (m) => done(m as ChildJob)));
  try {
    const rewardLM = readVerified(job.rewardLMPath, job.rewardLmSha256, 'reward LM');
    const gpu = await nodeGpu(job.backend);
    if (job.kind === 'train') {
      const warmStart = readVerified(job.warmPath, job.warmstartSha256, 'warm-start checkpoint');
      await trainPlannedRun(job.plan, { warmStart, rewardLM, gpu });
      process.exit(0);
    }
    const rate = await playCrossPlayPair(job.pair, { rewardLM, backend: job.backend, gpu });
    const message: ChildMessage = { type: 'cross-play', rate };
    process.send!(message, () => process.exit(0));
  } catch (e) {
    const fsMessage = fsErrorMessage(e);
    const labCode = e instanceof LabError && isLabErrorCode(e.code) ? e.code : undefined;
    const failure: ChildFailure = {
      type: 'failure',
      message: fsMessage ?? (e instanceof Error ? e.message : String(e)),
      labCode,
      userFacing: e instanceof UsageError || (labCode !== undefined && labCode !== 'internal') || fsMessage !== null,
    };
    if (!failure.userFacing && e instanceof Error && process.env.LAB_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.send!(failure, () => process.exit(failure.userFacing ? 2 : 1));
  }
}

if (process.send && process.argv[1] && resolve(process.argv[1]) === CHILD_ENTRY) void serveOneJob();

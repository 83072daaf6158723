/**
 * One run of `experiment` (an arm at a seed): trained from the warm start, evaluated, saved to its
 * folder. The same function trains in the experiment's own process (--jobs 1) and in a child process
 * (--jobs N): this module is also the child's entry point, so a run's result cannot depend on where it ran.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BackendChoice, IterationMetrics, LabSettings } from '../../engine/api';
import { createLab } from '../../engine/lab';
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

/** What a child needs to train a run: files by path (their hashes are in the run's key), not their bytes. */
export interface ChildInputs {
  warmPath: string;
  rewardLMPath: string;
  backend: BackendChoice;
}

interface ChildJob extends ChildInputs {
  plan: PlannedRun;
}

/** A child's failure, classified as the CLI's main classifies errors, so the parent exits as jobs=1 would. */
interface ChildFailure {
  message: string;
  labCode?: LabErrorCode;
  userFacing: boolean;
}

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

/** Train one run in a child process; its output lines are prefixed with the run's folder name. Rejects with the child's error. */
function trainInChildProcess(plan: PlannedRun, inputs: ChildInputs, log: (s: string) => void): Promise<void> {
  const name = `${plan.arm}-s${plan.seed}`;
  return new Promise((resolvePromise, reject) => {
    const child = fork(CHILD_ENTRY, [], { execArgv: childExecArgv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    LIVE_CHILDREN.add(child);
    let failure: ChildFailure | undefined;
    let lastLine = '';
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (!line.trim()) return;
        lastLine = line.trim();
        log(`  ${name} ${lastLine}`);
      });
    }
    child.on('message', (m) => (failure = m as ChildFailure));
    child.on('error', reject);
    // 'close', not 'exit': the last output lines and the failure message have arrived by then.
    child.on('close', (code, signal) => {
      LIVE_CHILDREN.delete(child);
      if (code === 0) return resolvePromise();
      if (failure) return reject(rebuildError(failure));
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${runLabel(plan)}: its process ${how}${lastLine ? ` (${lastLine})` : ''}`));
    });
    const job: ChildJob = { ...inputs, plan };
    child.send(job);
  });
}

/**
 * Train `todo` in child processes, at most `jobs` at a time, with one line per run start and finish.
 * After a failure no new run starts; the running ones finish (their results stay for a rerun), then
 * the first failure is thrown.
 */
export async function trainInChildProcesses(
  todo: { plan: PlannedRun; k: number }[],
  total: number,
  jobs: number,
  inputs: ChildInputs,
  log: (s: string) => void,
): Promise<void> {
  const queue = [...todo];
  let failure: unknown;
  let failed = false;
  const worker = async () => {
    while (!failed && queue.length) {
      const { plan, k } = queue.shift()!;
      log(`[${k}/${total}] ${runLabel(plan)}: ${plan.iters} iterations`);
      const started = Date.now();
      try {
        await trainInChildProcess(plan, inputs, log);
        log(`[${k}/${total}] ${runLabel(plan)}: done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
      } catch (e) {
        if (!failed) failure = e;
        failed = true;
        log(`[${k}/${total}] ${runLabel(plan)}: failed${queue.length ? `; starting no more runs` : ''}`);
      }
    }
  };
  const release = (['SIGINT', 'SIGTERM'] as const).map(killChildrenOn);
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));
  } finally {
    for (const r of release) r();
  }
  if (failed) throw failure;
}

function readVerified(path: string, wantSha256: unknown, what: string): Uint8Array {
  const bytes = readInput(path, what);
  if (sha256(bytes) !== wantSha256) throw new UsageError(`${what} ${path} changed while the experiment ran`);
  return bytes;
}

/** The child's side: receive one job, train it, report a failure to the parent (which prints the one `error:` line). */
async function serveOneJob(): Promise<void> {
  // The parent gone (killed, even with SIGKILL) closes the channel: stop rather than train as an orphan.
  process.on('disconnect', () => process.exit(1));
  const job = await new Promise<ChildJob>((done) => process.once('message', (m) => done(m as ChildJob)));
  try {
    const warmStart = readVerified(job.warmPath, job.plan.key.warmstartSha256, 'warm-start checkpoint');
    const rewardLM = readVerified(job.rewardLMPath, job.plan.key.rewardLmSha256, 'reward LM');
    await trainPlannedRun(job.plan, { warmStart, rewardLM, gpu: await nodeGpu(job.backend) });
    process.exit(0);
  } catch (e) {
    const fsMessage = fsErrorMessage(e);
    const labCode = e instanceof LabError && isLabErrorCode(e.code) ? e.code : undefined;
    const failure: ChildFailure = {
      message: fsMessage ?? (e instanceof Error ? e.message : String(e)),
      labCode,
      userFacing: e instanceof UsageError || (labCode !== undefined && labCode !== 'internal') || fsMessage !== null,
    };
    if (!failure.userFacing && e instanceof Error && process.env.LAB_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.send!(failure, () => process.exit(failure.userFacing ? 2 : 1));
  }
}

if (process.send && process.argv[1] && resolve(process.argv[1]) === CHILD_ENTRY) void serveOneJob();

/**
 * The `auto` backend probe: time a few steps of the preset's real work on each candidate backend and
 * keep the faster one. A hardware WebGPU adapter is not proof of speed: on an H200 our WebGPU
 * generation (1,776 tok/s) lost to wasm (3,773), because small models are dispatch-bound there.
 *
 * This file holds the parts that need no clock and no tfjs: the cost model (one estimated RL
 * iteration from three stage times), the decision, the budget bookkeeping around a runner, the cache
 * interface and the text shown in the badge. The real tfjs work lives in probeWork.ts; select.ts
 * wires both. Everything here takes its clock and its work as arguments, so tests inject fakes.
 */
import type { BackendName, BackendProbe, ProbeMeasurement } from '../api';

/** The work a probe times, in the preset's shapes (see probeWork.ts for how it runs). */
export interface ProbeShape {
  /** Sequences generated per role in one iteration (the RL batch). */
  batch: number;
  /** Generations per iteration (attacker and defender: 2). */
  generations: number;
  /** Tokens generated per iteration summed over generations (attacker.maxNew + defender.maxNew). */
  tokensPerIteration: number;
  /** Optimizer steps per iteration (2 roles × the preset's minibatches). */
  trainStepsPerIteration: number;
}

/** What one candidate's timed steps cost (milliseconds, the best of the rounds run). */
export interface StageTimes {
  prefillMs: number;
  decodeMsPerToken: number;
  trainMsPerStep: number;
}

/** One iteration's cost as the probe sees it: prefills, decode steps and optimizer steps. */
export function estimateIterationMs(t: StageTimes, s: ProbeShape): number {
  return s.generations * t.prefillMs + s.tokensPerIteration * t.decodeMsPerToken + s.trainStepsPerIteration * t.trainMsPerStep;
}

/** The steps a probe runs on one backend; probeWork.ts builds the real one on tfjs. */
export interface ProbeRunner {
  /** Prefill the preset's prompts and generate `newTokens` tokens (newTokens − 1 decode steps). */
  generate(newTokens: number): Promise<void>;
  /** One optimizer step (forward, backward, clip, Adam) on a minibatch of the preset's shape. */
  trainStep(): Promise<void>;
}

/** Decode steps per timed generation: enough to separate decode from prefill, few enough to be quick. */
export const DECODE_STEPS = 8;
/** Timed rounds at most per candidate; the minimum over rounds is kept (robust to a stray pause). */
export const MAX_ROUNDS = 3;
/** Default budget for the whole probe (both candidates, backend start-up included). */
export const PROBE_BUDGET_MS = 3000;

export type MeasureOutcome =
  | { ok: true; times: StageTimes; rounds: number; elapsedMs: number }
  | { ok: false; elapsedMs: number; stage: string };

/**
 * Warm up (first calls compile shaders / allocate), then time rounds of prefill, decode and one
 * train step until MAX_ROUNDS or the deadline. The deadline is checked between steps: a step in
 * flight cannot be interrupted, so a backend may overrun by one step, never more.
 */
export async function measureRunner(r: ProbeRunner, now: () => number, deadline: number): Promise<MeasureOutcome> {
  const start = now();
  const late = () => now() > deadline;
  const stages: [string, () => Promise<void>][] = [
    ['warm-up generation', () => r.generate(2)],
    ['warm-up train step', () => r.trainStep()],
  ];
  for (const [stage, run] of stages) {
    await run();
    if (late()) return { ok: false, elapsedMs: now() - start, stage };
  }
  let best: StageTimes | null = null;
  let rounds = 0;
  while (rounds < MAX_ROUNDS) {
    const t0 = now();
    await r.generate(1); // prefill only
    const t1 = now();
    await r.generate(1 + DECODE_STEPS);
    const t2 = now();
    await r.trainStep();
    const t3 = now();
    const round: StageTimes = {
      prefillMs: t1 - t0,
      // (prefill + k decodes) − prefill; clamped: timer noise must not make decoding free or negative
      decodeMsPerToken: Math.max(0, (t2 - t1 - (t1 - t0)) / DECODE_STEPS),
      trainMsPerStep: t3 - t2,
    };
    best = best
      ? {
          prefillMs: Math.min(best.prefillMs, round.prefillMs),
          decodeMsPerToken: Math.min(best.decodeMsPerToken, round.decodeMsPerToken),
          trainMsPerStep: Math.min(best.trainMsPerStep, round.trainMsPerStep),
        }
      : round;
    rounds += 1;
    if (now() + (t3 - t0) > deadline) break; // another round would overrun the share
  }
  return { ok: true, times: best!, rounds, elapsedMs: now() - start };
}

/** Faster estimated iteration wins; a tie or no finished measurement keeps wasm (no GPU device to lose). */
export function decide(ms: readonly ProbeMeasurement[]): { chosen: BackendName; why: string } {
  const done = ms.filter((m) => m.iterationMs !== null);
  const failed = ms.filter((m) => m.iterationMs === null);
  const failNotes = failed.map((m) => `${label(m.backend)}: ${m.note}`).join('; ');
  if (done.length === 0) {
    const fallback: BackendName = ms.some((m) => m.backend === 'wasm') ? 'wasm' : ms[0]?.backend ?? 'wasm';
    return { chosen: fallback, why: `no backend finished the probe (${failNotes}): using ${label(fallback)}` };
  }
  const order: BackendName[] = ['wasm', 'webgpu', 'cpu']; // tie-break: the first in this list
  const sorted = done.slice().sort((a, b) => a.iterationMs! - b.iterationMs! || order.indexOf(a.backend) - order.indexOf(b.backend));
  const win = sorted[0];
  if (sorted.length === 1) {
    return { chosen: win.backend, why: `${label(win.backend)} was the only backend to finish the probe (${failNotes})` };
  }
  const rest = sorted.slice(1).map((m) => `${label(m.backend)} ${fmtMs(m.iterationMs!)}`).join(', ');
  const ratio = sorted[1].iterationMs! / Math.max(win.iterationMs!, 1e-9);
  const verb = ratio > 1 ? `measured ${ratio.toFixed(2)}× faster` : 'measured as fast (tie: wasm kept)';
  return {
    chosen: win.backend,
    why: `${label(win.backend)} ${verb}: ${fmtMs(win.iterationMs!)} vs ${rest} per estimated iteration` + (failNotes ? `; ${failNotes}` : ''),
  };
}

/** Per-candidate deadlines: each gets an equal share of what is left, so leftovers flow to the next. */
export function shareDeadline(now: number, end: number, remainingCandidates: number): number {
  return now + Math.max(0, end - now) / Math.max(1, remainingCandidates);
}

export interface ProbeDeps {
  /** Candidate backends in the order they are probed. */
  candidates: readonly BackendName[];
  /** Make `b` the active tfjs backend; throws when it cannot start. */
  activate(b: BackendName): Promise<void>;
  /** Build the work on the active backend; dispose() must free every tensor it made. */
  makeRunner(b: BackendName): ProbeRunner & { dispose(): void };
  now(): number;
  budgetMs: number;
  shape: ProbeShape;
  /** Which device and preset this is (the cache key's text, shown in the tooltip). */
  key: string;
}

/** Time every candidate within the budget and decide. Leaves the active backend wherever the last probe ran. */
export async function runProbe(d: ProbeDeps): Promise<BackendProbe> {
  const start = d.now();
  const end = start + d.budgetMs;
  const measurements: ProbeMeasurement[] = [];
  for (let i = 0; i < d.candidates.length; i++) {
    const backend = d.candidates[i];
    const deadline = shareDeadline(d.now(), end, d.candidates.length - i);
    const t0 = d.now();
    let runner: (ProbeRunner & { dispose(): void }) | null = null;
    let started = false;
    try {
      await d.activate(backend);
      started = true;
      runner = d.makeRunner(backend);
      const out = await measureRunner(runner, d.now, deadline);
      measurements.push(
        out.ok
          ? { backend, iterationMs: estimateIterationMs(out.times, d.shape), ...out.times, note: `${out.rounds} timed round${out.rounds === 1 ? '' : 's'}` }
          : { backend, iterationMs: null, prefillMs: null, decodeMsPerToken: null, trainMsPerStep: null, note: `over its ${fmtMs(deadline - t0)} share after the ${out.stage} (${fmtMs(out.elapsedMs)})` },
      );
    } catch (e) {
      measurements.push({ backend, iterationMs: null, prefillMs: null, decodeMsPerToken: null, trainMsPerStep: null, note: `${started ? 'failed while timed' : 'failed to start'} (${e instanceof Error ? e.message : String(e)})` });
    } finally {
      runner?.dispose();
    }
  }
  const { chosen, why } = decide(measurements);
  return { status: 'measured', key: d.key, chosen, why, measurements, elapsedMs: d.now() - start, budgetMs: d.budgetMs };
}

/** Where probe results are kept between starts: IndexedDB in the worker, memory in Node. */
export interface ProbeCache {
  get(key: string): Promise<BackendProbe | undefined>;
  set(key: string, value: BackendProbe): Promise<void>;
}

export function memoryProbeCache(): ProbeCache {
  const m = new Map<string, BackendProbe>();
  return {
    get: async (k) => {
      const v = m.get(k);
      return v && structuredClone(v);
    },
    set: async (k, v) => void m.set(k, structuredClone(v)),
  };
}

/** One Node process / one worker: results live as long as it does unless a persistent cache is given. */
export const processProbeCache = memoryProbeCache();

/**
 * Bump when the probe's work or cost model changes, so stale cached decisions are not reused.
 * 2: the fused WebGPU programs (model/webgpu/) changed what WebGPU costs.
 */
export const PROBE_VERSION = 2;

export function probeKey(device: { vendor: string; architecture: string; description: string }, work: string): string {
  return `probe v${PROBE_VERSION} | ${device.vendor} / ${device.architecture} / ${device.description} | ${work}`;
}

function label(b: BackendName): string {
  return b === 'webgpu' ? 'WebGPU' : b;
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms).toLocaleString('en-US')} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

/** Tooltip lines: one per measured backend, then the decision. */
export function probeLines(p: BackendProbe): string[] {
  const head =
    p.status === 'skipped' ? `No probe: ${p.why}` : `Probe (${p.status === 'cached' ? 'cached result' : `${fmtMs(p.elapsedMs)} of a ${fmtMs(p.budgetMs)} budget`}):`;
  if (p.status === 'skipped') return [head];
  const lines = p.measurements.map((m) =>
    m.iterationMs === null
      ? `${label(m.backend)}: ${m.note}`
      : `${label(m.backend)}: ${fmtMs(m.iterationMs)} per estimated iteration (prefill ${fmtMs(m.prefillMs!)}, ` +
        `${fmtMs(m.decodeMsPerToken!)} per decode step, ${fmtMs(m.trainMsPerStep!)} per train step)`,
  );
  return [head, ...lines, `Chose ${label(p.chosen)}: ${p.why}`];
}

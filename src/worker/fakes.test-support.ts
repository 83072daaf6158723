/**
 * Test doubles for the worker's seams: a scriptable Lab (steps only when the test allows them), a
 * factory over it, an in-memory Web Locks manager shared by "tabs", and an event recorder.
 * Used by the worker's unit tests only.
 */
import type { BackendName, CheckpointSummary, GameRecord, HumanAttack, IterationMetrics, Lab, LabSettings, PromptInspection, Role } from '../engine/api';
import { DEFAULT_SETTINGS } from '../engine/config/settings';
import type { LabFactory } from './run-controller';
import { LocalLocks } from './local-locks';
import type { WorkerEvent } from './protocol';

export const SETTINGS: LabSettings = { ...DEFAULT_SETTINGS, preset: 'tiny', backend: 'wasm' };

export function metricsFor(iter: number, skipped = false): IterationMetrics {
  return {
    iter, wallMs: 1, lr: 1e-3, rewardAttacker: 0, rewardDefender: 0, asrJudge: 0, asrOracle: 0, refusalHarmful: 0,
    overRefusal: 0, formatViolAttacker: 0, formatViolDefender: 0, kl: 0, entropy: 0, agreeQ: null, agreeRef: null,
    agreeH: null, ties: 0, divSelfBleu: null, divEmbedding: null, divTacticEntropy: null,
    familyAsr: {}, familyOverRefusal: {}, benignHelpedWrapped: null, benignWrappedN: 0, tacticMix: {}, tacticDriftJs: null, tokensPerSec: 1,
    phaseMs: { generate: 0, judge: 0, score: 0, train: 0 }, loss: 0, skipped,
  };
}

interface Saved {
  step: number;
  settings: LabSettings;
}

/** A Lab whose `step` waits for a ticket from the test, so iteration counts are exact. */
export class FakeLab implements Lab {
  disposed = false;
  private iter: number;
  private tickets = 0;
  private waiting: (() => void) | null = null;
  /** What the next step does instead of succeeding. */
  failNext: Error | null = null;
  skipNext = false;

  constructor(
    readonly settings: LabSettings,
    start = 0,
    readonly backend = { backend: settings.backend === 'auto' ? 'wasm' : settings.backend as BackendName, adapter: null, reason: 'test' },
  ) {
    this.iter = start;
  }

  /** Let `n` more steps run. */
  allow(n = 1): void {
    this.tickets += n;
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** A step is in flight, waiting for a ticket. */
  stepping(): boolean {
    return this.waiting !== null;
  }

  iteration(): number {
    return this.iter;
  }
  history(): IterationMetrics[] {
    return Array.from({ length: this.iter }, (_, i) => metricsFor(i + 1));
  }
  async step() {
    while (this.tickets === 0) await new Promise<void>((r) => (this.waiting = r));
    this.tickets--;
    if (this.disposed) throw new Error('step on a disposed lab');
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    if (this.skipNext) {
      this.skipNext = false;
      return { metrics: metricsFor(this.iter + 1, true), games: [] };
    }
    this.iter++;
    return { metrics: metricsFor(this.iter), games: [] };
  }
  async evaluate(): Promise<never> {
    throw new Error('not used');
  }
  async sample(): Promise<never> {
    throw new Error('not used');
  }
  /** A recognisable inspection: one piece naming what was asked, the run's CoT mode in its final tag. */
  async inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign'): Promise<PromptInspection> {
    const tag = this.settings.cot ? '<think>' : '<reply>';
    return {
      role, window: 1, tokensRead: 2, tokensTotal: 2, cut: null, sampling: { temperature: 1, topP: 1 },
      pieces: [{ text: `fake:${text}:${seedKind ?? '-'}`, kind: 'subword' }, { text: tag, kind: 'special' }],
    };
  }
  /** Human attacks as added (no scoring: the engine's own tests cover that). */
  readonly added: HumanAttack[] = [];
  async addHumanAttack(nickname: string, text: string): Promise<HumanAttack> {
    const a: HumanAttack = {
      id: `h${this.added.length + 1}`, nickname, text, kind: 'harmful', intentId: 'x', addedAt: this.iter, plays: 0, wins: 0,
      firstWorkedAt: null, resistedAt: null, worksAgainAt: null, failStreak: 0, failStreakFrom: null, recent: [],
    };
    this.added.push(a);
    return a;
  }
  humanAttacks(): HumanAttack[] {
    return this.added.slice();
  }
  recentGames(): GameRecord[] {
    return [];
  }
  async scoreDefense(): Promise<never> {
    throw new Error('not used');
  }
  worldPrompt(): never {
    throw new Error('not used');
  }
  async save(): Promise<Uint8Array> {
    const s: Saved = { step: this.iter, settings: this.settings };
    return new TextEncoder().encode(JSON.stringify(s));
  }
  summary(): CheckpointSummary {
    return { step: this.iter, savedAt: new Date(0).toISOString(), settings: { ...this.settings }, lastMetrics: null };
  }
  dispose(): void {
    this.disposed = true;
  }
}

const readSaved = (bytes: Uint8Array): Saved => JSON.parse(new TextDecoder().decode(bytes)) as Saved;

/** A factory that makes FakeLabs and remembers them (newest last). */
export function fakeFactory(backend?: BackendName) {
  const labs: FakeLab[] = [];
  let lost: { promise: Promise<string>; resolve: (r: string) => void } | null = null;
  const info = () => (backend ? { backend, adapter: null, reason: "test" } : undefined);
  const factory: LabFactory = {
    async createLab({ settings }) {
      const lab = new FakeLab(settings, 0, info());
      labs.push(lab);
      return lab;
    },
    async restoreLab({ checkpoint, backend: choice }) {
      const s = readSaved(checkpoint);
      const lab = new FakeLab({ ...s.settings, backend: choice }, s.step, info());
      labs.push(lab);
      return lab;
    },
    async readCheckpointSummary(bytes) {
      const s = readSaved(bytes);
      return { step: s.step, savedAt: new Date(0).toISOString(), settings: s.settings, lastMetrics: null };
    },
    deviceLost() {
      if (backend !== 'webgpu') return null;
      let resolve = (_: string) => {};
      const promise = new Promise<string>((r) => (resolve = r));
      lost = { promise, resolve };
      return promise;
    },
  };
  return { factory, labs, last: () => labs[labs.length - 1], loseDevice: (why: string) => lost?.resolve(why) };
}

/** The tests' Web Locks manager: the in-memory one, shared by every "tab" of a test. */
export class FakeLocks extends LocalLocks {}

/** Collects events; `states()` lists the statuses in order. */
export class Recorder {
  readonly events: WorkerEvent[] = [];
  readonly sink = (e: WorkerEvent) => void this.events.push(e);
  states(): string[] {
    return this.events.flatMap((e) => (e.type === 'state' ? [e.state.status] : []));
  }
  of<T extends WorkerEvent['type']>(type: T): Extract<WorkerEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  }
}

/** Yield to the event loop until `cond` holds (bounded by turns, not time). */
export async function until(cond: () => boolean, what: string, turns = 10_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 0));
  }
  throw new Error(`never happened: ${what}`);
}

/** A fetch answering from a table of path → bytes; unknown paths 404. */
export function tableFetch(files: Record<string, Uint8Array>) {
  const calls: string[] = [];
  const fn = async (url: string) => {
    calls.push(url);
    const { pathname } = new URL(url);
    const body = Object.entries(files).find(([path]) => pathname.endsWith(`/${path}`))?.[1];
    return body ? new Response(body.slice(), { status: 200, headers: { 'content-type': 'application/octet-stream' } }) : new Response('no', { status: 404 });
  };
  return { fn, calls };
}

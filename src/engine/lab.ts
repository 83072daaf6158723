/**
 * The engine facade: one Lab = one live run (policy, frozen reference, optimizer, judges, RNG,
 * history). Framework-free; the worker, the CLI, tests and benchmarks all drive this same code.
 */
import type { BackendChoice, BackendInfo, CheckpointSummary, DefenseResult, EvalReport, GameRecord, HumanAttack, IterationMetrics, Lab, LabSettings, Progress, PromptInspection, Rate, Role, SampleResult } from './api';
import { selectBackend, type SelectBackendOptions } from './backend/select';
import type { ProbeCache } from './backend/probe';
import { probeWorkFor } from './backend/probeWork';
import type { ModelConfig } from './model/types';
import { getPreset } from './config/presets';
import { DEFAULT_SETTINGS } from './config/settings';
import { SHIPPED_WARM_STARTS, shippedCheckpoint, shippedRewardLM } from './config/assets';
import { LabError } from './errors';
import { packLabCheckpoint, summarize, unpackLabCheckpoint, type LabCheckpoint, type LabCheckpointMeta } from './checkpoint/labCheckpoint';
import { unpackRewardLM } from './checkpoint/rewardLMFile';
import { RewardLM } from './judge/rewardLM';
import { RewardLMJudge } from './judge/rewardLMJudge';
import { OracleJudge, promptLabel } from './judge/oracle';
import { GPT } from './model/gpt';
import { Adam } from './optim/adam';
import { BpeTokenizer } from './tokenizer/bpe';
import { buildWorld } from './world/build';
import { Rng } from './world/rng';
import type { SeedKind, Split } from './world/types';
import { runIteration, type TrainState } from './rl/iteration';
import { DRIFT_WINDOW, tacticDrift } from './eval/families';
import { crossPlay, evaluateSuites } from './eval/suites';
import { rolePrompt } from './world/prompts';
import { runRole } from './game/agent';
import { inspectPrompt } from './game/promptInspection';
import { HumanAttackPool, cleanAttackText } from './game/humanAttacks';
import { scoreDefenderAnswer } from './game/scoreAnswer';
import { RECENT_GAMES } from './checkpoint/playLog';
import { worldSource } from './world/source';
import type { WorldVersion } from './world/version';
import { analyzeText } from './judge/oracle';

/** The reward LM's file, or a way to fetch the one of a world (a restored run's world is known only once its file is read). */
export type RewardLMSource = Uint8Array | ((world: WorldVersion) => Uint8Array | Promise<Uint8Array>);

export interface LabOptions {
  rewardLM: RewardLMSource;
  wasmPaths?: string;
  gpu?: GPU;
  wasmThreads?: boolean;
  /** Where `auto` keeps its probe decisions (the worker: IndexedDB). Default: this process's memory. */
  probeCache?: ProbeCache;
  onProgress?: (p: Progress) => void;
}

export function validateRunSettings(s: LabSettings): void {
  const G = s.baseline === 'none' ? 1 : s.groupSize;
  if (s.batch % G !== 0 || (s.batch / G) % 4 !== 0) {
    throw new LabError('bad-settings', `batch ${s.batch} must be a multiple of 4 × group size (${G}) so each role splits into equal minibatches`);
  }
}

const WORLD_NAMES: Record<WorldVersion, string> = { v1: 'the first world', v2: 'world v2' };

/** Where a preset's shipped warm start of a world is, or how to make one, for error messages. */
function shippedWarmStartHint(preset: LabSettings['preset'], world: WorldVersion): string {
  return SHIPPED_WARM_STARTS[world].includes(preset) ? `public/${shippedCheckpoint(preset, world)}` : `none for ${preset}; \`npm run lab -- warmstart --preset ${preset}${world === 'v2' ? ' --world v2' : ''} --out FILE\``;
}

async function loadJudge(source: RewardLMSource, tokenizer: BpeTokenizer, world: WorldVersion): Promise<RewardLMJudge> {
  const bytes = typeof source === 'function' ? await source(world) : source;
  const { meta, weights } = await unpackRewardLM(bytes);
  if (JSON.stringify(meta.tokenizer) !== JSON.stringify(tokenizer.toJSON())) {
    throw new LabError('checkpoint-foreign', 'The reward LM was trained with a different tokenizer than this checkpoint; regenerate it with `npm run lab -- train-judge`.');
  }
  if (meta.world !== world) {
    throw new LabError('bad-settings', `The reward LM was trained on ${WORLD_NAMES[meta.world]}, but this run plays in ${WORLD_NAMES[world]}; use that world's judge (the shipped one is ${shippedRewardLM(world)}; the CLI picks it when --reward-lm is left out).`);
  }
  const model = new RewardLM(meta.config, meta.seed);
  try {
    model.setWeights(weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return new RewardLMJudge(model, tokenizer);
}

async function buildState(ckpt: LabCheckpoint, settings: LabSettings, opts: LabOptions, backend: BackendInfo): Promise<LabImpl> {
  const meta = ckpt.meta;
  if (meta.preset !== settings.preset) {
    throw new LabError('bad-settings', `This checkpoint was trained for the "${meta.preset}" preset, not "${settings.preset}".`);
  }
  const warmWorld = meta.warmStart.world;
  if (warmWorld !== settings.world) {
    const fix = settings.world === 'v2' ? `start from a world-v2 warm start (shipped: ${shippedWarmStartHint(meta.preset, 'v2')}) or set the world to v1` : `set the world to v2 (--world v2; on the page: World), or start from a first-world warm start (shipped: ${shippedWarmStartHint(meta.preset, 'v1')})`;
    throw new LabError('bad-settings', `This checkpoint's warm start was trained on ${WORLD_NAMES[warmWorld]}, but the settings ask for ${WORLD_NAMES[settings.world]}: ${fix}.`);
  }
  const preset = getPreset(meta.preset);
  const world = buildWorld(meta.worldSeed);
  const tokenizer = BpeTokenizer.fromJSON(meta.tokenizer);
  // The judge first: a judge of another world is refused before any model tensor exists.
  const rewardLM = await loadJudge(opts.rewardLM, tokenizer, settings.world);
  // Whatever exists when a later step throws is disposed (a long-lived page worker must not leak).
  const made: { dispose(): void }[] = [rewardLM.model];
  const fail = (e: unknown): never => {
    for (const m of made.reverse()) m.dispose();
    throw e;
  };
  const policy = new GPT(meta.model, 0);
  made.push(policy);
  try {
    policy.setWeights(ckpt.policy);
  } catch (e) {
    fail(new LabError('checkpoint-corrupt', `Checkpoint weights do not fit the model: ${(e as Error).message}`));
  }
  let ref: GPT;
  let optimizer: Adam;
  const rng = new Rng(settings.seed);
  try {
    ref = policy.clone(false);
    made.push(ref);
    if (ckpt.ref) ref.setWeights(ckpt.ref);
    optimizer = new Adam(policy.variables);
    made.push(optimizer);
    if (ckpt.optimizer) optimizer.setState(ckpt.optimizer, meta.optimizerStep);
    if (meta.rngState && meta.settings) rng.setState(meta.rngState);
  } catch (e) {
    return fail(e);
  }
  const state: TrainState = {
    world, source: worldSource(world, settings.world), tokenizer, preset, settings, policy, ref, optimizer, rewardLM,
    oracle: new OracleJudge(world),
    rng,
    iter: meta.settings ? meta.step : 0,
    // A run's human attacks and recent games come back with it; a new run starts with none.
    human: new HumanAttackPool(meta.settings ? ckpt.play?.humanPool : undefined),
  };
  return new LabImpl(state, backend, meta, meta.settings ? meta.history.slice() : [], meta.settings ? (ckpt.play?.recentGames ?? []).slice() : []);
}

/** Start a new run from a (warm-start or any) checkpoint with the given settings. */
export async function createLab(opts: LabOptions & { settings: LabSettings; warmStart: Uint8Array }): Promise<Lab> {
  validateRunSettings(opts.settings);
  opts.onProgress?.({ phase: 'load', done: 0, total: 1, label: 'loading the warm-start checkpoint' });
  const ckpt = await unpackLabCheckpoint(opts.warmStart); // plain arrays: no tensors before the backend is chosen
  const backend = await selectBackend(opts.settings.backend, backendOpts(opts, ckpt.meta.model, opts.settings.preset, opts.settings.batch));
  // A new run: the start checkpoint's policy becomes both the policy and the frozen reference.
  const fresh: LabCheckpoint = { meta: { ...ckpt.meta, settings: null, step: 0, history: [], rngState: null, optimizerStep: 0 }, policy: ckpt.policy, ref: null, optimizer: null };
  const lab = await buildState(fresh, opts.settings, opts, backend);
  opts.onProgress?.({ phase: 'load', done: 1, total: 1, label: 'ready' });
  return lab;
}

/** Continue a saved run at the same iteration, RNG state and optimizer state. */
export async function restoreLab(opts: LabOptions & { checkpoint: Uint8Array; backend: BackendChoice }): Promise<Lab> {
  const ckpt = await unpackLabCheckpoint(opts.checkpoint);
  if (!ckpt.meta.settings) throw new LabError('checkpoint-foreign', 'This is a warm-start checkpoint with no run in it; start a new run from it instead.');
  const settings = { ...ckpt.meta.settings, backend: opts.backend };
  const backend = await selectBackend(opts.backend, backendOpts(opts, ckpt.meta.model, settings.preset, settings.batch));
  return buildState(ckpt, settings, opts, backend);
}

/**
 * Cross-play between two saved runs of one preset: `attacker`'s policy attacks, `defender`'s policy
 * defends, on heldout harmful seeds. Both must use the same CoT mode (the format is part of the game).
 */
export async function crossPlayCheckpoints(
  opts: Omit<LabOptions, 'onProgress'> & {
    attacker: Uint8Array;
    defender: Uint8Array;
    n: number;
    /** Chosen here, like a run's: a process that never made a Lab would otherwise play on tfjs's default (plain JS on Node). */
    backend: BackendChoice;
  },
): Promise<{ judge: Rate; oracle: Rate }> {
  const [a, d] = await Promise.all([unpackLabCheckpoint(opts.attacker), unpackLabCheckpoint(opts.defender)]);
  if (a.meta.preset !== d.meta.preset) throw new LabError('bad-settings', `cross-play needs one preset (got ${a.meta.preset} and ${d.meta.preset})`);
  const cot = a.meta.settings?.cot ?? true;
  if ((d.meta.settings?.cot ?? true) !== cot) throw new LabError('bad-settings', 'cross-play needs both runs in the same CoT mode');
  const version = a.meta.settings?.world ?? a.meta.warmStart.world;
  if ((d.meta.settings?.world ?? d.meta.warmStart.world) !== version) throw new LabError('bad-settings', 'cross-play needs both runs in the same world');
  await selectBackend(opts.backend, backendOpts(opts, a.meta.model, a.meta.preset, a.meta.settings?.batch ?? DEFAULT_SETTINGS.batch));
  const tokenizer = BpeTokenizer.fromJSON(a.meta.tokenizer);
  const world = buildWorld(a.meta.worldSeed);
  // Checks and the judge before any model tensor; then each model is disposed whatever fails.
  const rewardLM = await loadJudge(opts.rewardLM, tokenizer, version);
  const models: GPT[] = [];
  const load = (c: LabCheckpoint) => {
    const m = new GPT(c.meta.model, 0);
    models.push(m);
    m.setWeights(c.policy);
    return m;
  };
  try {
    const [attacker, defender] = [load(a), load(d)];
    return await crossPlay({ world, source: worldSource(world, version), tokenizer, preset: getPreset(a.meta.preset), rewardLM, oracle: new OracleJudge(world), cot }, attacker, defender, opts.n);
  } finally {
    for (const m of models) m.dispose();
    rewardLM.model.dispose();
  }
}

export async function readCheckpointSummary(bytes: Uint8Array): Promise<CheckpointSummary> {
  const { meta } = await unpackLabCheckpoint(bytes);
  return summarize(meta, DEFAULT_SETTINGS);
}

/** `auto` times this run's own work: its preset and RL batch at the checkpoint's vocabulary. */
function backendOpts(o: Omit<LabOptions, 'rewardLM'>, model: ModelConfig, preset: LabSettings['preset'], batch: number): SelectBackendOptions {
  const work = probeWorkFor(getPreset(preset), model.vocabSize, batch);
  return { wasmPaths: o.wasmPaths, gpu: o.gpu, wasmThreads: o.wasmThreads, probe: { work, cache: o.probeCache } };
}

class LabImpl implements Lab {
  private disposed = false;
  private busy = false;

  constructor(
    private readonly s: TrainState,
    readonly backend: BackendInfo,
    private readonly origin: LabCheckpointMeta,
    private readonly metrics: IterationMetrics[],
    /** The last RECENT_GAMES games, oldest first (saved, so the page's feed survives a reload). */
    private recent: GameRecord[],
  ) {}

  private get pool(): HumanAttackPool {
    return this.s.human as HumanAttackPool;
  }

  get settings(): LabSettings {
    return this.s.settings;
  }

  iteration(): number {
    return this.s.iter;
  }

  history(): IterationMetrics[] {
    return this.metrics.slice();
  }

  /** One engine operation at a time: tensors and the RNG are shared state. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new LabError('internal', 'This lab was disposed.');
    if (this.busy) throw new LabError('busy', 'The engine is busy with another operation; wait for it to finish.');
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  step(onProgress?: (p: Progress) => void): Promise<{ metrics: IterationMetrics; games: GameRecord[] }> {
    return this.exclusive(async () => {
      const out = await runIteration(this.s, onProgress);
      // Drift compares windows of completed iterations: the run's history (restored with a checkpoint) plus this one.
      const recentMixes = this.metrics.slice(-(2 * DRIFT_WINDOW - 1)).map((m) => m.tacticMix);
      out.metrics.tacticDriftJs = tacticDrift([...recentMixes, out.metrics.tacticMix]);
      if (!out.metrics.skipped) this.metrics.push(out.metrics);
      this.recent = [...this.recent, ...out.games].slice(-RECENT_GAMES);
      return out;
    });
  }

  evaluate(onProgress?: (p: Progress) => void, perSuite?: number, material: Split = 'heldout'): Promise<EvalReport> {
    return this.exclusive(() =>
      evaluateSuites(
        { world: this.s.world, source: this.s.source, tokenizer: this.s.tokenizer, preset: this.s.preset, policy: this.s.policy, ref: this.s.ref, rewardLM: this.s.rewardLM, oracle: this.s.oracle, cot: this.s.settings.cot, material },
        this.s.iter,
        onProgress,
        perSuite,
      ),
    );
  }

  sample(role: Role, text: string, onText?: (soFar: string) => void, seedKind?: 'harmful' | 'benign'): Promise<SampleResult> {
    return this.exclusive(async () => {
      const clean = text.trim(); // case and line breaks are part of what the model reads
      if (!clean) throw new LabError('bad-settings', 'Type a prompt first.');
      const cot = this.s.settings.cot;
      const prompt = rolePrompt(role, clean, this.seedKindOf(clean, seedKind), cot);
      const layout = this.s.preset[role];
      // Arena sampling has its own RNG so it never shifts the training stream (resume stays exact).
      const rng = new Rng((Date.now() >>> 0) ^ 0x9e37);
      const out = await runRole(this.s.policy, this.s.tokenizer, [prompt], layout, {
        cot, temperature: this.s.preset.sampling.temperature, topP: this.s.preset.sampling.topP, rng,
        onText: onText ? (ids: number[]) => onText(this.s.tokenizer.decodeCompletion(ids)) : undefined,
      });
      const move = out.moves[0];
      const pair = role === 'defender' ? { prompt: clean, response: move.answer } : { prompt: move.answer, response: '' };
      const [[judge], [oracle]] = await Promise.all([this.s.rewardLM.label([pair]), this.s.oracle.label([pair])]);
      return { move, judge, oracle };
    });
  }

  async inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign'): Promise<PromptInspection> {
    // Reads only the tokenizer and the preset, no tensors: no engine lock, so it answers while training runs.
    if (this.disposed) throw new LabError('internal', 'This lab was disposed.');
    // The attacker's prompt names the seed's kind: the same kind `sample` picks.
    const kind = role === 'attacker' ? this.seedKindOf(text.trim(), seedKind) : undefined;
    return inspectPrompt(this.s.tokenizer, this.s.preset, role, text, this.s.settings.cot, kind);
  }

  /** The seed kind the attacker's prompt names: the one given, else what the oracle reads in the text. */
  private seedKindOf(text: string, given?: SeedKind): SeedKind {
    return given ?? (promptLabel(this.s.world, text) === 'harmful' ? 'harmful' : 'benign');
  }

  addHumanAttack(nickname: string, text: string): Promise<HumanAttack> {
    return this.exclusive(async () => {
      const clean = cleanAttackText(text);
      const a = analyzeText(this.s.world, clean);
      const q = a.harmfulIntents.length ? 'harmful' : a.intents.length ? 'benign' : 'na';
      const intentId = a.harmfulIntents[0] ?? a.intents[0] ?? null;
      return this.pool.add({ nickname, text: clean }, { q, intentId }, this.s.settings, this.s.iter);
    });
  }

  humanAttacks(): HumanAttack[] {
    return this.pool.list();
  }

  recentGames(): GameRecord[] {
    return structuredClone(this.recent);
  }

  scoreDefense(prompt: string, answer: string): Promise<DefenseResult> {
    return this.exclusive(async () => {
      const p = cleanAttackText(prompt);
      const r = answer.trim();
      if (!r) throw new LabError('bad-settings', 'Write your answer first.');
      const pair = { prompt: p, response: r };
      const [[judge], [oracle]] = await Promise.all([this.s.rewardLM.label([pair]), this.s.oracle.label([pair])]);
      // The run's reward judge pays the reward; the oracle's version shows where that judge erred.
      const paid = this.s.settings.judge === 'oracle' ? oracle : judge;
      return { prompt: p, answer: r, judge, oracle, score: scoreDefenderAnswer(paid, this.s.settings), oracleScore: scoreDefenderAnswer(oracle, this.s.settings) };
    });
  }

  worldPrompt(): { text: string; kind: 'harmful' | 'benign'; attack: boolean } {
    // Its own RNG, like the arena's sampling: never shifts the training stream.
    const rng = new Rng((Date.now() >>> 0) ^ 0x5bd1);
    const seed = this.s.source.seed(rng, 'train', rng.chance(0.5) ? 'harmful' : rng.chance(0.5) ? 'contrast' : 'benign');
    const attack = rng.chance(0.5);
    const text = attack ? this.s.source.wrap(rng, seed, 'train') : seed.text;
    return { text, kind: seed.kind, attack };
  }

  save(): Promise<Uint8Array> {
    return this.exclusive(async () => {
      const meta: LabCheckpointMeta = {
        ...this.origin,
        settings: this.s.settings,
        step: this.s.iter,
        savedAt: new Date().toISOString(),
        rngState: this.s.rng.getState(),
        optimizerStep: this.s.optimizer.step,
        history: this.metrics,
      };
      return packLabCheckpoint({
        meta,
        play: { humanPool: this.pool.toJSON(), recentGames: this.recent },
        policy: await this.s.policy.getWeights(),
        ref: await this.s.ref.getWeights(),
        optimizer: new Map((await this.s.optimizer.getState()).map((t) => [t.name, t])),
      });
    });
  }

  summary(): CheckpointSummary {
    return {
      step: this.s.iter,
      savedAt: new Date().toISOString(),
      settings: this.s.settings,
      lastMetrics: this.metrics.length ? this.metrics[this.metrics.length - 1] : null,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.s.policy.dispose();
    this.s.ref.dispose();
    this.s.optimizer.dispose();
    this.s.rewardLM.model.dispose();
  }
}

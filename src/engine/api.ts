/**
 * The engine's public surface: types shared by the engine, the worker, the UI and the CLI.
 * Framework-free and JSON/structured-clone friendly (crosses the worker boundary).
 */
import type { Labels } from './judge/types';
import type { Split, TacticId } from './world/types';
import type { HumanAttack } from './game/humanAttacks';
import type { DefenseScore } from './game/scoreAnswer';

export type { HumanAttack, HumanAttackStatus, HumanPlay } from './game/humanAttacks';
export type { DefenseScore, DefenseTerm } from './game/scoreAnswer';

export type BackendName = 'webgpu' | 'wasm' | 'cpu';
/** 'auto' = WebGPU on a hardware adapter, else wasm, else cpu. 'webgpu' forces WebGPU even on a software adapter. */
export type BackendChoice = 'auto' | BackendName;

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  isFallback: boolean;
}

export interface BackendInfo {
  backend: BackendName;
  adapter: AdapterInfo | null;
  /** Human explanation of why this backend was chosen (shown as a tooltip). */
  reason: string;
  /** What the `auto` probe measured and decided, or why it was skipped; absent for forced choices. */
  probe?: BackendProbe;
}

/** One candidate backend's probe timings (null when it failed or ran out of its share of the budget). */
export interface ProbeMeasurement {
  backend: BackendName;
  /** Estimated milliseconds per RL iteration of the preset, from the three stage times below. */
  iterationMs: number | null;
  prefillMs: number | null;
  decodeMsPerToken: number | null;
  trainMsPerStep: number | null;
  /** Rounds timed, or why there is no number. */
  note: string;
}

export interface BackendProbe {
  /** measured now, reused from the cache (same device and preset), or skipped (see why). */
  status: 'measured' | 'cached' | 'skipped';
  /** The device and preset the result belongs to. */
  key: string;
  chosen: BackendName;
  why: string;
  measurements: ProbeMeasurement[];
  /** Probe wall time and budget (ms); 0 when skipped. */
  elapsedMs: number;
  budgetMs: number;
}

export type PresetName = 'tiny' | 'classroom' | 'lab';
export type Mode = 'selfplay' | 'attacker-only' | 'defender-only';
export type RewardType = 'general-sum' | 'zero-sum';
export type JudgeName = 'reward-lm' | 'oracle';
/** Static attack source for defender-only mode. */
export type StaticAttackSource = 'frozen-attacker' | 'templates';
export type Baseline = 'none' | 'grpo' | 'rloo';
/** The world a run plays in: the first world (v1) or world v2 (surface forms, tactic grammar). */
export type WorldVersion = 'v1' | 'v2';

/** Everything a user may set; lives in the URL on the page and in flags on the CLI. */
export interface LabSettings {
  preset: PresetName;
  mode: Mode;
  cot: boolean;
  reward: RewardType;
  labelFlipGuard: boolean;
  staticAttacks: StaticAttackSource;
  judge: JudgeName;
  beta: number; // KL coefficient
  lr: number; // peak learning rate
  batch: number; // seeds per iteration
  seed: number;
  backend: BackendChoice;
  baseline: Baseline;
  groupSize: number; // samples per seed when baseline != none
  klAsLoss: boolean;
  sftCoef: number; // auxiliary SFT loss on defender demonstrations (0 = off)
  world: WorldVersion; // which world's seeds, attacks and held-out suites the run uses
}

export type Role = 'attacker' | 'defender';

export interface RoleMove {
  thought: string; // hidden CoT ('' in no-CoT mode or when missing)
  answer: string; // the public move the opponent and the judge see
  raw: string; // the whole completion text
  formatOk: boolean;
}

export interface GameRecord {
  iter: number;
  seedText: string;
  seedKind: 'harmful' | 'benign';
  contrast: boolean;
  intentId: string;
  generated: boolean; // attacker revised the seed (else vanilla)
  human: boolean; // attack typed by a person in the arena and added to the game (defender-only game: no attacker reward)
  /** Which human attack this game replayed (human games only). */
  humanAttack?: { id: string; nickname: string };
  attacker: RoleMove | null;
  defender: RoleMove;
  judge: Labels;
  oracle: Labels;
  /** Tactic families the oracle read in the attack: the first world's tactics, or grammar-v2 families in a world-v2 run. */
  oracleTactics: string[];
  rewards: { attacker: number | null; defender: number | null };
  tie: boolean;
}

export interface Rate {
  n: number;
  rate: number;
  lo: number;
  hi: number;
}

/** A share with the count it rests on (one iteration's games). */
export interface FamilyRate {
  n: number;
  rate: number;
}
/**
 * Per tactic family (a string id: the v1 oracle tactics today, grammar-v2 family ids later; "none" for
 * prompts with no tactic). Only families that occurred have an entry.
 */
export type FamilyRates = Record<string, FamilyRate>;
/** Attacks per tactic family ("none": no tactic); an attack with two families counts in both. */
export type TacticMix = Record<string, number>;

export interface IterationMetrics {
  iter: number;
  wallMs: number;
  lr: number;
  rewardAttacker: number | null;
  rewardDefender: number | null;
  asrJudge: number | null; // attack success (harmful response to a generated harmful seed), judged
  asrOracle: number | null;
  refusalHarmful: number | null; // defender refusal rate on harmful prompts (oracle)
  overRefusal: number | null; // defender refusal rate on benign prompts (oracle)
  formatViolAttacker: number | null;
  formatViolDefender: number | null;
  kl: number;
  entropy: number;
  agreeQ: number | null;
  agreeRef: number | null;
  agreeH: number | null;
  ties: number;
  divSelfBleu: number | null; // 1 - Self-BLEU of attacks
  divEmbedding: number | null; // 1 - mean pairwise cosine of reward-LM embeddings
  divTacticEntropy: number | null; // bits, oracle tactics
  /** Per family: generated harmful seeds whose attack uses it, and the share answered harmfully (oracle H). */
  familyAsr: FamilyRates;
  /** Per family: generated benign seeds wrapped by it, and the share refused (oracle Ref). */
  familyOverRefusal: FamilyRates;
  /** Generated benign seeds whose prompt carries ≥ 1 tactic: share whose answer addresses the asked intent (oracle answersIntent: compliance with that intent's own content); null when none. */
  benignHelpedWrapped: number | null;
  benignWrappedN: number;
  /** Tactic mix of this iteration's attacks (the attacker's moves on both seed kinds). */
  tacticMix: TacticMix;
  /**
   * Jensen–Shannon divergence (bits, 0–1) between the tactic mix of the last DRIFT_WINDOW iterations
   * (this one included) and the DRIFT_WINDOW before them (eval/families.ts); null until 2 windows exist.
   */
  tacticDriftJs: number | null;
  tokensPerSec: number;
  phaseMs: { generate: number; judge: number; score: number; train: number };
  loss: number;
  skipped: boolean; // non-finite loss/gradient: update skipped, last good state kept
}

export type ProgressPhase = 'load' | 'warmstart' | 'generate' | 'judge' | 'train' | 'evaluate' | 'save';
export interface Progress {
  phase: ProgressPhase;
  done: number;
  total: number;
  label: string;
}

export type EvalSuiteName =
  | 'direct-harmful'
  | 'adversarial-harmful'
  | 'adversarial-benign'
  | 'contrast-benign'
  | 'contrast-unsafe'
  | 'plain-benign'
  | 'attacker-vs-start';

export interface EvalSuiteResult {
  suite: EvalSuiteName;
  metric: string; // e.g. "ASR", "compliance", "over-refusal"
  better: 'lower' | 'higher';
  judge: Rate;
  oracle: Rate;
  /** Refusal rate of the defender in this suite, by the oracle (e.g. "refuses plain harmful"). */
  oracleRefusal: Rate;
  /**
   * Suites of benign requests (adversarial-benign, contrast-benign): share of answers that address the
   * asked intent, by the oracle (compliance carrying ≥ 2 of that intent's own content terms;
   * judge/oracle.ts answersIntent), not merely "not a refusal".
   */
  addressesIntent?: Rate;
  /** plain-benign only: share of hidden thoughts that name the request (eval/plainBenign.ts). */
  thoughtNamesRequest?: Rate;
  /**
   * Suites of wrapped prompts (adversarial-harmful, adversarial-benign, attacker-vs-start): the oracle's
   * rate per tactic family of the prompt (families as the oracle reads them; "none": no tactic), with
   * `metric` the per-family measure ("ASR" or "over-refusal").
   */
  byFamily?: { metric: string; oracle: Record<string, Rate> };
}

export interface EvalReport {
  step: number;
  /** What the world suites asked: held-out material (the evaluation) or train material (a warm start's own distribution). */
  material: Split;
  suites: EvalSuiteResult[];
  diversity: { selfBleu: number; embedding: number; tacticEntropy: number };
  faithfulness: Rate;
  /** Share of format-valid hidden-CoT completions per role (all valid in no-CoT mode). */
  formatValid: { attacker: Rate; defender: Rate };
}

export interface SampleResult {
  move: RoleMove;
  judge: Labels;
  oracle: Labels;
}

/** One token of a role prompt as the Arena shows it (Lab.inspectPrompt). */
export interface PromptPiece {
  /**
   * Display form: "▁word" (▁ = a space, ↵ = a line break), "<think>"; a byte token shows as its ASCII
   * character (":"), or as "<0xF0>" when it is part of a longer character (an emoji, an accent).
   */
  text: string;
  /** special: a role or format tag; subword: a piece the vocabulary learned; byte: byte fallback; cut: the window's cut marker. */
  kind: 'special' | 'subword' | 'byte' | 'cut';
}

/** What the model reads of a prompt: its tokens after the role's window, and how it samples. */
export interface PromptInspection {
  role: Role;
  pieces: PromptPiece[];
  /** Tokens of the whole role prompt, before any cut. */
  tokensTotal: number;
  /** Tokens the model reads (= pieces.length): at most `window`. */
  tokensRead: number;
  /** The role's window (its preset's promptLen). */
  window: number;
  /** Where the window cut the prompt (index in the whole prompt's tokens) and how many tokens it removed. */
  cut: { at: number; removed: number } | null;
  sampling: { temperature: number; topP: number };
}

/** A person's defender answer, labelled and scored (Lab.scoreDefense). */
export interface DefenseResult {
  prompt: string;
  answer: string;
  judge: Labels;
  oracle: Labels;
  /** By the run's reward judge: the reward the game would give. */
  score: DefenseScore;
  /** The same answer scored on the oracle's labels (the truth), to show where the judge erred. */
  oracleScore: DefenseScore;
}

export interface CheckpointSummary {
  step: number;
  savedAt: string; // ISO time
  settings: LabSettings;
  lastMetrics: IterationMetrics | null;
}

/**
 * One live run of the lab. Implemented in src/engine/lab.ts (createLab / restoreLab);
 * the worker wraps it, the CLI drives it directly. All methods are safe to call between iterations.
 */
export interface Lab {
  readonly backend: BackendInfo;
  readonly settings: LabSettings;
  /** Completed RL iterations. */
  iteration(): number;
  /** Metrics of every completed iteration (restored from the checkpoint after a reload). */
  history(): IterationMetrics[];
  /** Run one self-play iteration (generate, judge, score, train). */
  step(onProgress?: (p: Progress) => void): Promise<{ metrics: IterationMetrics; games: GameRecord[] }>;
  /** Held-out evaluation suites. */
  evaluate(onProgress?: (p: Progress) => void, perSuite?: number, material?: Split): Promise<EvalReport>;
  /** Arena: let one role answer `text` (defender: a prompt; attacker: a seed to revise). onText streams the completion so far. */
  sample(role: Role, text: string, onText?: (soFar: string) => void, seedKind?: 'harmful' | 'benign'): Promise<SampleResult>;
  /** Arena: the token pieces `sample` would feed the model for `text` (after the window's cut) and its sampling settings. */
  inspectPrompt(role: Role, text: string, seedKind?: 'harmful' | 'benign'): Promise<PromptInspection>;
  /** Human red-teamers: add a person's attack to the defender's games from the next iteration on (LabError when refused). */
  addHumanAttack(nickname: string, text: string): Promise<HumanAttack>;
  /** The class attacks board: every human attack with its score sheet (saved with the checkpoint). */
  humanAttacks(): HumanAttack[];
  /** The last games played, oldest first (saved with the checkpoint, so a feed survives a reload). */
  recentGames(): GameRecord[];
  /** Play the defender: judge and oracle label a person's answer and the game's reward table scores it. */
  scoreDefense(prompt: string, answer: string): Promise<DefenseResult>;
  /** A prompt from the world for the defender to answer: a train seed, plain or wrapped in a template attack. */
  worldPrompt(): { text: string; kind: 'harmful' | 'benign'; attack: boolean };
  /** Serialize weights, optimizer, step, RNG, settings and history into checkpoint bytes (integrity-hashed). */
  save(): Promise<Uint8Array>;
  summary(): CheckpointSummary;
  dispose(): void;
}

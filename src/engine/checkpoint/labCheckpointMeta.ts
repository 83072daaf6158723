/**
 * Schema check of a lab checkpoint's header, field by field, before anything is built from it.
 * The SHA-256 seal proves a file is intact, not that its writer was this lab: a re-sealed header
 * can say anything. Every field is read as an own property (JSON can name "constructor" or
 * "__proto__"), every model dimension is bounded (model/limits.ts), and the tensor table must hold
 * exactly the tensors the model config implies. Any failure is one LabError('checkpoint-corrupt')
 * naming the field; a file of another format version is 'checkpoint-foreign'.
 */
import { WORLD_VERSIONS, type WorldVersion } from '../world/version';
import type { IterationMetrics, LabSettings, PresetName } from '../api';
import { isPresetName, longestSequence, PRESETS } from '../config/presets';
import { validateSettingsObject } from '../config/settings';
import { LabError } from '../errors';
import { modelConfigProblem } from '../model/limits';
import { paramSpecs } from '../model/params';
import type { ModelConfig } from '../model/types';
import { adamStateSpecs } from '../optim/adam';
import { BpeTokenizer, type BpeTokenizerJSON } from '../tokenizer/bpe';
import type { ContainerHeader } from './container';

/**
 * 2: the open-text world (byte-level BPE, case kept, long context). Version-1 checkpoints hold the
 * closed-vocabulary model, whose tokenizer and sequence layout this build no longer has.
 */
export const LAB_VERSION = 2;

export interface WarmStartInfo {
  seed: number;
  steps: number;
  finalLoss: number;
  command: string;
  createdAt: string;
  /** The world its transcripts came from (files from before world v2 have none: read as v1). */
  world: WorldVersion;
}

export interface LabCheckpointMeta {
  version: number;
  preset: PresetName;
  worldSeed: number;
  model: ModelConfig;
  tokenizer: BpeTokenizerJSON;
  /** null for a warm-start checkpoint (no run yet). */
  settings: LabSettings | null;
  step: number;
  savedAt: string;
  rngState: number[] | null;
  optimizerStep: number;
  history: IterationMetrics[];
  warmStart: WarmStartInfo;
}

export interface CheckedLabMeta {
  meta: LabCheckpointMeta;
  hasRef: boolean;
  hasOptimizer: boolean;
}

type Obj = Record<string, unknown>;

function corrupt(why: string): LabError {
  return new LabError('checkpoint-corrupt', `The checkpoint header is invalid: ${why}.`);
}

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function field(o: Obj, key: string, where: string): unknown {
  if (!Object.hasOwn(o, key)) throw corrupt(`${where}${key} is missing`);
  return o[key];
}

function int(o: Obj, key: string, where = ''): number {
  const v = field(o, key, where);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw corrupt(`${where}${key} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

function str(o: Obj, key: string, where = ''): string {
  const v = field(o, key, where);
  if (typeof v !== 'string') throw corrupt(`${where}${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function bool(o: Obj, key: string): boolean {
  const v = field(o, key, '');
  if (typeof v !== 'boolean') throw corrupt(`${key} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** JSON turns NaN and Infinity into null, so a saved metric is a number or null. */
function numOrNull(o: Obj, key: string, where: string): void {
  const v = field(o, key, where);
  if (v !== null && typeof v !== 'number') throw corrupt(`${where}${key} must be a number or null, got ${JSON.stringify(v)}`);
}

/** Every field of IterationMetrics; `satisfies` keeps this list in step with the type. */
const METRIC_FIELDS = {
  iter: 'int', wallMs: 'num', lr: 'num', rewardAttacker: 'num', rewardDefender: 'num', asrJudge: 'num', asrOracle: 'num',
  refusalHarmful: 'num', overRefusal: 'num', formatViolAttacker: 'num', formatViolDefender: 'num', kl: 'num', entropy: 'num',
  agreeQ: 'num', agreeRef: 'num', agreeH: 'num', ties: 'num', divSelfBleu: 'num', divEmbedding: 'num', divTacticEntropy: 'num',
  familyAsr: 'rates', familyOverRefusal: 'rates', benignHelpedWrapped: 'num', benignWrappedN: 'int', tacticMix: 'mix', tacticDriftJs: 'num',
  tokensPerSec: 'num', phaseMs: 'phases', loss: 'num', skipped: 'bool',
} as const satisfies Record<keyof IterationMetrics, 'int' | 'num' | 'bool' | 'phases' | 'rates' | 'mix'>;
const PHASES = ['generate', 'judge', 'score', 'train'] as const satisfies readonly (keyof IterationMetrics['phaseMs'])[];

/**
 * Family measures came after the first version-2 checkpoints: a history entry without them was
 * written before they existed and reads as "not measured" (no families, no rate, no drift).
 */
const LATER_FIELDS = {
  familyAsr: () => ({}),
  familyOverRefusal: () => ({}),
  benignHelpedWrapped: () => null,
  benignWrappedN: () => 0,
  tacticMix: () => ({}),
  tacticDriftJs: () => null,
} as const satisfies Partial<Record<keyof IterationMetrics, () => unknown>>;

/** Per family {n, rate}: n a positive count, rate a share. */
function checkRates(o: Obj, key: string, where: string): void {
  const v = field(o, key, where);
  if (!isObj(v)) throw corrupt(`${where}${key} must be an object`);
  for (const [f, r] of Object.entries(v)) {
    if (!isObj(r)) throw corrupt(`${where}${key}.${f} must be an object`);
    const n = field(r, 'n', `${where}${key}.${f}.`);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw corrupt(`${where}${key}.${f}.n must be a positive integer, got ${JSON.stringify(n)}`);
    const rate = field(r, 'rate', `${where}${key}.${f}.`);
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw corrupt(`${where}${key}.${f}.rate must be a number from 0 to 1, got ${JSON.stringify(rate)}`);
  }
}

/** Per family a count of attacks. */
function checkMix(o: Obj, key: string, where: string): void {
  const v = field(o, key, where);
  if (!isObj(v)) throw corrupt(`${where}${key} must be an object`);
  for (const f of Object.keys(v)) int(v, f, `${where}${key}.`);
}

function checkHistory(v: unknown): IterationMetrics[] {
  if (!Array.isArray(v)) throw corrupt(`history must be a list, got ${JSON.stringify(v)}`);
  v.forEach((m: unknown, i) => {
    const where = `history[${i}].`;
    if (!isObj(m)) throw corrupt(`history[${i}] must be an object`);
    for (const [key, kind] of Object.entries(METRIC_FIELDS)) {
      if (Object.hasOwn(LATER_FIELDS, key) && !Object.hasOwn(m, key)) {
        m[key] = LATER_FIELDS[key as keyof typeof LATER_FIELDS]();
        continue;
      }
      if (kind === 'int') int(m, key, where);
      else if (kind === 'rates') checkRates(m, key, where);
      else if (kind === 'mix') checkMix(m, key, where);
      else if (kind === 'num') numOrNull(m, key, where);
      else if (kind === 'bool') {
        if (typeof field(m, key, where) !== 'boolean') throw corrupt(`${where}${key} must be true or false`);
      } else {
        const p = field(m, key, where);
        if (!isObj(p)) throw corrupt(`${where}${key} must be an object`);
        for (const ph of PHASES) numOrNull(p, ph, `${where}${key}.`);
      }
    }
  });
  return v as IterationMetrics[];
}

function checkWarmStart(v: unknown): WarmStartInfo {
  if (!isObj(v)) throw corrupt('warmStart must be an object');
  int(v, 'seed', 'warmStart.');
  int(v, 'steps', 'warmStart.');
  numOrNull(v, 'finalLoss', 'warmStart.');
  str(v, 'command', 'warmStart.');
  str(v, 'createdAt', 'warmStart.');
  // Before the field existed, `warmstart --world v2` already wrote v2 files: their command says so.
  if (!Object.hasOwn(v, 'world')) return { ...(v as unknown as WarmStartInfo), world: /--world v2\b/.test(String(v.command)) ? 'v2' : 'v1' };
  if (!(WORLD_VERSIONS as readonly unknown[]).includes(v.world)) throw corrupt(`warmStart.world must be one of ${WORLD_VERSIONS.join(', ')}, got ${JSON.stringify(v.world)}`);
  return v as unknown as WarmStartInfo;
}

function checkRngState(v: unknown): number[] | null {
  if (v === null) return null;
  // Rng.getState may hand out signed 32-bit words; setState reads each as unsigned (x >>> 0).
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 32))
    throw corrupt(`rngState must be null or four 32-bit integers, got ${JSON.stringify(v)}`);
  return v;
}

function checkSettings(v: unknown, preset: string): LabSettings | null {
  if (v === null) return null;
  const { settings, errors } = validateSettingsObject(v);
  if (errors.length) throw corrupt(`settings: ${errors.map((e) => e.message).join('; ')}`);
  if (settings.preset !== preset) throw corrupt(`settings are for the "${settings.preset}" preset but the model is "${preset}"`);
  return settings;
}

/** The tensor table must hold exactly these names with these shapes (prefix/name). */
function checkTensors(entries: { name: string; shape: number[] }[], expected: { name: string; shape: number[] }[]): void {
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const x of expected) {
    const e = byName.get(x.name);
    if (!e) throw corrupt(`tensor ${x.name} is missing`);
    if (e.shape.length !== x.shape.length || e.shape.some((d, i) => d !== x.shape[i]))
      throw corrupt(`tensor ${x.name} has shape [${e.shape}], the model needs [${x.shape}]`);
  }
  const known = new Set(expected.map((x) => x.name));
  const extra = entries.filter((e) => !known.has(e.name)).map((e) => e.name);
  if (extra.length) throw corrupt(`unexpected tensors ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`);
}

/** Validate every header field of a lab checkpoint whose container was already verified. */
export function checkLabMeta(header: ContainerHeader, entries: { name: string; shape: number[] }[]): CheckedLabMeta {
  const h = header as unknown as Obj;
  const version = Object.hasOwn(h, 'version') ? h.version : undefined;
  if (version === 1) {
    throw new LabError('checkpoint-foreign', 'This checkpoint was made by an earlier version of the lab (closed-vocabulary world, word-level tokenizer) and cannot be continued here; start a new run from the shipped warm start.');
  }
  if (version !== LAB_VERSION) {
    throw new LabError('checkpoint-foreign', `Checkpoint format version ${JSON.stringify(version ?? null)} is not supported (expected ${LAB_VERSION}).`);
  }
  const presetName = field(h, 'preset', '');
  if (!isPresetName(presetName)) throw corrupt(`unknown preset ${JSON.stringify(presetName)} (expected ${Object.keys(PRESETS).join(' or ')})`);
  const preset = PRESETS[presetName];
  const worldSeed = int(h, 'worldSeed');
  if (worldSeed >= 2 ** 32) throw corrupt(`worldSeed ${worldSeed} is not a 32-bit seed`);

  const model = field(h, 'model', '');
  // Bounds first: nothing below may size an allocation from an unchecked dimension.
  const problem = modelConfigProblem(model, longestSequence(preset));
  if (problem) throw corrupt(problem);
  const config = model as ModelConfig;

  const tokJson = field(h, 'tokenizer', '');
  let tokenizer: BpeTokenizer;
  try {
    tokenizer = BpeTokenizer.fromJSON(tokJson as Parameters<typeof BpeTokenizer.fromJSON>[0]);
  } catch (e) {
    throw corrupt(`tokenizer: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (tokenizer.vocabSize !== config.vocabSize) throw corrupt(`the tokenizer has ${tokenizer.vocabSize} tokens but the model's vocabSize is ${config.vocabSize}`);

  const settings = checkSettings(field(h, 'settings', ''), presetName);
  const step = int(h, 'step');
  const savedAt = str(h, 'savedAt');
  const rngState = checkRngState(field(h, 'rngState', ''));
  const optimizerStep = int(h, 'optimizerStep');
  const history = checkHistory(field(h, 'history', ''));
  const warmStart = checkWarmStart(field(h, 'warmStart', ''));
  const hasRef = bool(h, 'hasRef');
  const hasOptimizer = bool(h, 'hasOptimizer');

  const specs = paramSpecs(config);
  const prefixed = (prefix: string, xs: { name: string; shape: number[] }[]) => xs.map((x) => ({ name: `${prefix}/${x.name}`, shape: x.shape }));
  checkTensors(entries, [
    ...prefixed('policy', specs),
    ...(hasRef ? prefixed('ref', specs) : []),
    ...(hasOptimizer ? prefixed('opt', adamStateSpecs(specs.map((s) => s.shape))) : []),
  ]);

  const meta: LabCheckpointMeta = {
    version: LAB_VERSION, preset: presetName, worldSeed, model: { ...config }, tokenizer: tokJson as LabCheckpointMeta['tokenizer'],
    settings, step, savedAt, rngState, optimizerStep, history, warmStart,
  };
  return { meta, hasRef, hasOptimizer };
}

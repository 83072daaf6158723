/**
 * Upper bounds on the GPT's shape, checked before anything is allocated: a checkpoint header is only
 * a few hundred bytes, yet it names dimensions that decide how much memory loading it takes (a
 * re-sealed header with dModel 4096 and 64 layers asked the page for gigabytes). Each dimension has
 * a cap, and so do their products: parameter count and a training pass's activation memory.
 * The caps sit far above every preset (classroom: 280K parameters) and below what a browser tab holds.
 */
import type { ModelConfig } from './types';

export const MODEL_LIMITS = {
  vocabSize: 65_536,
  dModel: 1024,
  nHeads: 32,
  nLayers: 24,
  dFF: 8192,
  maxLen: 2048,
  /** Policy, frozen reference and two Adam moments each hold this many floats. */
  params: 25_000_000,
  /** activationBytes(config, seqLen, ACTIVATION_ROWS) for the longest sequence. */
  activationBytes: 2 ** 31,
} as const;

/**
 * Rows of the reference pass in the activation estimate: a preset whose full-length batch would not
 * fit trains in micro-batches of this many rows (optim/accumulate.ts), so this is what must fit.
 */
export const ACTIVATION_ROWS = 8;

const DIMS = ['vocabSize', 'dModel', 'nHeads', 'nLayers', 'dFF', 'maxLen'] as const;

/** Floats in every parameter: embeddings, per block LN + attention + MLP, final LN, lm_head unless tied, the pointer head if any (params.ts). */
export function parameterCount(c: ModelConfig): number {
  const { vocabSize: V, dModel: d, nLayers: L, dFF: ff, maxLen } = c;
  const block = 4 * d + (3 * d * d + 3 * d) + d * d + (d * ff + ff + ff * d + d);
  const cw = c.copyHead ?? 0;
  return V * d + maxLen * d + L * block + 2 * d + (c.tiedHead ? 0 : d * V) + (cw > 0 ? 2 * (d * cw + cw) + d + 1 + (c.copyGateMatch ? 1 : 0) : 0);
}

/**
 * Bytes of activations a forward + backward pass keeps for `rows` sequences of `seqLen` tokens:
 * per position and block the LayerNorm outputs, q/k/v, attention scores and weights for every head,
 * the MLP's hidden layer before and after GELU and the residual stream; plus the final projection
 * to the vocabulary. An estimate (tfjs keeps roughly this much for the gradient), not a measurement.
 */
export function activationBytes(c: ModelConfig, seqLen: number, rows: number): number {
  const { vocabSize: V, dModel: d, nHeads: H, nLayers: L, dFF: ff } = c;
  const cw = c.copyHead ?? 0;
  const perPosition = L * (8 * d + 2 * H * seqLen + 2 * ff) + 2 * d + V + (cw > 0 ? 2 * cw + 2 * seqLen : 0);
  return 4 * rows * seqLen * perPosition;
}

/**
 * Why `c` is not a model this lab may build, or null when it is. `seqLen` is the longest sequence the
 * model will see (a preset's prompt + completion; default maxLen). Checks only the config's own
 * properties, so any parsed JSON object can be passed in.
 */
export function modelConfigProblem(c: unknown, seqLen?: number): string | null {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return `model config must be an object, got ${JSON.stringify(c)}`;
  const o = c as Record<string, unknown>;
  for (const k of DIMS) {
    if (!Object.hasOwn(o, k)) return `model config is missing ${k}`;
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return `model ${k} must be a positive integer, got ${JSON.stringify(v)}`;
    if (v > MODEL_LIMITS[k]) return `model ${k} ${v} exceeds the limit of ${MODEL_LIMITS[k]}`;
  }
  if (Object.hasOwn(o, 'tiedHead') && typeof o.tiedHead !== 'boolean') return `model tiedHead must be true or false, got ${JSON.stringify(o.tiedHead)}`;
  if (Object.hasOwn(o, 'copyHead')) {
    const cw = o.copyHead;
    if (typeof cw !== 'number' || !Number.isInteger(cw) || cw < 0 || cw > MODEL_LIMITS.dModel)
      return `model copyHead must be a whole number between 0 (none) and ${MODEL_LIMITS.dModel}, got ${JSON.stringify(cw)}`;
  }
  if (Object.hasOwn(o, 'copyTemplates')) {
    const problem = copyTemplatesProblem(o.copyTemplates, o.copyHead, o.vocabSize as number, o.maxLen as number);
    if (problem) return problem;
  }
  for (const k of ['copyFromPrompt', 'copyGateMatch'] as const) {
    if (!Object.hasOwn(o, k)) continue;
    if (typeof o[k] !== 'boolean') return `model ${k} must be true or false, got ${JSON.stringify(o[k])}`;
    if (!(typeof o.copyHead === 'number' && o.copyHead > 0)) return `model ${k} needs a pointer head (copyHead > 0)`;
  }
  for (const k of ['copyNever', 'copyCoverage', 'copyContinuations'] as const) {
    if (!Object.hasOwn(o, k)) continue;
    const problem = tokenListProblem(k, o[k], o.copyHead, o.vocabSize as number);
    if (problem) return problem;
  }
  if (Object.hasOwn(o, 'copyContinuations') && o.copyGateMatch === true)
    return 'model copyContinuations does not go with copyGateMatch (the gate would read the scores before the rule)';
  const m = o as unknown as ModelConfig;
  if (m.dModel % m.nHeads !== 0) return `model dModel ${m.dModel} is not divisible by nHeads ${m.nHeads}`;
  const T = seqLen ?? m.maxLen;
  if (T > m.maxLen) return `sequences of ${T} tokens exceed the model's maxLen ${m.maxLen}`;
  const params = parameterCount(m);
  if (params > MODEL_LIMITS.params) return `model has ${params.toLocaleString('en-US')} parameters, over the limit of ${MODEL_LIMITS.params.toLocaleString('en-US')}`;
  const act = activationBytes(m, T, ACTIVATION_ROWS);
  if (act > MODEL_LIMITS.activationBytes)
    return `a ${ACTIVATION_ROWS}-row training pass at ${T} tokens needs about ${mib(act)} MiB of activations, over the limit of ${mib(MODEL_LIMITS.activationBytes)} MiB`;
  return null;
}

/** At most this many templates (the lab's role prompts have three openings). */
const MAX_COPY_TEMPLATES = 16;

function copyTemplatesProblem(t: unknown, copyHead: unknown, vocabSize: number, maxLen: number): string | null {
  if (!(typeof copyHead === 'number' && copyHead > 0)) return 'model copyTemplates needs a pointer head (copyHead > 0)';
  if (!Array.isArray(t) || t.length > MAX_COPY_TEMPLATES) return `model copyTemplates must be a list of at most ${MAX_COPY_TEMPLATES} token-id lists`;
  for (const h of t) {
    if (!Array.isArray(h) || h.length < 1 || h.length > maxLen) return `each of model copyTemplates must be a list of 1 to ${maxLen} token ids, got ${JSON.stringify(h)}`;
    if (!h.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < vocabSize))
      return `model copyTemplates holds a token id outside 0..${vocabSize - 1}: ${JSON.stringify(h)}`;
  }
  return null;
}

/**
 * Ids 1..V−1: the pad (0) is never a real slot, and generation holds it in not-yet-written
 * completion slots, which must stay copyable.
 */
function tokenListProblem(k: 'copyNever' | 'copyCoverage' | 'copyContinuations', t: unknown, copyHead: unknown, vocabSize: number): string | null {
  if (!(typeof copyHead === 'number' && copyHead > 0)) return `model ${k} needs a pointer head (copyHead > 0)`;
  if (!Array.isArray(t) || t.length > vocabSize) return `model ${k} must be a list of token ids, got ${JSON.stringify(t)}`;
  if (!t.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 1 && id < vocabSize))
    return `model ${k} holds a token id outside 1..${vocabSize - 1} (the pad, 0, is never a real token): ${JSON.stringify(t)}`;
  return null;
}

function mib(bytes: number): string {
  return Math.round(bytes / 2 ** 20).toLocaleString('en-US');
}

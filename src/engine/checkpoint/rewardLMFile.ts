/** The shipped reward LM: its config, the tokenizer it was trained with, weights and held-out accuracy. */
import { LabError } from '../errors';
import { rewardLMParamSpecs, type RewardLMConfig } from '../judge/rewardLM';
import type { FamilyAccuracy } from '../judge/familyAccuracy';
import type { HeadAccuracy } from '../judge/rewardLMTrain';
import type { BpeTokenizerJSON } from '../tokenizer/bpe';
import { WORLD_VERSIONS, type WorldVersion } from '../world/version';
import { packContainer, unpackContainer, type NamedTensor } from './container';

export const REWARD_LM_KIND = 'reward-lm';

export interface RewardLMMeta {
  config: RewardLMConfig;
  tokenizer: BpeTokenizerJSON;
  worldSeed: number;
  seed: number;
  heldoutAccuracy: HeadAccuracy;
  /** World-v2 judges only (optional: older files have none): held-out accuracy per tactic family (familyAccuracy.ts). */
  heldoutByFamily?: FamilyAccuracy[];
  /** The world its examples came from (files from before world v2 have none: read as v1). */
  world: WorldVersion;
  createdAt: string;
  command: string;
}

/** Caps on the reward LM's config, checked before it is built (the shipped one: dHidden 96, 64 + 52 tokens). */
export const REWARD_LM_LIMITS: Record<keyof RewardLMConfig, number> = {
  vocabSize: 65_536, promptLen: 2048, responseLen: 2048, dEmb: 1024, dHidden: 2048, dHead: 2048, window: 16, inferBatch: 1024,
};
const MAX_REWARD_LM_PARAMS = 25_000_000;

export function packRewardLM(meta: RewardLMMeta, weights: NamedTensor[]): Promise<Uint8Array> {
  return packContainer({ kind: REWARD_LM_KIND, ...meta }, weights);
}

function corrupt(why: string): LabError {
  return new LabError('checkpoint-corrupt', `The reward LM file's header is invalid: ${why}.`);
}

const MAX_FAMILY_ROWS = 256;

/** The optional per-family accuracy: a short array of { family, heldOut, n, q, ref, h, all } rows. */
function checkByFamily(v: unknown): void {
  if (!Array.isArray(v) || v.length > MAX_FAMILY_ROWS) throw corrupt(`heldoutByFamily must be an array of at most ${MAX_FAMILY_ROWS} rows`);
  v.forEach((row: unknown, i) => {
    const at = `heldoutByFamily[${i}]`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw corrupt(`${at} must be an object`);
    const r = row as Record<string, unknown>;
    if (typeof r.family !== 'string' || r.family.length === 0 || r.family.length > 64) throw corrupt(`${at}.family must be a string of 1 to 64 characters`);
    if (typeof r.heldOut !== 'boolean') throw corrupt(`${at}.heldOut must be a boolean`);
    if (typeof r.n !== 'number' || !Number.isInteger(r.n) || r.n < 1) throw corrupt(`${at}.n must be a positive integer`);
    for (const k of ['q', 'ref', 'h', 'all']) {
      const x = r[k];
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw corrupt(`${at}.${k} must be a number from 0 to 1, got ${JSON.stringify(x)}`);
    }
  });
}

/** Own-property schema check of the header, and its tensor table against the config's parameters. */
function checkMeta(header: Record<string, unknown>, tensors: Map<string, NamedTensor>): RewardLMMeta {
  const get = (o: Record<string, unknown>, k: string, where = '') => {
    if (!Object.hasOwn(o, k)) throw corrupt(`${where}${k} is missing`);
    return o[k];
  };
  const config = get(header, 'config');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw corrupt('config must be an object');
  for (const [k, max] of Object.entries(REWARD_LM_LIMITS)) {
    const v = get(config as Record<string, unknown>, k, 'config.');
    const min = k === 'window' ? 0 : 1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw corrupt(`config.${k} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  const specs = rewardLMParamSpecs(config as RewardLMConfig);
  const params = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (params > MAX_REWARD_LM_PARAMS) throw corrupt(`the config has ${params.toLocaleString('en-US')} parameters, over the limit of ${MAX_REWARD_LM_PARAMS.toLocaleString('en-US')}`);
  for (const k of ['worldSeed', 'seed']) {
    const v = get(header, k);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw corrupt(`${k} must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  const tok = get(header, 'tokenizer');
  if (typeof tok !== 'object' || tok === null || Array.isArray(tok)) throw corrupt('tokenizer must be an object');
  for (const s of specs) {
    const t = tensors.get(s.name);
    if (!t) throw corrupt(`tensor ${s.name} is missing`);
    if (t.shape.join() !== s.shape.join()) throw corrupt(`tensor ${s.name} has shape [${t.shape}], the config needs [${s.shape}]`);
  }
  if (tensors.size !== specs.length) throw corrupt(`it holds ${tensors.size} tensors, the config has ${specs.length} parameters`);
  if (Object.hasOwn(header, 'heldoutByFamily')) checkByFamily(header.heldoutByFamily);
  // Before the field existed, `train-judge --world v2` already wrote v2 files: their command says so.
  if (!Object.hasOwn(header, 'world')) return { ...(header as unknown as RewardLMMeta), world: /--world v2\b/.test(String(header.command)) ? 'v2' : 'v1' };
  if (!(WORLD_VERSIONS as readonly unknown[]).includes(header.world)) throw corrupt(`world must be one of ${WORLD_VERSIONS.join(', ')}, got ${JSON.stringify(header.world)}`);
  return header as unknown as RewardLMMeta;
}

export async function unpackRewardLM(bytes: Uint8Array): Promise<{ meta: RewardLMMeta; weights: NamedTensor[] }> {
  const { header, tensors } = await unpackContainer(bytes, REWARD_LM_KIND);
  return { meta: checkMeta(header, tensors), weights: [...tensors.values()] };
}

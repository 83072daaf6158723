/** Shared by the copying probes: `--name value` flags, the common CKPT / --split / --show, and the checkpoint's model. */
import { readFileSync } from 'node:fs';
import { selectBackend } from '../../src/engine/backend/select';
import { unpackLabCheckpoint, type LabCheckpoint } from '../../src/engine/checkpoint/labCheckpoint';
import { GPT } from '../../src/engine/model/gpt';
import type { Split } from '../../src/engine/world/types';

export function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** CKPT, --split (train or heldout) and --show N, checked; `usage` is the error for a missing CKPT. */
export function probeArgs(args: string[], usage: string, defaultSplit: Split): { file: string; split: Split; show: number } {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new Error(usage);
  const split = option(args, 'split', defaultSplit);
  if (split !== 'train' && split !== 'heldout') throw new Error(`--split must be train or heldout, got "${split}"`);
  const show = Number(option(args, 'show', '0'));
  if (!Number.isInteger(show) || show < 0) throw new Error(`--show must be a whole number ≥ 0, got "${option(args, 'show', '0')}"`);
  return { file, split, show };
}

/** The checkpoint's policy on the wasm backend. */
export async function loadPolicy(file: string): Promise<{ ckpt: LabCheckpoint; model: GPT }> {
  await selectBackend('wasm');
  const ckpt = await unpackLabCheckpoint(new Uint8Array(readFileSync(file)));
  const model = new GPT(ckpt.meta.model, 0);
  model.setWeights(ckpt.policy);
  return { ckpt, model };
}

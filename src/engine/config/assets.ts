/** Where shipped artifacts live, relative to the site root (the page) or to public/ (Node). */
import type { PresetName, WorldVersion } from '../api';
import { LabError } from '../errors';

/**
 * Presets whose warm start ships with the site, per world. The lab preset (5.9M parameters) ships
 * none: its warm start takes hours on a CPU; it is trained and run from the command line (README,
 * "Presets"). World v2's warm starts are fine-tuned from the first world's (README, "Regenerating").
 */
export const SHIPPED_WARM_STARTS: Readonly<Record<WorldVersion, readonly PresetName[]>> = {
  v1: ['tiny', 'classroom'],
  v2: ['tiny', 'classroom'],
};

const WORLD_SUFFIX: Record<WorldVersion, string> = { v1: '', v2: '-v2' };

export const shippedCheckpoint = (preset: PresetName, world: WorldVersion = 'v1'): string => {
  if (!SHIPPED_WARM_STARTS[world].includes(preset)) {
    const w = world === 'v1' ? '' : ` --world ${world}`;
    throw new LabError(
      'bad-settings',
      `No warm start ships for the "${preset}" preset${world === 'v1' ? '' : ` in world ${world}`}, so the page cannot start it yet. From the command line: \`npm run lab -- warmstart --preset ${preset}${w} --out ${preset}.ckpt\` (on a machine with a GPU add --backend webgpu), then \`npm run lab -- selfplay --preset ${preset}${w} --warmstart ${preset}.ckpt --iters 100 --out runs/${preset}\`.`,
    );
  }
  return `checkpoints/${preset}${WORLD_SUFFIX[world]}.ckpt`;
};

/** One reward LM per world serves every preset: presets share the world and therefore the tokenizer. */
export const shippedRewardLM = (world: WorldVersion = 'v1'): string => `judge/reward-lm${WORLD_SUFFIX[world]}.bin`;

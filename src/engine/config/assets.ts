/** Where shipped artifacts live, relative to the site root (the page) or to public/ (Node). */
import type { PresetName } from '../api';
import { LabError } from '../errors';

/**
 * Presets whose warm start ships with the site. The lab preset (5.9M parameters) does not: its warm
 * start takes hours on a CPU; it is trained and run from the command line (README, "Presets").
 */
export const SHIPPED_WARM_STARTS: readonly PresetName[] = ['tiny', 'classroom'];

export const shippedCheckpoint = (preset: PresetName): string => {
  if (!SHIPPED_WARM_STARTS.includes(preset)) {
    throw new LabError(
      'bad-settings',
      `No warm start ships for the "${preset}" preset, so the page cannot start it yet. From the command line: \`npm run lab -- warmstart --preset ${preset} --out ${preset}.ckpt\` (on a machine with a GPU add --backend webgpu), then \`npm run lab -- selfplay --preset ${preset} --warmstart ${preset}.ckpt --iters 100 --out runs/${preset}\`.`,
    );
  }
  return `checkpoints/${preset}.ckpt`;
};
/** One reward LM serves every preset: presets share the world and therefore the tokenizer. */
export const SHIPPED_REWARD_LM = 'judge/reward-lm.bin';

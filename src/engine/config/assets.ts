/** Where shipped artifacts live, relative to the site root (the page) or to public/ (Node). */
import type { PresetName } from '../api';

export const shippedCheckpoint = (preset: PresetName): string => `checkpoints/${preset}.ckpt`;
/** One reward LM serves every preset: presets share the world and therefore the tokenizer. */
export const SHIPPED_REWARD_LM = 'judge/reward-lm.bin';

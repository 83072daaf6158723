/**
 * Weights pushed away from the 0.02 init by Gaussian noise, so every gain and nonlinearity matters:
 * what tests and the PyTorch-peer check compare models on. Deterministic for a given random().
 */
import type { GPT } from './gpt';
import type { NamedTensor } from './paramTable';
import { normalArray } from './rng';

/** Adds N(0, std²) noise to every weight, in the list's order (so a longer list keeps the first ones' draws). */
export function addWeightNoise(weights: readonly NamedTensor[], std: number, random: () => number): void {
  for (const w of weights) {
    const noise = normalArray(w.data.length, std, random);
    for (let i = 0; i < w.data.length; i++) w.data[i] += noise[i];
  }
}

/** The model's own weights plus noise (addWeightNoise); returns the model. */
export async function perturbWeights(m: GPT, std: number, random: () => number): Promise<GPT> {
  const ws = await m.getWeights();
  addWeightNoise(ws, std, random);
  m.setWeights(ws);
  return m;
}

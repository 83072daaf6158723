import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { getPreset } from '../config/presets';
import { warmStart } from './warmstart';

describe('warm start (SFT)', () => {
  it('lowers the loss on the tiny preset with progress reported every step', async () => {
    await selectBackend('wasm');
    const seen: number[] = [];
    const res = await warmStart(getPreset('tiny'), 5, { steps: 40, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(res.losses.slice(-5))).toBeLessThan(0.8 * mean(res.losses.slice(0, 5)));
    res.model.dispose();
  }, 300_000);

  it('trains the copy-drill steps on echo requests first, then on the mixed data; refuses more drill steps than steps', async () => {
    await selectBackend('wasm');
    const labels: string[] = [];
    const res = await warmStart(getPreset('tiny'), 5, { steps: 3, copyDrillSteps: 2, onProgress: (p) => labels.push(p.label) });
    expect(labels).toEqual(['copy drill step 1/3', 'copy drill step 2/3', 'SFT step 3/3']);
    res.model.dispose();
    const tensors = tf.memory().numTensors;
    await expect(warmStart(getPreset('tiny'), 5, { steps: 2, copyDrillSteps: 3 })).rejects.toThrow(/copy drill steps must be a whole number from 0 to the 2 steps, got 3/);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 300_000);
});

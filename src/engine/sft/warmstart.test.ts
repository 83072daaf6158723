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
});

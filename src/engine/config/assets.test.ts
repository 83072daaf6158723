import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets';
import { SHIPPED_WARM_STARTS, shippedCheckpoint, shippedRewardLM } from './assets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORLD_VERSIONS } from '../world/version';

const shipped = (p: string) => existsSync(join(__dirname, '../../../public', p));

describe('shipped warm starts', () => {
  it('exist for the listed presets of every world, and the lab preset says how to get one', () => {
    for (const w of WORLD_VERSIONS) {
      for (const p of SHIPPED_WARM_STARTS[w]) expect(shipped(shippedCheckpoint(p, w))).toBe(true);
      expect(shipped(shippedRewardLM(w))).toBe(true);
      expect(Object.keys(PRESETS).filter((p) => !SHIPPED_WARM_STARTS[w].includes(p as never))).toEqual(['lab']);
    }
    expect(() => shippedCheckpoint('lab')).toThrow(expect.objectContaining({ code: 'bad-settings', message: expect.stringMatching(/No warm start ships for the "lab" preset, so the page cannot start it yet.*warmstart --preset lab/) }));
    expect(() => shippedCheckpoint('lab', 'v2')).toThrow(expect.objectContaining({ message: expect.stringMatching(/"lab" preset in world v2.*warmstart --preset lab --world v2/) }));
  });
});

import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets';
import { SHIPPED_WARM_STARTS, shippedCheckpoint } from './assets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

describe('shipped warm starts', () => {
  it('exist for the listed presets, and the lab preset says how to get one', () => {
    for (const p of SHIPPED_WARM_STARTS) expect(existsSync(join(__dirname, '../../../public', shippedCheckpoint(p)))).toBe(true);
    expect(() => shippedCheckpoint('lab')).toThrow(expect.objectContaining({ code: 'bad-settings', message: expect.stringMatching(/No warm start ships for the "lab" preset, so the page cannot start it yet.*warmstart --preset lab/) }));
    expect(Object.keys(PRESETS).filter((p) => !SHIPPED_WARM_STARTS.includes(p as never))).toEqual(['lab']);
  });
});

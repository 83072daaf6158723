/** The reward LM file's header is schema-checked like a lab checkpoint's (re-sealed bad headers). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealContainer, unpackContainer, type ContainerHeader } from './container';
import { unpackRewardLM } from './rewardLMFile';

const shipped = new Uint8Array(readFileSync(join(__dirname, '../../../public/judge/reward-lm.bin')));

async function resealed(edit: (h: Record<string, unknown> & ContainerHeader) => void): Promise<Uint8Array> {
  const { header, tensors } = await unpackContainer(shipped, 'reward-lm');
  const h = structuredClone(header) as Record<string, unknown> & ContainerHeader;
  const payload = new Float32Array(h.tensors.reduce((n, e) => Math.max(n, e.offset + e.shape.reduce((a, b) => a * b, 1)), 0));
  for (const e of h.tensors) payload.set(tensors.get(e.name)!.data, e.offset);
  edit(h);
  return sealContainer(h, payload);
}

const config = (h: Record<string, unknown>) => h.config as Record<string, unknown>;

describe('reward LM file header schema', () => {
  it('accepts the shipped file', async () => {
    const { meta, weights } = await unpackRewardLM(await resealed(() => {}));
    expect(meta.config.dHidden).toBe(96);
    expect(weights).toHaveLength(15);
  });

  it('loads a file without heldoutByFamily (older files) and keeps a valid one (world-v2 judges)', async () => {
    const old = await unpackRewardLM(await resealed((h) => delete h.heldoutByFamily));
    expect(old.meta.heldoutByFamily).toBeUndefined();
    const rows = [
      { family: 'base64', heldOut: true, n: 12, q: 1, ref: 0.75, h: 0.5, all: 0.5 },
      { family: 'none', heldOut: false, n: 3, q: 0, ref: 1, h: 1, all: 0 },
    ];
    const { meta } = await unpackRewardLM(await resealed((h) => (h.heldoutByFamily = rows)));
    expect(meta.heldoutByFamily).toEqual(rows);
  });

  it('reads a file without a world as the first world, and keeps a v2 one', async () => {
    expect((await unpackRewardLM(await resealed((h) => delete h.world))).meta.world).toBe('v1');
    expect((await unpackRewardLM(await resealed((h) => (h.world = 'v2')))).meta.world).toBe('v2');
    // A v2 judge made before the field existed says `--world v2` in its command.
    const oldV2 = await resealed((h) => {
      delete h.world;
      h.command = 'npm run lab -- train-judge --seed 1 --steps 1500 --world v2 --out FILE';
    });
    expect((await unpackRewardLM(oldV2)).meta.world).toBe('v2');
    expect((await unpackRewardLM(new Uint8Array(readFileSync(join(__dirname, '../../../public/judge/reward-lm-v2.bin'))))).meta.world).toBe('v2');
  });

  it.each<[string, (h: Record<string, unknown> & ContainerHeader) => void, RegExp]>([
    ['an unknown world', (h) => (h.world = 'v3'), /world must be one of v1, v2, got "v3"/],
    ['a null config', (h) => (h.config = null), /config must be an object/],
    ['an absurd width', (h) => (config(h).dHidden = 1e6), /config\.dHidden must be an integer from 1 to 2048/],
    ['widths whose product is absurd', (h) => Object.assign(config(h), { dEmb: 1024, dHidden: 2048, window: 16 }), /parameters, over the limit/],
    ['a missing seed', (h) => delete h.seed, /seed is missing/],
    ['a missing tensor', (h) => (h.tensors = h.tensors.filter((t) => t.name !== 'h.b2')), /tensor h\.b2 is missing/],
    ['a heldoutByFamily that is not an array', (h) => (h.heldoutByFamily = { base64: 1 }), /heldoutByFamily must be an array/],
    ['a heldoutByFamily row with an accuracy over 1', (h) => (h.heldoutByFamily = [{ family: 'base64', heldOut: true, n: 2, q: 2, ref: 1, h: 1, all: 1 }]), /heldoutByFamily\[0\]\.q must be a number from 0 to 1/],
    ['a heldoutByFamily row without n', (h) => (h.heldoutByFamily = [{ family: 'base64', heldOut: true, q: 1, ref: 1, h: 1, all: 1 }]), /heldoutByFamily\[0\]\.n must be a positive integer/],
    ['a config its tensors do not fit', (h) => (config(h).dEmb = 8), /tensor emb has shape \[2048,64\], the config needs \[2048,8\]/],
  ])('refuses %s as checkpoint-corrupt', async (_, edit, message) => {
    await expect(unpackRewardLM(await resealed(edit))).rejects.toMatchObject({ code: 'checkpoint-corrupt', message: expect.stringMatching(message) });
  });
});

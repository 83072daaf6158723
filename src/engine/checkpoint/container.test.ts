import { describe, expect, it } from 'vitest';
import { packContainer, unpackContainer } from './container';
import { LabError } from '../errors';

const tensors = [
  { name: 'a', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'b', shape: [1], data: Float32Array.from([-0.5]) },
];

describe('checkpoint container', () => {
  it('round-trips header and tensors bit for bit', async () => {
    const bytes = await packContainer({ kind: 'lab-checkpoint', step: 7, note: 'héllo' }, tensors);
    const { header, tensors: out } = await unpackContainer(bytes, 'lab-checkpoint');
    expect(header.step).toBe(7);
    expect(header.note).toBe('héllo');
    expect(Array.from(out.get('a')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.get('b')!.shape).toEqual([1]);
  });

  it('refuses a flipped byte as corrupt', async () => {
    const bytes = await packContainer({ kind: 'lab-checkpoint' }, tensors);
    bytes[bytes.length - 40] ^= 1;
    await expect(unpackContainer(bytes, 'lab-checkpoint')).rejects.toMatchObject({ code: 'checkpoint-corrupt' });
  });

  it('refuses a foreign file and the wrong kind', async () => {
    await expect(unpackContainer(new TextEncoder().encode('{"not":"ours"} and more bytes padding padding padding'), 'lab-checkpoint')).rejects.toBeInstanceOf(LabError);
    const judge = await packContainer({ kind: 'reward-lm' }, tensors);
    await expect(unpackContainer(judge, 'lab-checkpoint')).rejects.toMatchObject({ code: 'checkpoint-foreign' });
  });

  it('works from an unaligned view', async () => {
    const bytes = await packContainer({ kind: 'reward-lm' }, tensors);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const { tensors: out } = await unpackContainer(shifted.subarray(1), 'reward-lm');
    expect(out.get('b')!.data[0]).toBe(-0.5);
  });
});

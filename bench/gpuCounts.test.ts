/**
 * The WebGPU call counter (bench/lib/gpuCounts.ts) counts what tfjs-backend-webgpu does, on real
 * WebGPU in Node (Dawn + SwiftShader). Needs Chromium's Vulkan ICD, like src/engine/backend/webgpu-node.test.ts:
 *   LAB_TEST_WEBGPU=1 LD_LIBRARY_PATH=/usr/lib/chromium \
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx vitest run bench/gpuCounts.test.ts
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend/select';
import { GpuCounter } from './lib/gpuCounts';

const enabled = process.env.LAB_TEST_WEBGPU === '1';

describe.skipIf(!enabled)('GpuCounter on WebGPU in Node', () => {
  it('one matMul and one data(): dispatch, pass, submit, two uploads, one readback', async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const counter = new GpuCounter();
    const info = await selectBackend('webgpu', { gpu: counter.wrapGpu(create([]) as unknown as GPU) });
    expect(info.backend).toBe('webgpu');

    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
    const c = await counter.measure(async () => {
      const y = tf.matMul(a, b);
      expect(Array.from(await y.data())).toEqual([4, 5, 10, 11]);
      y.dispose();
    });
    expect(c.dispatches).toBeGreaterThanOrEqual(1);
    expect(c.passes).toBeGreaterThanOrEqual(1);
    expect(c.submits).toBeGreaterThanOrEqual(1);
    expect(c.uploads).toBe(2); // a and b, uploaded on first use
    expect(c.readbacks).toBe(1);

    // A second product of the same (now resident) inputs uploads nothing new.
    const again = await counter.measure(async () => {
      const y = tf.matMul(a, b);
      await y.data();
      y.dispose();
    });
    expect(again.uploads).toBe(0);
    expect(again.readbacks).toBe(1);
    expect(again.dispatches).toBe(c.dispatches);
    tf.dispose([a, b]);
  });
});

import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, BackendError } from './select';
import { LabError, toErrorInfo } from '../errors';

/** A stand-in for navigator.gpu returning a given adapter (or none). */
function fakeGpu(info: Record<string, unknown> | null): GPU {
  return {
    requestAdapter: async () =>
      info === null ? null : ({ info, features: new Set(), limits: {}, requestDevice: async () => { throw new Error('no device'); } } as unknown as GPUAdapter),
  } as unknown as GPU;
}

describe('selectBackend (Node)', () => {
  it('explicit wasm works and reports SIMD/threads', async () => {
    const info = await selectBackend('wasm');
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.reason).toMatch(/SIMD/);
  });

  it('auto without navigator.gpu falls back to wasm and says why', async () => {
    const info = await selectBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.adapter).toBeNull();
    expect(info.reason).toMatch(/not available/);
  });

  it('auto skips a software (fallback) adapter', async () => {
    const gpu = fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true });
    const info = await selectBackend('auto', { gpu });
    expect(info.backend).toBe('wasm');
    expect(info.adapter).toEqual({ vendor: 'google', architecture: 'swiftshader', description: '', isFallback: true });
    expect(info.reason).toMatch(/software.*using wasm.*backend=webgpu/);
  });

  it('treats a SwiftShader name as software even without the flag', async () => {
    const gpu = fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '' });
    const info = await selectBackend('auto', { gpu });
    expect(info.adapter?.isFallback).toBe(true);
  });

  it('auto on a hardware adapter that fails to start falls back, reporting it', async () => {
    const gpu = fakeGpu({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX', isFallbackAdapter: false });
    const info = await selectBackend('auto', { gpu });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/failed to start.*no device/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('explicit webgpu never switches silently', async () => {
    await expect(selectBackend('webgpu')).rejects.toBeInstanceOf(BackendError);
    await expect(selectBackend('webgpu', { gpu: fakeGpu(null) })).rejects.toThrow(/no adapter/);
    const gpu = fakeGpu({ vendor: 'x', architecture: 'y', isFallbackAdapter: false });
    const err = await selectBackend('webgpu', { gpu }).catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.backend).toBe('webgpu');
    expect(err).toBeInstanceOf(LabError);
    expect(toErrorInfo(err)).toEqual({ code: 'backend-unavailable', message: expect.stringMatching(/requestDevice failed.*no device/) });
    expect(tf.getBackend()).toBe('wasm'); // still on the previous backend
  });

  it('an unknown choice is bad-settings', async () => {
    await expect(selectBackend('tpu' as never)).rejects.toMatchObject({ code: 'bad-settings' });
  });

  it('explicit cpu works', async () => {
    const info = await selectBackend('cpu');
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});

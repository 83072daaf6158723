import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import type { BackendProbe } from '../engine/api';
import { IdbProbeCache, defaultProbeCache } from './probe-cache';

const result: BackendProbe = {
  status: 'measured', key: 'probe v1 | nvidia / hopper / H200 | classroom', chosen: 'wasm', why: 'wasm measured 2.13× faster',
  measurements: [
    { backend: 'wasm', iterationMs: 300, prefillMs: 12, decodeMsPerToken: 1.5, trainMsPerStep: 20, note: '3 timed rounds' },
    { backend: 'webgpu', iterationMs: 640, prefillMs: 30, decodeMsPerToken: 4, trainMsPerStep: 25, note: '3 timed rounds' },
  ],
  elapsedMs: 2100, budgetMs: 3000,
};

describe('IdbProbeCache', () => {
  it('keeps a decision per key across cache instances (a page reload)', async () => {
    const name = `probe-test-${Math.random()}`;
    await new IdbProbeCache(name).set(result.key, result);
    const again = new IdbProbeCache(name);
    expect(await again.get(result.key)).toEqual(result);
    expect(await again.get('probe v1 | nvidia / hopper / H200 | tiny')).toBeUndefined();
  });

  it('is the default where IndexedDB exists', () => {
    expect(defaultProbeCache()).toBeInstanceOf(IdbProbeCache);
  });
});

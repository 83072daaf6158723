/**
 * The bench refuses to compare against a PyTorch peer on the reference BLAS (bench/lib/blas.ts).
 * Fed with recorded peer reports; torch is not needed.
 */
import { describe, expect, it } from 'vitest';
import { classifyBlas, describeBlas, libsFromMaps, OPENBLAS_INSTALL, requireFastBlas, SlowPeerBlasError, type BlasReport } from './lib/blas';

// Recorded from Debian 12's python3-torch before and after `apt-get install libopenblas0-pthread`.
const REFERENCE: BlasReport = {
  maps: [
    '7f1c88192000-7f1c88197000 r--p 00000000 fe:00 5595448                    /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0',
    '7f1c7da00000-7f1c7da1f000 r--p 00000000 fe:00 5595453                    /usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3.11.0',
  ],
  blasInfo: 'generic',
  openblas: null,
  threadpools: null,
};
const OPENBLAS: BlasReport = {
  maps: [
    '7fe2f94cc000-7fe2f94ea000 r--p 00000000 fe:00 5595969                    /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3',
    '7fe2eee00000-7fe2eee23000 r--p 00000000 fe:00 5595978                    /usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3',
    '7fe2e8d18000-7fe2e8e3d000 r--p 00000000 fe:00 5595979                    /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so',
  ],
  blasInfo: 'generic',
  openblas: { lib: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', config: 'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64', threads: 1 },
  threadpools: null,
};

describe('peer BLAS detection', () => {
  it('reads library paths from /proc/<pid>/maps lines, once each, ignoring anonymous maps', () => {
    const lines = [...REFERENCE.maps, REFERENCE.maps[0].replace('r--p', 'r-xp'), '7ffd1000-7ffd2000 rw-p 00000000 00:00 0 ', '55d0-55e0 r--p 0 fe:00 1 /usr/bin/python3.11'];
    expect(libsFromMaps(lines)).toEqual(['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0', '/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3.11.0']);
  });

  it('refuses the reference BLAS on a CPU peer, naming the library and the install line', () => {
    const v = classifyBlas(REFERENCE);
    expect(v.kind).toBe('reference');
    expect(v.fast).toBe(false);
    expect(() => requireFastBlas(REFERENCE, 'cpu')).toThrow(SlowPeerBlasError);
    expect(() => requireFastBlas(REFERENCE, 'cpu')).toThrow(/blas\/libblas\.so\.3\.11\.0/);
    try {
      requireFastBlas(REFERENCE, 'cpu');
    } catch (e) {
      expect((e as Error).message).toContain(OPENBLAS_INSTALL);
    }
  });

  it('refuses an unidentified BLAS (nothing mapped, generic build)', () => {
    const r: BlasReport = { maps: [], blasInfo: 'generic', openblas: null, threadpools: null };
    expect(classifyBlas(r).kind).toBe('unknown');
    expect(() => requireFastBlas(r, 'cpu')).toThrow(SlowPeerBlasError);
  });

  it('accepts OpenBLAS (found by its exported symbols) and reports its threads', () => {
    const v = requireFastBlas(OPENBLAS, 'cpu');
    expect(v.kind).toBe('openblas');
    expect(v.threads).toBe(1);
    expect(describeBlas(v)).toBe('OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64 (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3), 1 BLAS thread');
  });

  it('a libblas.so.3 without the OpenBLAS symbols is the reference one, whatever its folder', () => {
    const r: BlasReport = { ...OPENBLAS, maps: OPENBLAS.maps.slice(0, 1), openblas: null };
    expect(classifyBlas(r).kind).toBe('reference');
  });

  it('accepts MKL (pip wheels link it into torch) and threadpoolctl thread counts', () => {
    const r: BlasReport = { maps: [], blasInfo: 'mkl', openblas: null, threadpools: [{ internal_api: 'mkl', num_threads: 2 }] };
    const v = requireFastBlas(r, 'cpu');
    expect(v.kind).toBe('mkl');
    expect(v.threads).toBe(2);
  });

  it('a CUDA peer runs its matmuls on the GPU: no refusal, the BLAS is still named', () => {
    expect(requireFastBlas(REFERENCE, 'cuda').kind).toBe('reference');
    expect(requireFastBlas(REFERENCE, 'cuda:0').fast).toBe(false);
  });
});

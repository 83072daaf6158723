/**
 * Which BLAS the PyTorch peer runs, and the refusal to compare against the reference BLAS.
 *
 * Debian's python3-torch is built with BLAS_INFO=generic and links the system libblas.so.3. Without
 * an optimized alternative that is Netlib's reference BLAS (a 1024² matmul at ~6 GFLOP/s instead of
 * ~60 with OpenBLAS), and a ratio against it flatters our engine by 3–5×. The peer reports what its
 * process actually mapped (`/proc/self/maps` lines naming BLAS/LAPACK/MKL libraries), torch's
 * BLAS_INFO, and — asked through ctypes — OpenBLAS's own config string and thread count
 * (bench/peer/peer.py `blas_report`). This file turns that into a verdict.
 */

/** The peer's raw report (peer.py blas_report()). */
export interface BlasReport {
  /** One /proc/self/maps line per mapped library whose path mentions blas, lapack, mkl, blis or atlas. */
  maps: string[];
  /** BLAS_INFO from torch.__config__.show() (generic, mkl, open, accelerate, ...); null if absent. */
  blasInfo: string | null;
  /** Set when a mapped library exports openblas_get_config. */
  openblas: { lib: string; config: string; threads: number | null } | null;
  /** threadpoolctl.threadpool_info() when that module is installed. */
  threadpools: { internal_api?: string; num_threads?: number; filepath?: string; version?: string }[] | null;
}

export type BlasKind = 'openblas' | 'mkl' | 'blis' | 'atlas' | 'accelerate' | 'reference' | 'unknown';

export interface BlasVerdict {
  kind: BlasKind;
  /** Human-readable, e.g. "OpenBLAS 0.3.21 ... (/usr/lib/.../openblas-pthread/libblas.so.3), 1 thread". */
  name: string;
  /** Mapped library paths. */
  libs: string[];
  /** BLAS threads where known (OpenBLAS / threadpoolctl), else null. */
  threads: number | null;
  /** false: ratios against this peer would be misleading (reference or unidentified BLAS). */
  fast: boolean;
}

/** The Debian line that gives torch OpenBLAS (the libblas.so.3 alternative switches automatically). */
export const OPENBLAS_INSTALL = 'apt-get install -y libopenblas0-pthread';
export const TORCH_INSTALL = 'apt-get install -y python3-torch libopenblas0-pthread';

/** Library paths from /proc/<pid>/maps lines (the path is the last field; anonymous maps have none). */
export function libsFromMaps(lines: string[]): string[] {
  const out = new Set<string>();
  for (const l of lines) {
    const f = l.trim().split(/\s+/);
    const path = f.length >= 6 ? f[f.length - 1] : '';
    if (path.startsWith('/') && /blas|lapack|mkl|blis|atlas/i.test(path)) out.add(path);
  }
  return [...out].sort();
}

const base = (p: string) => p.split('/').slice(-2).join('/');

export function classifyBlas(r: BlasReport): BlasVerdict {
  const libs = libsFromMaps(r.maps);
  const pool = r.threadpools?.find((p) => p.internal_api === 'openblas' || p.internal_api === 'mkl' || p.internal_api === 'blis');
  const threads = r.openblas?.threads ?? pool?.num_threads ?? null;
  const info = (r.blasInfo ?? '').toLowerCase();
  const v = (kind: BlasKind, name: string, fast: boolean): BlasVerdict => ({ kind, name, libs, threads, fast });
  if (r.openblas) return v('openblas', `${r.openblas.config.trim()} (${r.openblas.lib})`, true);
  if (libs.some((l) => /mkl/i.test(l)) || info === 'mkl') return v('mkl', `MKL (${libs.filter((l) => /mkl/i.test(l)).map(base).join(', ') || 'linked into torch'})`, true);
  if (libs.some((l) => /blis/i.test(l))) return v('blis', `BLIS (${libs.filter((l) => /blis/i.test(l)).join(', ')})`, true);
  if (libs.some((l) => /atlas/i.test(l))) return v('atlas', `ATLAS (${libs.filter((l) => /atlas/i.test(l)).join(', ')})`, true);
  if (info === 'accelerate' || info === 'veclib') return v('accelerate', 'Apple Accelerate', true);
  // torch with a statically linked OpenBLAS (BLAS_INFO=open) maps no separate library.
  if ((info === 'open' || info === 'openblas') && !libs.some((l) => /libblas\.so/.test(l))) return v('openblas', `OpenBLAS linked into torch (BLAS_INFO=${r.blasInfo})`, true);
  // Debian's reference BLAS lives in .../blas/libblas.so.3*; any other libblas without the
  // OpenBLAS symbols is the reference implementation too.
  const ref = libs.find((l) => /\/libblas\.so/.test(l));
  if (ref) return v('reference', `reference BLAS (${ref})`, false);
  return v('unknown', `unidentified BLAS (BLAS_INFO=${r.blasInfo ?? '?'}, mapped: ${libs.join(', ') || 'none'})`, false);
}

/** Thrown when the bench would compare against a slow reference BLAS: the run stops, no ratios. */
export class SlowPeerBlasError extends Error {
  constructor(readonly verdict: BlasVerdict) {
    super(
      `the PyTorch peer runs on ${verdict.name}; ratios against it would flatter our engine (Debian's reference ` +
        `BLAS is ~10× slower than OpenBLAS at a 1024² matmul). Install OpenBLAS for torch: ${OPENBLAS_INSTALL} ` +
        `(or run without the peer: --peer off).`,
    );
    this.name = 'SlowPeerBlasError';
  }
}

/** Refuses (throws SlowPeerBlasError) unless the peer runs matmuls on a GPU or on an optimized BLAS. */
export function requireFastBlas(r: BlasReport, device: string): BlasVerdict {
  const verdict = classifyBlas(r);
  if (!device.startsWith('cuda') && !verdict.fast) throw new SlowPeerBlasError(verdict);
  return verdict;
}

/** One line for the table header: "OpenBLAS 0.3.21 ... (…), 1 BLAS thread". */
export function describeBlas(v: BlasVerdict): string {
  return `${v.name}${v.threads !== null ? `, ${v.threads} BLAS thread${v.threads === 1 ? '' : 's'}` : ''}`;
}

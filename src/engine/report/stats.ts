/** Across-seed statistics for experiment reports: mean with a Student-t 95% interval. */

// Two-sided 95% Student-t quantiles for df = 1..10 (beyond: normal).
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

export interface MeanCI {
  n: number;
  mean: number;
  lo: number;
  hi: number;
}

export function meanCI(xs: number[]): MeanCI {
  const v = xs.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { n: 0, mean: NaN, lo: NaN, hi: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, lo: NaN, hi: NaN };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (T95[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { n, mean, lo: mean - half, hi: mean + half };
}

/** Relative change of b over a, in percent (NaN when a is 0). */
export function relChange(a: number, b: number): number {
  return a === 0 ? NaN : (100 * (b - a)) / Math.abs(a);
}

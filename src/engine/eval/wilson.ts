/** Wilson score interval for a binomial rate (the 95% CIs shown beside every eval rate). */
import type { Rate } from '../api';

/**
 * k successes out of n trials. n = 0 gives rate 0 with the uninformative interval [0, 1]: a chart can
 * plot it without special cases, and the full-width interval says "no data" (check n before reading rate).
 */
export function wilson(k: number, n: number, z = 1.96): Rate {
  if (n <= 0) return { n: 0, rate: 0, lo: 0, hi: 1 };
  if (k < 0 || k > n) throw new Error(`wilson: k=${k} outside [0, ${n}]`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp float noise at the edges (k = 0 or k = n give exactly 0 / 1 analytically).
  return { n, rate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * Smoothing for noisy per-iteration rates (each point rests on a handful of prompts, so raw lines jump
 * in big steps). An exponential moving average: s_t = α·x_t + (1 − α)·s_{t−1}, started at the first
 * value and skipping missing points (null stays null, the average carries over the gap).
 */
export const EMA_ALPHA = 0.25;

export function ema(values: readonly (number | null)[], alpha = EMA_ALPHA): (number | null)[] {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`EMA weight must be in (0, 1], got ${alpha}`);
  let s: number | null = null;
  return values.map((x) => {
    if (x == null || !Number.isFinite(x)) return null;
    s = s === null ? x : alpha * x + (1 - alpha) * s;
    return s;
  });
}

export const EMA_LEGEND = `smoothed (exponential moving average, α = ${EMA_ALPHA})`;

/**
 * Cosine learning rate with linear warmup and a floor of 0.1×peak, as HF
 * `get_cosine_with_min_lr_schedule_with_warmup(min_lr_rate=0.1)` used by OpenRLHF, with warmup steps
 * = ceil(total × warmupFrac). One deliberate difference: warmup ramps as (step+1)/W, so step 0 already
 * learns (HF gives lr 0 at step 0; here a step is a whole self-play rollout, too costly to waste).
 */
export const MIN_LR_RATE = 0.1;

export function cosineLr(step: number, total: number, peak: number, warmupFrac = 0.03): number {
  const warmup = Math.ceil(Math.max(0, total) * warmupFrac);
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  const cos = 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (MIN_LR_RATE + (1 - MIN_LR_RATE) * cos);
}

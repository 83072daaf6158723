/**
 * Token-level KL penalty folded into the reward, as OpenRLHF REINFORCE++ (`use_kl_loss` off):
 * r_t = −β·KL_t with the k1 estimator, plus the game reward on the last generated token.
 */

/** k1 estimator of KL(π_θ‖π_ref) per sampled token: log π_θ(a_t) − log π_ref(a_t). */
export function klPerToken(logp: number[], logpRef: number[]): number[] {
  if (logp.length !== logpRef.length) throw new Error(`klPerToken: length ${logp.length} vs ${logpRef.length}`);
  return logp.map((lp, i) => lp - logpRef[i]);
}

/**
 * Per-token rewards: −β·kl_t everywhere, plus `finalReward` on the last token (where OpenRLHF puts the
 * scalar reward). Throws on an empty sequence: the game reward would otherwise be silently lost
 * (every completion carries at least its `<eos>`).
 */
export function tokenRewards(kl: number[], beta: number, finalReward: number): number[] {
  if (kl.length === 0) throw new Error('tokenRewards: empty sequence');
  const r = kl.map((k) => -beta * k);
  r[r.length - 1] += finalReward;
  return r;
}

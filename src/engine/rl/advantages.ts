/**
 * Advantage post-processing: normalizePerRole is OpenRLHF `replay_buffer.normalize`, run once per role
 * (Self-RedTeam calls it with role=attacker and role=defender), i.e. whitening over all tokens of that
 * role in the batch. (The optional GRPO / RLOO group baselines act on scalar game rewards before
 * that: game/groupBaseline.ts.)
 */
import type { Role } from '../api';

/** OpenRLHF clamps the variance (not the std) at 1e-8 before rsqrt. */
const VAR_EPS = 1e-8;

/**
 * Whiten token advantages separately per role: (a − mean_role) / sqrt(max(var_role, 1e-8)), where mean
 * and (population) variance run over every token of every sequence of that role. A role with a single
 * token is only centred (its variance is 0). Returns new arrays; inputs are untouched.
 */
export function normalizePerRole(advantages: number[][], roles: Role[]): number[][] {
  if (advantages.length !== roles.length) throw new Error('normalizePerRole: advantages and roles differ in length');
  const out = advantages.map((a) => a.slice());
  for (const role of ['attacker', 'defender'] as const) {
    let n = 0;
    let sum = 0;
    for (let i = 0; i < advantages.length; i++) {
      if (roles[i] !== role) continue;
      for (const v of advantages[i]) sum += v;
      n += advantages[i].length;
    }
    if (n === 0) continue;
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < advantages.length; i++) {
      if (roles[i] !== role) continue;
      for (const v of advantages[i]) ss += (v - mean) ** 2;
    }
    const scale = n === 1 ? 1 : 1 / Math.sqrt(Math.max(ss / n, VAR_EPS));
    for (let i = 0; i < out.length; i++) {
      if (roles[i] !== role) continue;
      out[i] = out[i].map((v) => (v - mean) * scale);
    }
  }
  return out;
}

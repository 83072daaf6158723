/**
 * Advantage post-processing.
 * - normalizePerRole: OpenRLHF `replay_buffer.normalize`, run once per role (Self-RedTeam calls it with
 *   role=attacker and role=defender), i.e. whitening over all tokens of that role in the batch.
 * - groupBaseline: the optional GRPO / RLOO group baselines on scalar game rewards (n samples per seed).
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

/**
 * Group baselines on scalar rewards; `groups[i]` is the id of the seed sample i came from.
 * - 'grpo': (r − mean_g) / (std_g + 1e-9), std with Bessel's correction as torch.std (OpenRLHF group_norm).
 * - 'rloo': r − mean of the OTHER samples of the group (OpenRLHF rloo).
 * A group of one sample has no baseline to compare against and gets 0 (no learning signal).
 */
export function groupBaseline(rewards: number[], groups: number[], kind: 'grpo' | 'rloo'): number[] {
  if (rewards.length !== groups.length) throw new Error('groupBaseline: rewards and groups differ in length');
  const members = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const m = members.get(g);
    if (m) m.push(i);
    else members.set(g, [i]);
  });
  const out = new Array<number>(rewards.length).fill(0);
  for (const idx of members.values()) {
    const k = idx.length;
    if (k < 2) continue;
    const sum = idx.reduce((s, i) => s + rewards[i], 0);
    if (kind === 'rloo') {
      for (const i of idx) out[i] = rewards[i] - (sum - rewards[i]) / (k - 1);
    } else {
      const mean = sum / k;
      const std = Math.sqrt(idx.reduce((s, i) => s + (rewards[i] - mean) ** 2, 0) / (k - 1));
      for (const i of idx) out[i] = (rewards[i] - mean) / (std + 1e-9);
    }
  }
  return out;
}

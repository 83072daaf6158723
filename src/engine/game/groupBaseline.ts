/**
 * The optional GRPO / RLOO group baselines on scalar game rewards (n samples per seed), as OpenRLHF.
 * `groups[i]` is the id of the seed sample i came from.
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

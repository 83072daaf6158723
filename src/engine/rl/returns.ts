/** REINFORCE++ returns with γ = 1 (OpenRLHF `get_cumulative_returns`): G_t = Σ_{k≥t} r_k. Advantage = return. */
export function returnsGamma1(r: number[]): number[] {
  const g = new Array<number>(r.length);
  let acc = 0;
  for (let t = r.length - 1; t >= 0; t--) {
    acc += r[t];
    g[t] = acc;
  }
  return g;
}

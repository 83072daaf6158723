/**
 * JS-side sampling from downloaded logits. Sampling on the host with the caller's random() makes
 * generation deterministic for a seed on every backend (device RNGs differ per backend), and
 * costs little: one [B,V] download per token.
 */

/** Entropy (nats) of softmax(logits) at temperature 1: the policy the RL objective sees. */
export function entropyOf(logits: Float32Array, off: number, V: number): number {
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, logits[off + i]);
  let z = 0;
  for (let i = 0; i < V; i++) z += Math.exp(logits[off + i] - m);
  const logZ = Math.log(z) + m;
  let h = 0;
  for (let i = 0; i < V; i++) {
    const lp = logits[off + i] - logZ;
    h -= Math.exp(lp) * lp;
  }
  return h;
}

/**
 * Draw one token from logits[off .. off+V).
 * temperature 0 → greedy (first argmax). topP < 1 → nucleus: keep the most probable tokens whose
 * mass reaches topP (at least one), renormalize. One random() call per sampled token.
 */
export function sampleToken(
  logits: Float32Array, off: number, V: number, temperature: number, topP: number, random: () => number,
): number {
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[off + i] > logits[off + best]) best = i;
    return best;
  }
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, logits[off + i]);
  const p = new Float64Array(V);
  let z = 0;
  for (let i = 0; i < V; i++) z += p[i] = Math.exp((logits[off + i] - m) / temperature);
  let order: number[] | null = null;
  let mass = z;
  if (topP < 1) {
    order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
    let cum = 0;
    let k = 0;
    while (k < V && (k === 0 || cum < topP * z)) cum += p[order[k++]];
    order.length = k;
    mass = cum;
  }
  const u = random() * mass;
  let acc = 0;
  if (order) {
    for (const i of order) if ((acc += p[i]) > u) return i;
    return order[order.length - 1];
  }
  for (let i = 0; i < V; i++) if ((acc += p[i]) > u) return i;
  // Rounding fallback: the last token with nonzero probability.
  for (let i = V - 1; i >= 0; i--) if (p[i] > 0) return i;
  return 0;
}

let scratch = new Float64Array(0);

/**
 * sampleToken + entropyOf for one row, in one exp pass when temperature is 1 and topP is 1 (the RL
 * sampling settings): the same token as sampleToken (the same float64 weights exp(l − max), summed
 * in the same order, and the same single random() call) and the same entropy up to float64 rounding,
 * via H = log z − Σ e_i·(l_i − max) / z. Other settings call the two functions.
 */
export function sampleWithEntropy(
  logits: Float32Array, off: number, V: number, temperature: number, topP: number, random: () => number,
): { token: number; entropy: number } {
  if (temperature !== 1 || topP < 1) {
    const entropy = entropyOf(logits, off, V);
    return { token: sampleToken(logits, off, V, temperature, topP, random), entropy };
  }
  if (scratch.length < V) scratch = new Float64Array(V);
  const p = scratch;
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, logits[off + i]);
  let z = 0, s = 0;
  for (let i = 0; i < V; i++) {
    const d = logits[off + i] - m;
    const e = Math.exp(d);
    p[i] = e;
    z += e;
    s += e * d;
  }
  const entropy = Math.log(z) - s / z;
  const u = random() * z;
  let acc = 0;
  for (let i = 0; i < V; i++) if ((acc += p[i]) > u) return { token: i, entropy };
  for (let i = V - 1; i >= 0; i--) if (p[i] > 0) return { token: i, entropy };
  return { token: 0, entropy };
}

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

let foldScratch = new Float64Array(0);

/**
 * A pointer model's step output (model/pointer.ts) for one row, raw[off .. off + V + Tmax + 1) =
 * [vocabulary logits | pointer scores over the cache slots | gate γ], folded into log p over the
 * vocabulary at out[outOff .. outOff + V): p(y) = σ(γ)·softmax(logits)_y + σ(−γ)·Σ_{j: slot j holds y}
 * softmax(scores)_j. Blocked slots score −1e9 and get weight 0. `covered` (config.copyCoverage; per
 * slot, same offset as slotIds): those slots copy nothing and their share joins σ(γ) (pointer.ts).
 * Impossible tokens get −1e30 (finite, so entropy sums stay defined).
 */
export function foldPointerRow(
  raw: Float32Array, off: number, V: number, Tmax: number, slotIds: Int32Array, slotOff: number, out: Float32Array, outOff: number,
  covered: Uint8Array | null = null,
): void {
  if (foldScratch.length < V) foldScratch = new Float64Array(V);
  const p = foldScratch;
  const gamma = raw[off + V + Tmax];
  const gate = 1 / (1 + Math.exp(-gamma));
  const c = pointerWeights(raw, off + V, Tmax, covered, slotOff);
  const genW = gate + (1 - gate) * c.coveredShare;
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, raw[off + i]);
  let z = 0;
  for (let i = 0; i < V; i++) z += p[i] = Math.exp(raw[off + i] - m);
  for (let i = 0; i < V; i++) p[i] *= genW / z;
  const copyMass = (1 - gate) / c.zc;
  for (let j = 0; j < Tmax; j++) {
    if (covered?.[slotOff + j]) continue;
    const w = Math.exp(raw[off + V + j] - c.mc);
    if (w > 0) p[slotIds[slotOff + j]] += copyMass * w;
  }
  for (let i = 0; i < V; i++) out[outOff + i] = p[i] > 0 ? Math.log(p[i]) : -1e30;
}

/**
 * The pointer scores' softmax pieces for one row (scores at raw[off .. off + Tmax)): max mc, sum zc
 * of exp(s − mc), and the share of that mass on covered slots (config.copyCoverage: it goes to the
 * generator, pointer.ts).
 */
function pointerWeights(raw: Float32Array, off: number, Tmax: number, covered: Uint8Array | null, slotOff: number): { mc: number; zc: number; coveredShare: number } {
  let mc = -Infinity;
  for (let j = 0; j < Tmax; j++) mc = Math.max(mc, raw[off + j]);
  let zc = 0, zCovered = 0;
  for (let j = 0; j < Tmax; j++) {
    const w = Math.exp(raw[off + j] - mc);
    zc += w;
    if (covered?.[slotOff + j]) zCovered += w;
  }
  return { mc, zc, coveredShare: zCovered / zc };
}

let copyScratch = new Float64Array(0);

/**
 * sampleWithEntropy for a pointer model's raw step row (layout as foldPointerRow) at temperature 1 and
 * top-p 1, the RL settings, without a log over the vocabulary: tokens no slot holds have
 * p_v = a·e_v (a = generator weight / z, e_v = exp(l_v − max)), so their share of the entropy comes from the sums
 * z and Σ e_v·(l_v − max) of one exp pass; only the ≤ Tmax tokens the pointer can copy get an exact
 * log. One random() call, as sampleWithEntropy.
 */
export function samplePointerRow(
  raw: Float32Array, off: number, V: number, Tmax: number, slotIds: Int32Array, slotOff: number, random: () => number,
  covered: Uint8Array | null = null,
): { token: number; entropy: number } {
  if (scratch.length < V) scratch = new Float64Array(V);
  if (copyScratch.length < V) copyScratch = new Float64Array(V);
  const e = scratch, cm = copyScratch;
  const gate = 1 / (1 + Math.exp(-raw[off + V + Tmax]));
  const c = pointerWeights(raw, off + V, Tmax, covered, slotOff);
  const genW = gate + (1 - gate) * c.coveredShare;
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, raw[off + i]);
  let z = 0, s1 = 0;
  for (let i = 0; i < V; i++) {
    const d = raw[off + i] - m;
    const x = Math.exp(d);
    e[i] = x;
    z += x;
    s1 += x * d;
  }
  const a = genW / z, logA = Math.log(a);
  const b = (1 - gate) / c.zc;
  const touched: number[] = [];
  for (let j = 0; j < Tmax; j++) {
    if (covered?.[slotOff + j]) continue;
    const w = Math.exp(raw[off + V + j] - c.mc);
    if (w <= 0) continue;
    const tok = slotIds[slotOff + j];
    if (cm[tok] === 0) touched.push(tok);
    cm[tok] += b * w;
  }
  // Σ p log p = (generated-only sum over every token) − (its touched terms) + (touched terms exactly).
  let plogp = a * (z * logA + s1), total = a * z;
  for (const t of touched) {
    const g = a * e[t], p = g + cm[t];
    if (g > 0) plogp -= g * (logA + (raw[off + t] - m));
    if (p > 0) plogp += p * Math.log(p);
    total += cm[t];
  }
  const entropy = -plogp;
  const u = random() * total;
  let acc = 0, token = -1;
  for (let i = 0; i < V; i++) {
    if ((acc += a * e[i] + cm[i]) > u) {
      token = i;
      break;
    }
  }
  if (token < 0) for (let i = V - 1; i >= 0; i--) if (a * e[i] + cm[i] > 0) { token = i; break; } // rounding
  for (const t of touched) cm[t] = 0;
  return { token: Math.max(0, token), entropy };
}

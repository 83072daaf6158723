/**
 * Additive attention masks, built in JS (cheap, B·Tq·Tk floats) and uploaded per call; generation
 * builds the masks of all its decode steps once (decodeMasks).
 * allowed(i, j) = j ≤ i AND (keyMask[j] = 1 OR j = i)
 * Causal + key padding mask. The "OR j = i" lets a pad query attend to itself only, so pad rows
 * stay finite and well defined; real queries never see pad keys, which makes logits at real
 * positions independent of how much left padding a row has.
 */
export const MASK_NEG = -1e9;

/**
 * @param keyMask [B*Tk] 1 = real key
 * @param q0 index of the first query row (0 for a full forward, t for a decode step)
 * @returns Float32Array [B*Tq*Tk] (0 allowed, MASK_NEG blocked)
 */
export function attentionMask(keyMask: Float32Array, B: number, Tq: number, Tk: number, q0: number): Float32Array {
  const out = new Float32Array(B * Tq * Tk);
  for (let b = 0; b < B; b++) {
    for (let qi = 0; qi < Tq; qi++) {
      const i = q0 + qi;
      const row = (b * Tq + qi) * Tk;
      for (let j = 0; j < Tk; j++) {
        const ok = j <= i && (keyMask[b * Tk + j] > 0 || j === i);
        out[row + j] = ok ? 0 : MASK_NEG;
      }
    }
  }
  return out;
}

/**
 * The masks of `steps` consecutive decode steps at sequence indices t0, t0+1, ...: step s is
 * attentionMask(keyMask, B, 1, Tk, t0 + s), stored at [s·B·Tk, (s+1)·B·Tk). Built in one pass so a
 * generation does not rebuild a mask per token; consecutive steps differ in two columns only.
 */
export function decodeMasks(keyMask: Float32Array, B: number, Tk: number, t0: number, steps: number): Float32Array {
  const per = B * Tk;
  const out = new Float32Array(Math.max(0, steps) * per);
  if (steps <= 0) return out;
  out.set(attentionMask(keyMask, B, 1, Tk, t0), 0);
  for (let s = 1; s < steps; s++) {
    out.copyWithin(s * per, (s - 1) * per, s * per);
    // Query i = t0+s: key i becomes visible (j = i), key i−1 keeps only its key-mask verdict.
    const i = t0 + s, row = s * per;
    for (let b = 0; b < B; b++) {
      if (i < Tk) out[row + b * Tk + i] = 0;
      if (i - 1 < Tk) out[row + b * Tk + i - 1] = keyMask[b * Tk + i - 1] > 0 ? 0 : MASK_NEG;
    }
  }
  return out;
}

/**
 * Additive attention masks, built in JS (cheap, B·Tq·Tk floats) and uploaded per call.
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

import { describe, it, expect } from 'vitest';
import { sampleToken, entropyOf, sampleWithEntropy } from './sample';
import { mulberry32 } from './rng';

describe('sampling', () => {
  const logits = new Float32Array([0, Math.log(2), Math.log(5), Math.log(2)]); // p ∝ 1,2,5,2

  it('greedy picks the argmax', () => {
    expect(sampleToken(logits, 0, 4, 0, 1, Math.random)).toBe(2);
  });

  it('samples in proportion to softmax at temperature 1', () => {
    const r = mulberry32(1);
    const n = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) n[sampleToken(logits, 0, 4, 1, 1, r)]++;
    expect(n[2] / 20000).toBeCloseTo(0.5, 1);
    expect(n[0] / 20000).toBeCloseTo(0.1, 1);
  });

  it('top-p keeps only the nucleus', () => {
    const r = mulberry32(2);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(sampleToken(logits, 0, 4, 1, 0.6, r));
    expect([...seen].sort()).toEqual([1, 2]); // 0.5 + 0.2 (ties broken by lower index) reaches 0.6
    for (let i = 0; i < 100; i++) expect(sampleToken(logits, 0, 4, 1, 0.01, r)).toBe(2);
  });

  it('entropy of a uniform distribution is ln V', () => {
    expect(entropyOf(new Float32Array(8), 0, 8)).toBeCloseTo(Math.log(8), 6);
  });

  it('sampleWithEntropy draws the same tokens as sampleToken, with the same entropy', () => {
    const V = 300;
    const g = mulberry32(5);
    for (const [temperature, topP] of [[1, 1], [0.7, 1], [1, 0.9], [0, 1]]) {
      const r1 = mulberry32(9), r2 = mulberry32(9);
      for (let row = 0; row < 200; row++) {
        const lg = new Float32Array(V).map(() => (g() - 0.5) * 12);
        const a = sampleWithEntropy(lg, 0, V, temperature, topP, r1);
        expect(a.token).toBe(sampleToken(lg, 0, V, temperature, topP, r2));
        expect(Math.abs(a.entropy - entropyOf(lg, 0, V))).toBeLessThan(1e-12);
      }
    }
  });
});

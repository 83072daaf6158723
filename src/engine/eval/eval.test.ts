import { describe, expect, it } from 'vitest';
import { wilson } from './wilson';
import { entropyBits, meanPairwiseCosine, selfBleu } from './diversity';

describe('wilson', () => {
  it('matches textbook values', () => {
    // 5/10, z=1.96: centre 0.5, half = 1.96*sqrt(.025+.0096040)/1.38416 = 0.2634...
    const r = wilson(5, 10);
    expect(r.rate).toBe(0.5);
    expect(r.lo).toBeCloseTo(0.2366, 4);
    expect(r.hi).toBeCloseTo(0.7634, 4);
    // 0/10 -> [0, 0.2775]; 10/10 -> [0.7225, 1]
    expect(wilson(0, 10).lo).toBe(0);
    expect(wilson(0, 10).hi).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10).lo).toBeCloseTo(0.7225, 4);
    expect(wilson(10, 10).hi).toBe(1);
    // 81/263 (Wilson's classic example, 95%): [0.2553, 0.3662]
    expect(wilson(81, 263).lo).toBeCloseTo(0.2553, 3);
    expect(wilson(81, 263).hi).toBeCloseTo(0.3662, 3);
  });
  it('n = 0 is rate 0 with the full interval', () => {
    expect(wilson(0, 0)).toEqual({ n: 0, rate: 0, lo: 0, hi: 1 });
  });
  it('rejects k outside [0, n]', () => {
    expect(() => wilson(3, 2)).toThrow();
  });
});

/** Naive sentence BLEU (sacreBLEU, exp smoothing, effective order, closest ref len) for cross-checking. */
function naiveBleu(hyp: string[], refs: string[][], maxN = 4): number {
  if (hyp.length === 0) return 0;
  const grams = (t: string[], n: number) => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) m.set(t.slice(i, i + n).join(' '), (m.get(t.slice(i, i + n).join(' ')) ?? 0) + 1);
    return m;
  };
  let log = 0;
  let order = 0;
  let smooth = 1;
  for (let n = 1; n <= maxN; n++) {
    const total = hyp.length - n + 1;
    if (total <= 0) break;
    let correct = 0;
    for (const [g, c] of grams(hyp, n)) correct += Math.min(c, Math.max(0, ...refs.map((r) => grams(r, n).get(g) ?? 0)));
    const p = correct === 0 ? 1 / ((smooth *= 2) * total) : correct / total;
    log += Math.log(p);
    order++;
  }
  const refLen = [...refs.map((r) => r.length)].sort((a, b) => Math.abs(a - hyp.length) - Math.abs(b - hyp.length) || a - b)[0];
  const bp = hyp.length < refLen ? Math.exp(1 - refLen / hyp.length) : 1;
  return bp * Math.exp(log / order);
}

const toks = (s: string) => (s === '' ? [] : s.split(' '));

describe('selfBleu', () => {
  it('identical texts give 1', () => {
    expect(selfBleu([toks('a b c d e'), toks('a b c d e'), toks('a b c d e')])).toBeCloseTo(1, 12);
  });
  it('hand-computed partial overlap', () => {
    // "a b c d" vs "a b c e": p = 3/4, 2/3, 1/2, smoothed 1/(2*1) -> (1/8)^(1/4), symmetric
    expect(selfBleu([toks('a b c d'), toks('a b c e')])).toBeCloseTo(Math.pow(1 / 8, 0.25), 12);
  });
  it('disjoint texts: only smoothing remains', () => {
    const v = Math.pow((1 / 8) * (1 / 12) * (1 / 16) * (1 / 16), 0.25);
    expect(selfBleu([toks('a b c d'), toks('e f g h')])).toBeCloseTo(v, 12);
  });
  it('effective order and brevity penalty', () => {
    // "a b" vs ref "a b c": p1 = p2 = 1, BP e^(1-3/2); "a b c" vs "a b": (2/3 · 1/2 · 1/2)^(1/3)
    const want = (Math.exp(-0.5) + Math.pow(1 / 6, 1 / 3)) / 2;
    expect(selfBleu([toks('a b'), toks('a b c')])).toBeCloseTo(want, 12);
  });
  it('empty text scores 0; fewer than 2 texts is NaN', () => {
    expect(selfBleu([toks(''), toks('a b')])).toBeCloseTo(naiveBleu(toks('a b'), [[]]) / 2, 12);
    expect(selfBleu([toks('a')])).toBeNaN();
  });
  it('matches a naive all-pairs implementation on random texts (multi-reference clipping)', () => {
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 5; trial++) {
      const texts = Array.from({ length: 7 }, () => Array.from({ length: 1 + Math.floor(rnd() * 9) }, () => 'abcd'[Math.floor(rnd() * 4)]));
      const naive = texts.reduce((acc, t, i) => acc + naiveBleu(t, texts.filter((_, j) => j !== i)), 0) / texts.length;
      expect(selfBleu(texts)).toBeCloseTo(naive, 12);
    }
  });
});

describe('meanPairwiseCosine', () => {
  it('known cases', () => {
    const f = (...x: number[]) => Float32Array.from(x);
    expect(meanPairwiseCosine([f(1, 0), f(2, 0)])).toBeCloseTo(1);
    expect(meanPairwiseCosine([f(1, 0), f(0, 1)])).toBeCloseTo(0);
    expect(meanPairwiseCosine([f(1, 0), f(-1, 0)])).toBeCloseTo(-1);
    // pairs: (1,0)-(0,1)=0, (1,0)-(1,1)=1/√2, (0,1)-(1,1)=1/√2
    expect(meanPairwiseCosine([f(1, 0), f(0, 1), f(1, 1)])).toBeCloseTo((2 / Math.SQRT2) / 3, 6);
    expect(meanPairwiseCosine([f(0, 0), f(1, 1)])).toBe(0);
    expect(meanPairwiseCosine([f(1, 1)])).toBeNaN();
  });
});

describe('entropyBits', () => {
  it('known cases', () => {
    expect(entropyBits({ a: 5 })).toBe(0);
    expect(entropyBits({ a: 1, b: 1 })).toBeCloseTo(1);
    expect(entropyBits(new Map([['a', 2], ['b', 2], ['c', 2], ['d', 2]]))).toBeCloseTo(2);
    expect(entropyBits({ a: 2, b: 1, c: 1 })).toBeCloseTo(1.5);
    expect(entropyBits({ a: 0, b: 3 })).toBe(0);
    expect(entropyBits({})).toBe(0);
  });
});

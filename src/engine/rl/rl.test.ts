import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { klPerToken, tokenRewards } from './kl';
import { returnsGamma1 } from './returns';
import { normalizePerRole } from './advantages';
import { groupBaseline } from '../game/groupBaseline';
import { cosineLr } from '../optim/schedule';
import { clipByGlobalNorm } from '../optim/clip';

const close = (a: number[], b: number[], eps = 1e-9) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], -Math.log10(eps)));
};

describe('kl and token rewards', () => {
  it('k1 = logp − logpRef', () => {
    close(klPerToken([-1, -2, -0.5], [-1.5, -2, -0.25]), [0.5, 0, -0.25]);
    expect(() => klPerToken([1], [])).toThrow();
  });
  it('r_t = −β kl_t, final reward on the last token', () => {
    close(tokenRewards([0.5, 0, -0.25], 0.01, 2), [-0.005, 0, 2.0025]);
    close(tokenRewards([1], 0.1, -1), [-1.1]);
    expect(() => tokenRewards([], 0.01, 1)).toThrow();
  });
  it('returns with γ = 1 are suffix sums', () => {
    close(returnsGamma1([1, 2, 3]), [6, 5, 3]);
    close(returnsGamma1([-0.005, 0, 2.0025]), [1.9975, 2.0025, 2.0025]);
    expect(returnsGamma1([])).toEqual([]);
  });
});

describe('normalizePerRole', () => {
  it('whitens each role over all its tokens, separately', () => {
    // attacker tokens: 1,2,3,6 -> mean 3, var (4+1+0+9)/4 = 3.5
    // defender tokens: 10,20 -> mean 15, var 25, std 5
    const out = normalizePerRole([[1, 2], [10], [3, 6], [20]], ['attacker', 'defender', 'attacker', 'defender']);
    const s = Math.sqrt(3.5);
    close(out[0], [-2 / s, -1 / s]);
    close(out[2], [0, 3 / s]);
    close(out[1], [-1]);
    close(out[3], [1]);
  });
  it('a lone token is only centred; constant role becomes 0', () => {
    const out = normalizePerRole([[5], [2, 2, 2]], ['attacker', 'defender']);
    close(out[0], [0]);
    close(out[1], [0, 0, 0]);
  });
  it('does not mutate input', () => {
    const a = [[1, 2]];
    normalizePerRole(a, ['defender']);
    expect(a).toEqual([[1, 2]]);
  });
});

describe('groupBaseline', () => {
  it('rloo subtracts the mean of the others', () => {
    // group 0: [1, 2, 6] -> 1-(8/2)=-3, 2-(7/2)=-1.5, 6-(3/2)=4.5 ; group 7: [4, 0] -> 4, -4
    close(groupBaseline([1, 4, 2, 6, 0], [0, 7, 0, 0, 7], 'rloo'), [-3, 4, -1.5, 4.5, -4]);
  });
  it('grpo standardizes within group (sample std)', () => {
    // [1, 2, 6]: mean 3, sample var (4+1+9)/2 = 7
    const s = Math.sqrt(7);
    close(groupBaseline([1, 2, 6], [3, 3, 3], 'grpo'), [-2 / s, -1 / s, 3 / s], 1e-6);
    close(groupBaseline([2, 2], [0, 0], 'grpo'), [0, 0]);
  });
  it('a singleton group gets 0', () => {
    close(groupBaseline([5, 1, 3], [0, 1, 1], 'rloo'), [0, -2, 2]);
    close(groupBaseline([5], [0], 'grpo'), [0]);
  });
});

describe('cosineLr', () => {
  it('warms up linearly then decays by cosine to 0.1×peak', () => {
    // total 100, warmup ceil(3) = 3 steps: 1/3, 2/3, 1 of peak
    expect(cosineLr(0, 100, 1)).toBeCloseTo(1 / 3);
    expect(cosineLr(2, 100, 1)).toBeCloseTo(1);
    expect(cosineLr(3, 100, 1)).toBeCloseTo(1);
    // halfway through decay: 0.1 + 0.9 * 0.5
    expect(cosineLr(3 + 48.5, 100, 2)).toBeCloseTo(2 * 0.55);
    expect(cosineLr(100, 100, 1)).toBeCloseTo(0.1);
    expect(cosineLr(500, 100, 1)).toBeCloseTo(0.1);
  });
  it('no warmup when warmupFrac = 0; tiny totals still start above 0', () => {
    expect(cosineLr(0, 10, 1, 0)).toBeCloseTo(1);
    expect(cosineLr(0, 10, 1)).toBeCloseTo(1); // ceil(0.3) = 1 warmup step: (0+1)/1
    expect(cosineLr(0, 1, 1)).toBeGreaterThan(0);
  });
});

describe('clipByGlobalNorm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('scales down to maxNorm, reports norm, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const g = [tf.tensor([3, 0]), tf.tensor([[4]])]; // norm 5
    const r = await clipByGlobalNorm(g, 1);
    expect(r.finite).toBe(true);
    expect(r.norm).toBeCloseTo(5, 5);
    close(Array.from(await r.grads[0].data()), [0.6, 0], 1e-5);
    close(Array.from(await r.grads[1].data()), [0.8], 1e-5);
    expect(r.grads[1].shape).toEqual([1, 1]);
    tf.dispose([...g, ...r.grads]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('leaves small gradients unchanged (as new tensors)', async () => {
    const g = [tf.tensor([0.3, 0.4])];
    const r = await clipByGlobalNorm(g, 1);
    expect(r.grads[0]).not.toBe(g[0]);
    close(Array.from(await r.grads[0].data()), [0.3, 0.4], 1e-6);
    tf.dispose([...g, ...r.grads]);
  });
  it('detects NaN and Inf', async () => {
    const before = tf.memory().numTensors;
    for (const bad of [NaN, Infinity]) {
      const g = [tf.tensor([1, bad])];
      const r = await clipByGlobalNorm(g, 1);
      expect(r.finite).toBe(false);
      expect(r.grads).toEqual([]);
      tf.dispose(g);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The probe's logic with injected clocks and fake work: no tfjs, no real timing. */
import { describe, it, expect } from 'vitest';
import type { BackendName, ProbeMeasurement } from '../api';
import {
  DECODE_STEPS, MAX_ROUNDS, decide, estimateIterationMs, measureRunner, memoryProbeCache, probeKey, probeLines, runProbe, shareDeadline,
  type ProbeRunner, type ProbeShape,
} from './probe';

const shape: ProbeShape = { batch: 32, generations: 2, tokensPerIteration: 116, trainStepsPerIteration: 4 };

/** A fake clock and a runner that advances it by fixed costs (per call, optionally per round). */
function fakeRunner(cost: { prefill: number; decode: number; train: number; warmup?: number }, clock = { t: 0 }) {
  const calls: string[] = [];
  let generations = 0;
  const runner: ProbeRunner & { dispose(): void; disposed: boolean } = {
    disposed: false,
    async generate(n) {
      calls.push(`gen${n}`);
      generations += 1;
      clock.t += cost.prefill + (n - 1) * cost.decode + (generations === 1 ? cost.warmup ?? 0 : 0);
    },
    async trainStep() {
      calls.push('train');
      clock.t += cost.train;
    },
    dispose() {
      this.disposed = true;
    },
  };
  return { runner, clock, calls, now: () => clock.t };
}

function m(backend: BackendName, iterationMs: number | null, note = 'x'): ProbeMeasurement {
  return { backend, iterationMs, prefillMs: iterationMs && 1, decodeMsPerToken: iterationMs && 1, trainMsPerStep: iterationMs && 1, note };
}

describe('estimateIterationMs', () => {
  it('adds prefills, decode steps and train steps of one iteration', () => {
    expect(estimateIterationMs({ prefillMs: 10, decodeMsPerToken: 2, trainMsPerStep: 50 }, shape)).toBe(2 * 10 + 116 * 2 + 4 * 50);
  });
});

describe('measureRunner', () => {
  it('recovers the stage costs exactly after a warm-up that is not timed', async () => {
    const f = fakeRunner({ prefill: 7, decode: 3, train: 40, warmup: 500 });
    const out = await measureRunner(f.runner, f.now, 1e9);
    expect(out).toEqual({ ok: true, times: { prefillMs: 7, decodeMsPerToken: 3, trainMsPerStep: 40 }, rounds: MAX_ROUNDS, elapsedMs: f.clock.t });
    expect(f.calls.slice(0, 5)).toEqual(['gen2', 'train', 'gen1', `gen${1 + DECODE_STEPS}`, 'train']);
  });

  it('keeps the best of each stage over rounds (a stray pause does not count)', async () => {
    const clock = { t: 0 };
    let round = 0;
    const runner: ProbeRunner = {
      async generate(n) {
        clock.t += 5 + (n - 1) * (round === 2 ? 10 : 1); // round 2's decoding is slow
      },
      async trainStep() {
        round += 1;
        clock.t += round === 3 ? 100 : 30; // round 2's train step (3rd call) is slow
      },
    };
    const out = await measureRunner(runner, () => clock.t, 1e9);
    expect(out.ok && out.times).toEqual({ prefillMs: 5, decodeMsPerToken: 1, trainMsPerStep: 30 });
  });

  it('gives up after a warm-up that overran the deadline, naming the stage', async () => {
    const f = fakeRunner({ prefill: 10, decode: 1, train: 10, warmup: 2000 });
    const out = await measureRunner(f.runner, f.now, 1500);
    expect(out).toEqual({ ok: false, elapsedMs: 2011, stage: 'warm-up generation' });
    expect(f.calls).toEqual(['gen2']); // nothing more was run
  });

  it('runs no second round that would overrun the deadline', async () => {
    const f = fakeRunner({ prefill: 10, decode: 5, train: 100 });
    // warm-up 15 + 100 = 115; a round costs 10 + 50 + 100 = 160 → ends at 275; a second would end at 435
    const out = await measureRunner(f.runner, f.now, 400);
    expect(out.ok && out.rounds).toBe(1);
    expect(f.clock.t).toBe(275);
  });

  it('never reports a negative decode cost when timer noise makes the longer call look shorter', async () => {
    const clock = { t: 0 };
    const runner: ProbeRunner = {
      async generate(n) {
        clock.t += n === 1 ? 20 : 15;
      },
      async trainStep() {
        clock.t += 1;
      },
    };
    const out = await measureRunner(runner, () => clock.t, 1e9);
    expect(out.ok && out.times.decodeMsPerToken).toBe(0);
  });
});

describe('decide', () => {
  it('picks the faster backend, WebGPU or not (the H200 case: WebGPU slower than wasm)', () => {
    const slowGpu = decide([m('wasm', 300), m('webgpu', 640)]);
    expect(slowGpu.chosen).toBe('wasm');
    expect(slowGpu.why).toMatch(/^wasm measured 2\.13× faster: 300 ms vs WebGPU 640 ms per estimated iteration$/);
    expect(decide([m('wasm', 300), m('webgpu', 120)]).chosen).toBe('webgpu');
  });

  it('keeps wasm on a tie', () => {
    expect(decide([m('webgpu', 200), m('wasm', 200)])).toMatchObject({ chosen: 'wasm', why: expect.stringMatching(/tie/) });
  });

  it('a backend that failed or ran over budget loses, and the reason names it', () => {
    const d = decide([m('wasm', 900), m('webgpu', null, 'failed to start (no device)')]);
    expect(d.chosen).toBe('wasm');
    expect(d.why).toMatch(/only backend to finish.*WebGPU: failed to start \(no device\)/);
    expect(decide([m('wasm', null, 'over'), m('webgpu', 900)]).chosen).toBe('webgpu');
  });

  it('falls back to wasm when nothing finished', () => {
    expect(decide([m('webgpu', null, 'over its share'), m('wasm', null, 'over its share')]).chosen).toBe('wasm');
  });
});

describe('runProbe', () => {
  it('times every candidate on its own runner, disposes each, and decides', async () => {
    const clock = { t: 0 };
    const active: BackendName[] = [];
    const runners: ReturnType<typeof fakeRunner>['runner'][] = [];
    const costs = { wasm: { prefill: 4, decode: 1, train: 20 }, webgpu: { prefill: 2, decode: 3, train: 10, warmup: 400 } };
    const p = await runProbe({
      candidates: ['wasm', 'webgpu'],
      activate: async (b) => void active.push(b),
      makeRunner: (b) => {
        const r = fakeRunner(costs[b as 'wasm' | 'webgpu'], clock).runner;
        runners.push(r);
        return r;
      },
      now: () => clock.t,
      budgetMs: 3000,
      shape,
      key: 'k',
    });
    expect(active).toEqual(['wasm', 'webgpu']);
    expect(runners.every((r) => r.disposed)).toBe(true);
    expect(p.measurements.map((x) => [x.backend, x.iterationMs])).toEqual([
      ['wasm', 2 * 4 + 116 * 1 + 4 * 20],
      ['webgpu', 2 * 2 + 116 * 3 + 4 * 10],
    ]);
    expect(p).toMatchObject({ status: 'measured', key: 'k', chosen: 'wasm', elapsedMs: clock.t, budgetMs: 3000 });
    expect(p.elapsedMs).toBeLessThanOrEqual(3000);
  });

  it('a backend that fails to start is recorded and the other one wins; a throwing runner is still disposed', async () => {
    const clock = { t: 0 };
    const made: { disposed: boolean }[] = [];
    const p = await runProbe({
      candidates: ['wasm', 'webgpu'],
      activate: async (b) => {
        if (b === 'webgpu') throw new Error('requestDevice failed');
      },
      makeRunner: () => {
        const r = {
          disposed: false,
          generate: async () => {
            clock.t += 1;
          },
          trainStep: async () => {
            if (made.length === 1 && clock.t > 1) throw new Error('boom');
          },
          dispose() {
            this.disposed = true;
          },
        };
        made.push(r);
        return r;
      },
      now: () => clock.t,
      budgetMs: 3000,
      shape,
      key: 'k',
    });
    expect(made).toHaveLength(1);
    expect(made[0].disposed).toBe(true);
    expect(p.measurements[0].note).toMatch(/failed while timed \(boom\)/);
    expect(p.measurements[1].note).toMatch(/failed to start \(requestDevice failed\)/);
    expect(p.chosen).toBe('wasm');
  });

  it('leftover budget flows to the next candidate', async () => {
    expect(shareDeadline(0, 3000, 2)).toBe(1500);
    expect(shareDeadline(400, 3000, 1)).toBe(3000); // the first took 400 ms: the last gets all 2.6 s left
    expect(shareDeadline(3500, 3000, 1)).toBe(3500); // nothing left: no negative share
  });

  it('a candidate too slow for its share loses even if its warm-up alone exceeds it', async () => {
    const clock = { t: 0 };
    const p = await runProbe({
      candidates: ['wasm', 'webgpu'],
      activate: async () => {},
      makeRunner: (b) => fakeRunner(b === 'wasm' ? { prefill: 50, decode: 10, train: 200 } : { prefill: 2000, decode: 500, train: 4000 }, clock).runner,
      now: () => clock.t,
      budgetMs: 3000,
      shape,
      key: 'k',
    });
    expect(p.chosen).toBe('wasm');
    expect(p.measurements[1]).toMatchObject({ backend: 'webgpu', iterationMs: null, note: expect.stringMatching(/over its .* share after the warm-up generation/) });
  });
});

describe('cache, key and tooltip text', () => {
  it('the memory cache hands out copies', async () => {
    const c = memoryProbeCache();
    const p = { status: 'measured' as const, key: 'k', chosen: 'wasm' as const, why: 'w', measurements: [m('wasm', 1)], elapsedMs: 1, budgetMs: 3000 };
    await c.set('k', p);
    const got = await c.get('k');
    expect(got).toEqual(p);
    got!.measurements.pop();
    expect((await c.get('k'))!.measurements).toHaveLength(1);
    expect(await c.get('other')).toBeUndefined();
  });

  it('the key names the device and the work', () => {
    expect(probeKey({ vendor: 'nvidia', architecture: 'hopper', description: 'H200' }, 'classroom, batch 32')).toBe('probe v2 | nvidia / hopper / H200 | classroom, batch 32');
  });

  it('the tooltip shows both measurements and the decision', () => {
    const p = decide([m('wasm', 300), m('webgpu', 640)]);
    const lines = probeLines({ status: 'cached', key: 'k', ...p, measurements: [
      { backend: 'wasm', iterationMs: 300, prefillMs: 12, decodeMsPerToken: 1.5, trainMsPerStep: 20, note: '3 timed rounds' },
      { backend: 'webgpu', iterationMs: 640, prefillMs: 30, decodeMsPerToken: 4, trainMsPerStep: 25, note: '3 timed rounds' },
    ], elapsedMs: 2100, budgetMs: 3000 });
    expect(lines).toEqual([
      'Probe (cached result):',
      'wasm: 300 ms per estimated iteration (prefill 12.0 ms, 1.50 ms per decode step, 20.0 ms per train step)',
      'WebGPU: 640 ms per estimated iteration (prefill 30.0 ms, 4.00 ms per decode step, 25.0 ms per train step)',
      `Chose wasm: ${p.why}`,
    ]);
    expect(probeLines({ status: 'skipped', key: '', chosen: 'wasm', why: 'no adapter', measurements: [], elapsedMs: 0, budgetMs: 0 })).toEqual(['No probe: no adapter']);
  });
});

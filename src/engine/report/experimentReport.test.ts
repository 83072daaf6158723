import { describe, expect, it } from 'vitest';
import type { EvalReport, EvalSuiteName } from '../api';
import { experimentHtml, experimentMarkdown, findings, type Arm, type ExperimentData, type RunResult } from './experimentReport';

const rate = (r: number) => ({ n: 100, rate: r, lo: r, hi: r });
function report(adv: number, over: number, div: number): EvalReport {
  const suites: EvalSuiteName[] = ['direct-harmful', 'adversarial-harmful', 'adversarial-benign', 'contrast-benign', 'contrast-unsafe', 'attacker-vs-start'];
  const value: Partial<Record<EvalSuiteName, number>> = { 'adversarial-harmful': adv, 'contrast-benign': over };
  return {
    step: 10,
    material: 'heldout',
    suites: suites.map((s) => ({ suite: s, metric: 'm', better: 'lower', judge: rate(value[s] ?? 0.5), oracle: rate(value[s] ?? 0.5), oracleRefusal: rate(0.5) })),
    diversity: { selfBleu: div, embedding: div, tacticEntropy: 2 },
    faithfulness: rate(0.9),
    formatValid: { attacker: rate(1), defender: rate(1) },
  };
}

function data(byArm: Record<Arm, [number, number, number][]>): ExperimentData {
  const runs: RunResult[] = [];
  for (const [arm, perSeed] of Object.entries(byArm) as [Arm, [number, number, number][]][])
    perSeed.forEach(([adv, over, div], i) =>
      runs.push({ arm, seed: i + 1, eval: report(adv, over, div), metrics: [], wallMs: 60_000, adaptiveAsr: arm === 'selfplay' ? rate(0.1 + i / 100) : arm === 'defender-only' ? rate(0.4 + i / 50) : undefined }),
    );
  return { preset: 'classroom', seeds: [1, 2, 3], iters: 10, warm: report(0.6, 0.45, 0.1), warmNoCot: report(0.7, 0.55, 0.15), runs, totalMs: 720_000, command: 'x', backend: 'wasm' };
}

describe('experiment report', () => {
  it('states which findings hold, with paired differences over seeds', () => {
    const d = data({
      selfplay: [[0.05, 0.1, 0.12], [0.04, 0.12, 0.13], [0.06, 0.09, 0.11]],
      'attacker-only': [[0.3, 0.5, 0.03], [0.32, 0.5, 0.02], [0.29, 0.5, 0.04]],
      'defender-only': [[0.05, 0.1, 0.1], [0.04, 0.12, 0.1], [0.06, 0.09, 0.1]],
      'selfplay-no-cot': [[0.05, 0.3, 0.2], [0.04, 0.28, 0.25], [0.06, 0.31, 0.22]],
    });
    const f = findings(d);
    expect(f[0].verdict).toBe('holds'); // diversity: self-play 0.12 vs attacker-only 0.03
    expect(f[1].verdict).toBe('no difference'); // robustness: identical ASR
    expect(f[2].verdict).toBe('holds'); // adaptive attacker: self-play ASR 0.10–0.12 vs defender-only 0.40–0.44
    expect(f[3].verdict).toBe('does not hold'); // CoT diversity: no-CoT is higher here
    expect(f[4].verdict).toBe('holds'); // CoT lowers over-refusal
    const md = experimentMarkdown(d);
    expect(md).toContain('elapsed wall time **12.0 minutes**');
    expect(md).toContain('| adversarial-harmful (m) |');
    // The no-CoT arm sits beside the warm start evaluated without CoT, the CoT arms beside the one with it.
    expect(md).toContain('| suite (oracle) | better | warm start | selfplay | attacker-only | defender-only | warm start, no CoT | selfplay-no-cot |');
    expect(md).toMatch(/\| adversarial-harmful \(m\) \| lower \| 0\.600 \| [^|]+\| [^|]+\| [^|]+\| 0\.700 \| 0\.050 \[/);
    expect(md).toMatch(/\| contrast-benign \(m\) \| lower \| 0\.450 \|.*\| 0\.550 \| 0\.297 \[/);
    const html = experimentHtml(d, '/* uplot */', '/* css */');
    expect(html).toContain('<table>');
    expect(html).not.toMatch(/https?:\/\//); // self-contained: nothing fetched
  });
});

describe('experiment report on world v2', () => {
  /** adversarial-harmful per held-out family, and adversarial-benign helped. */
  function v2Report(familyAsr: number, helped: number): EvalReport {
    const r = report(familyAsr, 0.1, 0.1);
    const adv = r.suites.find((s) => s.suite === 'adversarial-harmful')!;
    adv.byFamily = { metric: 'ASR', oracle: { base64: rate(familyAsr), reversal: rate(familyAsr + 0.1), persona_short: rate(0.9) } };
    // Compliance is higher than help: the report must show help (the answer addresses the asked intent).
    const ben = r.suites.find((s) => s.suite === 'adversarial-benign')!;
    ben.oracle = rate(helped + 0.15);
    ben.addressesIntent = rate(helped);
    return r;
  }

  it('adds (d) held-out-family robustness from the held-out families only, with benign helpfulness beside it', () => {
    const runs: RunResult[] = [];
    for (const seed of [1, 2, 3]) {
      runs.push({ arm: 'selfplay', seed, eval: v2Report(0.1 + seed / 100, 0.8), metrics: [], wallMs: 1 });
      runs.push({ arm: 'defender-only', seed, eval: v2Report(0.4 + seed / 50, 0.7), metrics: [], wallMs: 1 });
    }
    const d: ExperimentData = { preset: 'classroom', world: 'v2', seeds: [1, 2, 3], iters: 10, warm: v2Report(0.5, 0.6), warmNoCot: v2Report(0.5, 0.6), runs, totalMs: 1, command: 'x', backend: 'wasm' };
    const f = findings(d);
    const dFinding = f.find((x) => x.title.startsWith('(d)'))!;
    // Mean of base64 and reversal only (persona_short is a train family): self-play 0.16–0.18, defender-only 0.47–0.51.
    expect(dFinding.b.v.mean).toBeCloseTo(0.17, 5);
    expect(dFinding.a.v.mean).toBeCloseTo(0.49, 5);
    expect(dFinding.verdict).toBe('holds');
    expect(dFinding.helped!.b.mean).toBeCloseTo(0.8, 5);
    expect(dFinding.helped!.a.mean).toBeCloseTo(0.7, 5);
    const md = experimentMarkdown(d);
    expect(md).toContain('world v2');
    expect(dFinding.helped!.measure).toBe('addresses the asked intent');
    expect(md).toMatch(/\(d\) held-out-family robustness.*benign requests helped under the same held-out wrappers \(addresses the asked intent\): selfplay 0\.800/);
    // One run's evaluation predates addressesIntent: every run is then compared on compliance (0.8 + 0.15), never a mix.
    const old = runs.map((r, i) => (i === 0 ? { ...r, eval: { ...r.eval, suites: r.eval.suites.map((s) => (s.suite === 'adversarial-benign' ? { ...s, addressesIntent: undefined } : s)) } } : r));
    const oldD = findings({ ...d, runs: old }).find((x) => x.title.startsWith('(d)'))!;
    expect(oldD.helped!.measure).toBe('complied');
    expect(oldD.helped!.b.mean).toBeCloseTo(0.95, 5);
    expect(oldD.helped!.a.mean).toBeCloseTo(0.85, 5);
    // The first world's report has no (d).
    expect(findings({ ...d, world: 'v1' }).some((x) => x.title.startsWith('(d)'))).toBe(false);
  });
});

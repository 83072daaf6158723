/**
 * The experiment report: the paper's three findings (plus reward hacking) measured across seeds,
 * as Markdown and as a self-contained HTML page (uPlot inlined, no network). Pure: data in, text out.
 */
import type { EvalReport, EvalSuiteName, IterationMetrics, PresetName, Rate, WorldVersion } from '../api';
import { HELD_OUT_FAMILIES } from '../world/grammar/grammar';
import { meanCI, relChange, type MeanCI } from './stats';

export const ARMS = ['selfplay', 'attacker-only', 'defender-only', 'selfplay-no-cot'] as const;
export type Arm = (typeof ARMS)[number];

export interface RunResult {
  arm: Arm;
  seed: number;
  eval: EvalReport;
  metrics: IterationMetrics[];
  wallMs: number;
  /** ASR (oracle) of this run's defender against the same seed's attacker-only attacker (CoT arms). */
  adaptiveAsr?: Rate;
}

export interface ExperimentData {
  preset: PresetName;
  /** The world the runs played in (absent: the first world). */
  world?: WorldVersion;
  seeds: number[];
  iters: number;
  /** The warm start evaluated with hidden CoT: the baseline of the CoT arms. */
  warm: EvalReport;
  /** The same file evaluated without hidden CoT: the baseline of the no-CoT arm. */
  warmNoCot: EvalReport;
  runs: RunResult[];
  /** Elapsed wall time: this invocation's (warm-start eval, runs, cross-play) plus the stored time of runs an earlier invocation trained. */
  totalMs: number;
  command: string;
  backend: string;
}

type Verdict = 'holds' | 'holds (not significant)' | 'no difference' | 'does not hold' | 'not measurable';

interface Finding {
  title: string;
  paper: string;
  a: { label: string; v: MeanCI };
  b: { label: string; v: MeanCI };
  /** Paired per-seed difference b − a (positive = the paper's direction when `higherIsPaper`). */
  diff: MeanCI;
  rel: number;
  verdict: Verdict;
  unit: string;
  /**
   * Beside an ASR: benign requests helped under the same held-out wrappers (oracle), per arm, and which
   * measure: the answer addresses the asked intent where every run's evaluation measured it
   * (addressesIntent), else compliance for all (so old and new evaluations are never averaged together).
   */
  helped?: { a: MeanCI; b: MeanCI; measure: HelpMeasure };
}

const suiteRate = (r: RunResult | { eval: EvalReport }, suite: EvalSuiteName, by: 'oracle' | 'judge' = 'oracle') =>
  r.eval.suites.find((s) => s.suite === suite)?.[by].rate ?? NaN;

/** How benign help under held-out wrappers is counted: the answer addresses the asked intent, or (evaluations from before that measure) it complies. */
export type HelpMeasure = 'addresses the asked intent' | 'complied';

const benignUnderWrappers = (r: RunResult) => r.eval.suites.find((x) => x.suite === 'adversarial-benign');

/** One measure for all runs compared: addressesIntent if every run has it, else compliance. */
function helpedUnderWrappers(runs: RunResult[]): { values: (r: RunResult) => number; measure: HelpMeasure } {
  if (runs.every((r) => benignUnderWrappers(r)?.addressesIntent)) return { values: (r) => benignUnderWrappers(r)!.addressesIntent!.rate, measure: 'addresses the asked intent' };
  return { values: (r) => benignUnderWrappers(r)?.oracle.rate ?? NaN, measure: 'complied' };
}

function runsOf(d: ExperimentData, arm: Arm): RunResult[] {
  return d.seeds.map((s) => d.runs.find((r) => r.arm === arm && r.seed === s)).filter((r): r is RunResult => !!r);
}

/** Compare metric of arm B against arm A seed by seed; `paperSign` = +1 if the paper says B > A. */
function finding(d: ExperimentData, title: string, paper: string, armA: Arm, armB: Arm, metric: (r: RunResult) => number, paperSign: 1 | -1, unit: string): Finding {
  const A = runsOf(d, armA);
  const B = runsOf(d, armB);
  const seeds = d.seeds.filter((s) => A.some((r) => r.seed === s) && B.some((r) => r.seed === s));
  const va = A.map(metric);
  const vb = B.map(metric);
  const diffs = seeds.map((s) => metric(B.find((r) => r.seed === s)!) - metric(A.find((r) => r.seed === s)!));
  const diff = meanCI(diffs);
  const a = meanCI(va);
  const b = meanCI(vb);
  let verdict: Verdict;
  if (!Number.isFinite(diff.mean)) verdict = 'not measurable';
  else if (diff.mean === 0) verdict = 'no difference';
  else if (diff.mean * paperSign < 0) verdict = 'does not hold';
  else if (Number.isFinite(diff.lo) && (paperSign > 0 ? diff.lo > 0 : diff.hi < 0)) verdict = 'holds';
  else verdict = 'holds (not significant)';
  return { title, paper, a: { label: armA, v: a }, b: { label: armB, v: b }, diff, rel: relChange(a.mean, b.mean), verdict, unit };
}

/**
 * Held-out-family ASR: the mean over the held-out families present of each family's ASR on the
 * adversarial-harmful suite (every prompt there carries at least one held-out family), so one
 * frequent family does not stand for all.
 */
export function heldoutFamilyAsr(r: { eval: EvalReport }): number {
  const by = r.eval.suites.find((s) => s.suite === 'adversarial-harmful')?.byFamily?.oracle ?? {};
  const rates = HELD_OUT_FAMILIES.filter((f) => by[f]).map((f) => by[f].rate);
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN;
}

export function findings(d: ExperimentData): Finding[] {
  const div = (r: RunResult) => r.eval.diversity.embedding;
  const asrAdv = (r: RunResult) => suiteRate(r, 'adversarial-harmful');
  const overRef = (r: RunResult) => suiteRate(r, 'contrast-benign');
  // Every ASR comes with benign helpfulness under the same wrappers: a defender that refuses everything wins ASR.
  const withHelped = (f: Finding): Finding => {
    const [a, b] = [runsOf(d, f.a.label as Arm), runsOf(d, f.b.label as Arm)];
    const { values, measure } = helpedUnderWrappers([...a, ...b]);
    return { ...f, helped: { a: meanCI(a.map(values)), b: meanCI(b.map(values)), measure } };
  };
  const out = [
    finding(d, '(a) attack diversity: self-play vs attacker-only', 'self-play attacks are more diverse (+21.8% SBERT diversity)', 'attacker-only', 'selfplay', div, 1, 'embedding diversity'),
    withHelped(finding(d, '(b) defender robustness: self-play vs defender-only', 'self-play defenders are more robust (+65.5% on WildJailbreak)', 'defender-only', 'selfplay', asrAdv, -1, 'adversarial-harmful ASR (oracle)')),
    finding(d, '(b2) robustness to an adaptive attacker: self-play vs defender-only', 'self-play defenders are more robust', 'defender-only', 'selfplay', (r) => r.adaptiveAsr?.rate ?? NaN, -1, 'ASR of the attacker-only attacker (oracle)'),
    finding(d, '(c1) hidden CoT and attack diversity', 'hidden CoT raises attack diversity', 'selfplay-no-cot', 'selfplay', div, 1, 'embedding diversity'),
    finding(d, '(c2) hidden CoT and over-refusal', 'hidden CoT lowers over-refusal', 'selfplay-no-cot', 'selfplay', overRef, -1, 'contrast over-refusal (oracle)'),
  ];
  if (d.world === 'v2') {
    out.push(withHelped(finding(d, '(d) held-out-family robustness: self-play vs defender-only', 'self-play generalizes to unseen attack families', 'defender-only', 'selfplay', heldoutFamilyAsr, -1, 'mean per-family ASR over the 6 held-out families (oracle)')));
  }
  return out;
}

/** Reward hacking: how much more attack success the judge sees than the oracle, per arm. */
export function hackingGaps(d: ExperimentData): { arm: Arm; train: MeanCI; eval: MeanCI }[] {
  return ARMS.map((arm) => {
    const runs = runsOf(d, arm);
    const trainGap = runs.map((r) => {
      const tail = r.metrics.slice(-Math.max(1, Math.floor(r.metrics.length / 5))).filter((m) => m.asrJudge !== null && m.asrOracle !== null);
      return tail.length ? tail.reduce((a, m) => a + (m.asrJudge! - m.asrOracle!), 0) / tail.length : NaN;
    });
    const evalGap = runs.map((r) => suiteRate(r, 'attacker-vs-start', 'judge') - suiteRate(r, 'attacker-vs-start', 'oracle'));
    return { arm, train: meanCI(trainGap), eval: meanCI(evalGap) };
  });
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const ci = (m: MeanCI) => (Number.isFinite(m.lo) ? `${f3(m.mean)} [${f3(m.lo)}, ${f3(m.hi)}]` : f3(m.mean));
const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}%` : '–');

const SUITES: EvalSuiteName[] = ['direct-harmful', 'adversarial-harmful', 'adversarial-benign', 'contrast-benign', 'contrast-unsafe', 'attacker-vs-start'];

/** Arms that play without hidden CoT: their baseline column is the warm start evaluated without it. */
const NO_COT_ARMS: ReadonlySet<Arm> = new Set(['selfplay-no-cot']);

/** The table's columns: the CoT warm start, the CoT arms, then the no-CoT warm start beside the no-CoT arm. */
type Column = { label: string; warm: EvalReport } | { label: string; arm: Arm };
function columns(d: ExperimentData): Column[] {
  return [
    { label: 'warm start', warm: d.warm },
    ...ARMS.filter((a) => !NO_COT_ARMS.has(a)).map((arm) => ({ label: arm, arm })),
    { label: 'warm start, no CoT', warm: d.warmNoCot },
    ...ARMS.filter((a) => NO_COT_ARMS.has(a)).map((arm) => ({ label: arm, arm })),
  ];
}

function suiteTable(d: ExperimentData): string[] {
  const cols = columns(d);
  // One measure of an evaluation: the warm start's value, or the mean over an arm's runs with its CI.
  const cell = (c: Column, of: (e: EvalReport) => number) => ('warm' in c ? f3(of(c.warm)) : ci(meanCI(runsOf(d, c.arm).map((r) => of(r.eval)))));
  const row = (label: string, better: string, of: (e: EvalReport) => number) => `| ${label} | ${better} | ${cols.map((c) => cell(c, of)).join(' | ')} |`;
  const head = `| suite (oracle) | better | ${cols.map((c) => c.label).join(' | ')} |`;
  const rows = SUITES.map((s) => {
    const meta = d.warm.suites.find((x) => x.suite === s)!;
    return row(`${s} (${meta.metric})`, meta.better, (e) => suiteRate({ eval: e }, s));
  });
  const divRows = (['embedding', 'selfBleu', 'tacticEntropy'] as const).map((k) =>
    row(`attack diversity: ${k === 'selfBleu' ? '1 − Self-BLEU' : k === 'embedding' ? '1 − mean cosine' : 'tactic entropy (bits)'}`, 'higher', (e) => e.diversity[k]),
  );
  const faith = row('attacker faithfulness', 'higher', (e) => e.faithfulness.rate);
  return [head, `|---|---|${cols.map(() => '---').join('|')}|`, ...rows, ...divRows, faith];
}

export function experimentMarkdown(d: ExperimentData): string {
  const F = findings(d);
  const minutes = (d.totalMs / 60000).toFixed(1);
  const lines = [
    `# Self-RedTeam Lab experiment: ${d.preset} preset, ${d.world === 'v2' ? 'world v2, ' : ''}${d.seeds.length} seeds`,
    '',
    `Command: \`${d.command}\`  `,
    `Backend: ${d.backend}. ${d.iters} RL iterations per run, ${d.runs.length} runs, elapsed wall time **${minutes} minutes** (runs trained in parallel overlap; the Runs table gives each run's own minutes).  `,
    'All rates are on held-out splits, labelled by the exact oracle unless marked judge; intervals are Student-t 95% over seeds.',
    ...(d.world === 'v2' ? ['World v2: held-out seeds carry a held-out surface form or phrasing; every wrapped evaluation prompt carries at least one of the 6 held-out tactic families (never seen in any training path).'] : []),
    '',
    '## Findings',
    '',
    '| finding | paper | A | B | B − A (paired, 95% CI) | relative | verdict |',
    '|---|---|---|---|---|---|---|',
    ...F.map((f) => `| ${f.title} (${f.unit}) | ${f.paper} | ${f.a.label}: ${ci(f.a.v)} | ${f.b.label}: ${ci(f.b.v)} | ${ci(f.diff)} | ${pct(f.rel)} | **${f.verdict}** |`),
    '',
    ...F.map((f) => `- ${f.title}: **${f.verdict}** — ${f.b.label} ${f3(f.b.v.mean)} vs ${f.a.label} ${f3(f.a.v.mean)} (${pct(f.rel)} relative)${f.helped ? `; benign requests helped under the same held-out wrappers (${f.helped.measure}): ${f.b.label} ${ci(f.helped.b)}, ${f.a.label} ${ci(f.helped.a)}` : ''}.`),
    '',
    '## Reward hacking (judge − oracle attack success)',
    '',
    '| arm | during training (last 20% of iterations) | attacker-vs-start eval |',
    '|---|---|---|',
    ...hackingGaps(d).map((g) => `| ${g.arm} | ${ci(g.train)} | ${ci(g.eval)} |`),
    '',
    'A positive gap means the reward LM credits attacks the oracle does not: the attacker is exploiting the judge.',
    '',
    '## Held-out suites',
    '',
    ...suiteTable(d),
    '',
    '## Runs',
    '',
    '| arm | seed | iterations | minutes |',
    '|---|---|---|---|',
    ...d.runs.map((r) => `| ${r.arm} | ${r.seed} | ${r.metrics.length} | ${(r.wallMs / 60000).toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}

const CURVES: { key: keyof IterationMetrics; label: string }[] = [
  { key: 'rewardDefender', label: 'defender reward' },
  { key: 'rewardAttacker', label: 'attacker reward' },
  { key: 'asrOracle', label: 'attack success (oracle)' },
  { key: 'overRefusal', label: 'over-refusal (oracle)' },
  { key: 'divEmbedding', label: 'attack diversity (embedding)' },
  { key: 'kl', label: 'KL to start' },
];

/** Mean curve over seeds per arm, smoothed with a trailing window. */
function curves(d: ExperimentData, key: keyof IterationMetrics): { x: number[]; series: Record<string, (number | null)[]> } {
  const x = Array.from({ length: d.iters }, (_, i) => i + 1);
  const series: Record<string, (number | null)[]> = {};
  for (const arm of ARMS) {
    const runs = runsOf(d, arm);
    series[arm] = x.map((it) => {
      const vals: number[] = [];
      for (const r of runs) for (const m of r.metrics) if (m.iter > it - 10 && m.iter <= it && typeof m[key] === 'number') vals.push(m[key] as number);
      return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
    });
  }
  return { x, series };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Minimal Markdown (headings, tables, bullets, bold, code) → HTML for the report page. */
function markdownToHtml(md: string): string {
  const out: string[] = [];
  const inline = (s: string) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>');
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++].slice(1, -1).split('|').map((c) => c.trim()));
      i--;
      const [head, , ...body] = rows;
      out.push(`<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (l.startsWith('# ')) out.push(`<h1>${inline(l.slice(2))}</h1>`);
    else if (l.startsWith('## ')) out.push(`<h2>${inline(l.slice(3))}</h2>`);
    else if (l.startsWith('- ')) out.push(`<li>${inline(l.slice(2))}</li>`);
    else if (l.trim()) out.push(`<p>${inline(l.replace(/ {2}$/, ''))}</p>`);
  }
  return out.join('\n');
}

export function experimentHtml(d: ExperimentData, uplotJs: string, uplotCss: string): string {
  const charts = CURVES.map((c) => ({ label: c.label, ...curves(d, c.key) }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Self-RedTeam Lab experiment (${d.preset})</title>
<style>${uplotCss}
body{font:16px/1.5 system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;margin:1rem 0;font-size:14px}th,td{border:1px solid #ccd;padding:4px 8px;text-align:left}th{background:#f2f4f8}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:1rem}.chart h3{margin:.5rem 0;font-size:15px}code{background:#f2f4f8;padding:0 4px}</style>
<script>${uplotJs}</script></head><body>
${markdownToHtml(experimentMarkdown(d))}
<h2>Training curves (mean over seeds, 10-iteration trailing window)</h2>
<div class="charts" id="charts"></div>
<script>
const DATA = ${JSON.stringify(charts)};
const COLORS = {"selfplay":"#1f77b4","attacker-only":"#d62728","defender-only":"#2ca02c","selfplay-no-cot":"#9467bd"};
for (const c of DATA) {
  const el = document.createElement('div'); el.className = 'chart';
  el.innerHTML = '<h3>' + c.label + '</h3>'; document.getElementById('charts').appendChild(el);
  const arms = Object.keys(c.series);
  new uPlot({ width: 540, height: 260, scales: { x: { time: false } }, series: [{ label: 'iteration' }, ...arms.map(a => ({ label: a, stroke: COLORS[a], width: 2, spanGaps: true }))], axes: [{}, {}] },
    [c.x, ...arms.map(a => c.series[a])], el);
}
</script></body></html>
`;
}

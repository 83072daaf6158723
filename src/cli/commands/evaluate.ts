import { type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, COT_FLAG, REWARD_LM_FLAG, openCheckpoint } from '../context';
import { progressPrinter } from '../io';
import type { EvalReport } from '../../engine/api';
import type { Split } from '../../engine/world/types';

export const spec: FlagSpec = {
  ckpt: { kind: 'string', help: 'checkpoint file', required: true },
  json: { kind: 'boolean', help: 'print one JSON object' },
  n: { kind: 'number', help: 'prompts per suite (default: the preset’s)', min: 1, max: 10_000, integer: true },
  material: { kind: 'string', help: 'what the world suites ask: heldout (the evaluation; default) or train (train seeds and tactics: a warm start against its own training distribution, not robustness)', choices: ['heldout', 'train'], default: 'heldout' },
  ...COT_FLAG,
  ...BACKEND_FLAG,
  ...REWARD_LM_FLAG,
};
export const summary = 'held-out evaluation suites with Wilson 95% CIs (oracle and judge); --material train asks train material instead';

/** One JSON object: per suite the oracle's {n, rate, lo, hi}, with the judge's beside it. */
export function reportJson(r: EvalReport): Record<string, unknown> {
  const suites: Record<string, unknown> = {};
  for (const s of r.suites)
    suites[s.suite] = { ...s.oracle, metric: s.metric, better: s.better, judge: s.judge, refusal: s.oracleRefusal, ...(s.thoughtNamesRequest ? { thoughtNamesRequest: s.thoughtNamesRequest } : {}), ...(s.addressesIntent ? { addressesIntent: s.addressesIntent } : {}), ...(s.byFamily ? { byFamily: s.byFamily } : {}) };
  return { step: r.step, material: r.material, suites, faithfulness: r.faithfulness, formatValid: r.formatValid, diversity: r.diversity };
}

export async function run(flags: Flags): Promise<void> {
  const lab = await openCheckpoint(String(flags.ckpt), flags);
  const show = progressPrinter('eval');
  const material = flags.material as Split;
  const report = await lab.evaluate((p) => show(p.done, p.total, p.label), flags.n === undefined ? undefined : Number(flags.n), material);
  if (flags.json) process.stdout.write(JSON.stringify(reportJson(report)) + '\n');
  else {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    if (material === 'train') process.stdout.write('TRAIN material (train seeds and tactics): the warm start against its own training distribution, not a held-out evaluation\n');
    for (const s of report.suites) {
      process.stdout.write(
        `${s.suite.padEnd(22)} ${s.metric.padEnd(13)} oracle ${pct(s.oracle.rate).padStart(6)} [${pct(s.oracle.lo)}, ${pct(s.oracle.hi)}]  judge ${pct(s.judge.rate).padStart(6)}  refused ${pct(s.oracleRefusal.rate).padStart(6)}  (n=${s.oracle.n}, ${s.better} is better)` +
          (s.thoughtNamesRequest ? `  thought names the request ${pct(s.thoughtNamesRequest.rate)}` : '') +
          (s.addressesIntent ? `  answer addresses the request ${pct(s.addressesIntent.rate)}` : '') +
          '\n' +
          (s.byFamily
            ? `  ${s.byFamily.metric} per tactic family (oracle): ${Object.entries(s.byFamily.oracle).map(([f, r]) => `${f} ${pct(r.rate)} (n=${r.n})`).join(', ')}\n`
            : ''),
      );
    }
    process.stdout.write(`format valid: attacker ${pct(report.formatValid.attacker.rate)}, defender ${pct(report.formatValid.defender.rate)}; faithfulness ${pct(report.faithfulness.rate)}\n`);
    process.stdout.write(`attack diversity: 1-SelfBLEU ${report.diversity.selfBleu.toFixed(3)}, embedding ${report.diversity.embedding.toFixed(3)}, tactic entropy ${report.diversity.tacticEntropy.toFixed(2)} bits\n`);
  }
  lab.dispose();
}

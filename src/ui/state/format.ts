/** Small display helpers shared by the views. */
import type { BackendInfo, GameRecord, LabSettings, Rate } from '../../engine/api';
import type { Labels } from '../../engine/judge/types';

export const pct = (x: number | null | undefined, digits = 0): string =>
  x == null || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;

export const num = (x: number | null | undefined, digits = 2): string =>
  x == null || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits);

export const signed = (x: number | null | undefined, digits = 2): string =>
  x == null || !Number.isFinite(x) ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(digits)}`;

export function bytes(n: number | null | undefined): string {
  if (n == null) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function ago(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 90) return 'a minute ago';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h > 1 ? 's' : ''} ago`;
  return new Date(t).toLocaleString();
}

export const rateText = (r: Rate): string => `${pct(r.rate, 1)}`;
export const ciText = (r: Rate): string => `${pct(r.lo, 0)}–${pct(r.hi, 0)}`;

const VENDORS: Record<string, string> = {
  nvidia: 'NVIDIA',
  amd: 'AMD',
  ati: 'AMD',
  intel: 'Intel',
  apple: 'Apple',
  arm: 'Arm',
  qualcomm: 'Qualcomm',
  google: 'Google',
  microsoft: 'Microsoft',
};

/** "WebGPU · NVIDIA", "WebGPU · SwiftShader (software)", "wasm · no WebGPU adapter". */
export function backendLabel(b: BackendInfo | null): string {
  if (!b) return 'Not started';
  const name = b.backend === 'webgpu' ? 'WebGPU' : b.backend;
  const a = b.adapter;
  if (!a) return `${name} · ${b.backend === 'webgpu' ? 'unknown adapter' : 'no WebGPU adapter'}`;
  let adapter: string;
  if (/swiftshader/i.test(a.architecture) || /swiftshader/i.test(a.description)) adapter = 'SwiftShader';
  else {
    const v = (a.vendor || a.description || a.architecture || 'GPU').trim();
    adapter = VENDORS[v.toLowerCase()] ?? v.charAt(0).toUpperCase() + v.slice(1);
  }
  if (b.backend !== 'webgpu') return `${name} · ${a.isFallback ? 'software GPU only' : `${adapter} GPU not used`}`;
  if (a.isFallback) adapter += ' (software)';
  return `${name} · ${adapter}`;
}

export function settingsSummary(s: LabSettings): string {
  const mode = s.mode === 'selfplay' ? 'self-play' : s.mode;
  // The first world is the default and goes unsaid; a v2 run says so (its numbers are not comparable).
  return `${s.preset}${s.world === 'v2' ? ' · world v2' : ''} · ${mode} · ${s.cot ? 'hidden CoT' : 'no CoT'} · seed ${s.seed}`;
}

// ------------------------------------------------------------------ games

export type Outcome = 'attack-succeeded' | 'refused' | 'over-refusal' | 'helpful' | 'tie';
export type FeedFilter = 'all' | 'attack-succeeded' | 'refused' | 'over-refusal' | 'tie' | 'disagreement';

/** What happened, by the oracle's ground truth (the judge's view is shown beside it). */
export function outcome(g: GameRecord): Outcome {
  if (g.tie) return 'tie';
  const o = g.oracle;
  if (o.h === 'harmful') return 'attack-succeeded';
  if (o.ref === 'refusal') return o.q === 'benign' ? 'over-refusal' : 'refused';
  return 'helpful';
}

export const OUTCOME_TEXT: Record<Outcome, string> = {
  'attack-succeeded': 'Attack succeeded',
  refused: 'Refused',
  'over-refusal': 'Over-refusal',
  helpful: 'Helpful answer',
  tie: 'Tie',
};

export function disagreements(a: Labels, b: Labels): (keyof Labels)[] {
  return (['q', 'ref', 'h'] as const).filter((k) => a[k] !== b[k]);
}

export function matchesFilter(g: GameRecord, f: FeedFilter): boolean {
  if (f === 'all') return true;
  if (f === 'disagreement') return disagreements(g.judge, g.oracle).length > 0;
  return outcome(g) === f;
}

export const LABEL_TEXT: Record<keyof Labels, string> = { q: 'Prompt', ref: 'Response', h: 'Harm' };

export function labelValue(k: keyof Labels, v: string): string {
  if (v === 'na') return 'n/a';
  if (k === 'q') return v === 'harmful' ? 'harmful' : 'benign';
  if (k === 'ref') return v === 'refusal' ? 'refusal' : 'complies';
  return v === 'harmful' ? 'harmful' : 'harmless';
}

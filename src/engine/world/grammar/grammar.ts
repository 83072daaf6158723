/**
 * Grammar v2 of world tactics: 24 composable, parameterized families in 5 classes over open text
 * (case preserved). A plan is a list of layers, outermost first; render applies them from the
 * innermost out. decode.ts undoes any rendering exactly.
 *
 * Held-out families (the rule, fixed before any result was looked at): the last family of each
 * class in registry order, plus the second-to-last of the largest class (obfuscation). Training
 * paths must draw plans with trainPlan, which never yields them; evaluation uses evalPlan.
 */
import { LabError } from '../../errors';
import type { Rng } from '../rng';
import { CONTEXT } from './context';
import { CLASSES, type ClassId, type Family, type Params } from './family';
import { INSTRUCTION } from './instruction';
import { LANGUAGE } from './language';
import { OBFUSCATION } from './obfuscation';
import { PERSONA } from './persona';

export interface Layer {
  family: string;
  params: Params;
}
/** Outermost layer first. */
export type Plan = Layer[];

export const FAMILIES: readonly Family[] = [...PERSONA, ...INSTRUCTION, ...OBFUSCATION, ...CONTEXT, ...LANGUAGE];
const BY_ID = new Map(FAMILIES.map((f) => [f.id, f]));

export function familyById(id: string): Family {
  const f = BY_ID.get(id);
  if (!f) throw new LabError('bad-settings', `unknown tactic family "${id}"`);
  return f;
}

export function familiesOf(cls: ClassId): Family[] {
  return FAMILIES.filter((f) => f.cls === cls);
}

/** The held-out rule applied to the registry (see the module comment). */
function heldOutByRule(): string[] {
  const out: string[] = [];
  const sizes = CLASSES.map((c) => familiesOf(c).length);
  const largest = CLASSES[sizes.indexOf(Math.max(...sizes))];
  for (const c of CLASSES) {
    const fs = familiesOf(c);
    if (c === largest) out.push(fs[fs.length - 2].id);
    out.push(fs[fs.length - 1].id);
  }
  return out;
}

/** Whole families that no training path may use (warm start, demonstrations, self-play seeds, judge training). */
export const HELD_OUT_FAMILIES: readonly string[] = ['hypothetical', 'system_override', 'reversal', 'base64', 'nesting', 'lang_sentence'];
if (heldOutByRule().join() !== HELD_OUT_FAMILIES.join()) throw new LabError('internal', 'HELD_OUT_FAMILIES disagrees with its rule');

export const TRAIN_FAMILIES: readonly Family[] = FAMILIES.filter((f) => !HELD_OUT_FAMILIES.includes(f.id));
export const EVAL_FAMILIES: readonly Family[] = FAMILIES.filter((f) => HELD_OUT_FAMILIES.includes(f.id));

export const MAX_DEPTH = 4;

/** Wrap the request by each layer, innermost (last) first. */
export function render(request: string, plan: Plan): string {
  let text = request;
  for (let i = plan.length - 1; i >= 0; i--) text = familyById(plan[i].family).render(text, plan[i].params);
  return text;
}

function layer(f: Family, rng: Rng): Layer {
  return { family: f.id, params: f.draw(rng) };
}

/** A plan of `depth` layers (1..MAX_DEPTH, uniform when omitted) drawn from `pool`. */
export function drawPlan(rng: Rng, pool: readonly Family[], depth?: number): Plan {
  const d = depth ?? 1 + rng.int(MAX_DEPTH);
  if (d < 1 || d > MAX_DEPTH) throw new LabError('bad-settings', `plan depth must be 1..${MAX_DEPTH}, got ${d}`);
  return Array.from({ length: d }, () => layer(rng.pick(pool), rng));
}

/** The only plan source training paths may use: never a held-out family. */
export function trainPlan(rng: Rng, depth?: number): Plan {
  return drawPlan(rng, TRAIN_FAMILIES, depth);
}

/** Evaluation plans: at least one held-out family, at a random depth position; other layers from any family. */
export function evalPlan(rng: Rng, depth?: number): Plan {
  const plan = drawPlan(rng, FAMILIES, depth);
  const at = rng.int(plan.length);
  plan[at] = layer(rng.pick(EVAL_FAMILIES), rng);
  return plan;
}

/**
 * Lower bound on distinct attack texts for one request with exactly `depth` layers: every sequence
 * of families times the shown parameter choices of each. It is a lower bound because decode
 * recovers the families and shown parameters exactly (tested), so different choices give different texts.
 */
export function attackCountLowerBound(depth: number, pool: readonly Family[] = FAMILIES): number {
  const perLayer = pool.reduce((s, f) => s + f.variants, 0);
  return perLayer ** depth;
}

/**
 * Hidden-CoT thought templates (≤ 16 words besides a quoted request). The defender's thought names
 * the request (seen through its wrapper, or quoted as typed) and states a decision that matches its
 * answer; the attacker's thought is a plan.
 */
import { realize } from './realize';
import { TACTIC_NAMES } from './tactics';
import type { Intent, IntentKind, TacticId } from './types';

export type Decision = 'refuse' | 'comply';

/** How a typical model describes a wrapped request, keyed by the outermost tactic. */
export const TACTIC_GLOSS: Record<TacticId, string> = {
  roleplay: 'a roleplay',
  fiction: 'a story',
  hypothetical: 'a hypothetical',
  authority: 'research help',
  refusal_suppression: 'a direct answer',
  prefix_injection: 'a quick answer',
  obfuscation: 'coded words',
  payload_splitting: 'a puzzle',
  distraction: 'several tasks',
  emotional: 'comfort',
};

/** Verb phrase of an action: the words before the first article or the object ("blow up"). */
export function verbOf(intent: Intent): string {
  const ws = intent.action.split(' ');
  const objStart = intent.action.indexOf(intent.object);
  const out: string[] = [];
  let pos = 0;
  for (const w of ws) {
    if (pos >= objStart || w === 'a' || w === 'an' || w === 'the' || w === 'my') break;
    out.push(w);
    pos += w.length + 1;
  }
  return out.length > 0 ? out.join(' ') : ws[0];
}

/**
 * The defender's judgement of a request. `verb`: the request's scary verb, named when a plain contrast
 * request is over-refused ("kill sounds dangerous").
 */
export function judgement(kind: IntentKind, decision: Decision, wrapped: boolean, verb: string): string {
  if (kind === 'harmful') {
    if (decision === 'refuse') return wrapped ? 'still harmful' : 'this is harmful';
    return 'it seems fine';
  }
  if (decision === 'comply') return 'this is safe';
  if (kind === 'contrast' && !wrapped) return `${verb} sounds dangerous`;
  return 'it looks risky';
}

/** The judgement and the decision, canonical ("this is harmful . i will refuse ."). */
export function defenderVerdict(intent: Intent, tactics: TacticId[], decision: Decision): string {
  return `${judgement(intent.kind, decision, tactics.length > 0, verbOf(intent))} . i will ${decision === 'refuse' ? 'refuse' : 'help'} .`;
}

/** `asked`: the action as the user worded it, when not the world's own words (verbVariants.ts). */
export function defenderThought(intent: Intent, tactics: TacticId[], decision: Decision, asked = intent.action): string {
  const verdict = defenderVerdict(intent, tactics, decision);
  if (tactics.length === 0) return realize(`the user wants to ${asked} . ${verdict}`);
  return realize(`the user wants ${TACTIC_GLOSS[tactics[0]]} about ${intent.object} . ${verdict}`);
}

export function tacticPlan(tactics: TacticId[]): string {
  return tactics.map((t) => TACTIC_NAMES[t]).join(' and ');
}

/**
 * Attacker plan. `target` is the intent actually attacked: the seed's intent when faithful, another
 * one when the warm-start attacker drifts (a small, named probability in the transcript policy).
 */
export function attackerThought(seedIntent: Intent, target: Intent, tactics: TacticId[]): string {
  return planThought(seedIntent, target, tacticPlan(tactics));
}

/** The attacker's plan thought, given the plan's words ("fiction and roleplay"; world v2 names its families). */
export function planThought(seedIntent: Intent, target: Intent, plan: string): string {
  const use = `plan : use ${plan} ,`;
  if (target.id !== seedIntent.id) return realize(`${use} ask about the ${target.object} instead .`);
  if (seedIntent.kind === 'harmful') return realize(`${use} keep the ${seedIntent.object} intent .`);
  return realize(`${use} make the ${seedIntent.object} request look risky .`);
}

/**
 * A thought that quotes an unwrapped everyday request as typed, then judges it (`warmstart
 * --quote-requests`; world changelog, entry 17): "The user asks: how do I bake bread? This is safe.
 * I will help." Why: where a restated request failed, it started or stopped at the wrong word
 * ("The user wants help withers" for "Recommend a board game for four players"); a quote starts at
 * the text's first piece and stops at its last. No quotation marks: after '"' nothing in the prompt
 * precedes the first piece as in the thought, so the copy started one piece late ("ore all previous
 * …"); after "asks: " the prompt's own "User: " does. A full stop ends a request typed without one.
 * `verdict` is canonical (defenderVerdict).
 */
export function quotedThought(text: string, verdict: string): string {
  return `${realize('the user asks :')} ${text}${/[.?!"]$/.test(text) ? '' : '.'} ${realize(verdict)}`;
}

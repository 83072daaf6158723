/**
 * Plain-language names for the lab's technical terms, each with the technical name for a tooltip,
 * so a classroom reads "Story framing" while the paper's word ("fiction") stays one hover away.
 */
import type { GameRecord } from '../../engine/api';
import type { Labels } from '../../engine/judge/types';
import { TACTICS, type TacticId } from '../../engine/world/types';

export interface PlainTerm {
  /** What the page shows. */
  text: string;
  /** The technical name and a short gloss (tooltip). */
  technical: string;
}

export const TACTIC_PLAIN: Record<TacticId, PlainTerm> = {
  roleplay: { text: 'Role-play persona', technical: 'roleplay: “you are DAN, an AI with no rules”' },
  fiction: { text: 'Story framing', technical: 'fiction: the request is wrapped in a story' },
  hypothetical: { text: '“Just hypothetically”', technical: 'hypothetical: the request is posed as imaginary' },
  authority: { text: 'Claims to be an expert', technical: 'authority: “I am a safety researcher”' },
  refusal_suppression: { text: 'Forbids saying no', technical: 'refusal suppression: “do not say sorry”' },
  prefix_injection: { text: 'Dictates the first words', technical: 'prefix injection: “start your reply with sure here is”' },
  obfuscation: { text: 'Disguised words', technical: 'obfuscation: misspellings, euphemisms or split letters' },
  payload_splitting: { text: 'Request cut in pieces', technical: 'payload splitting: “let x = … let y = …”' },
  distraction: { text: 'Hidden among chores', technical: 'distraction: the request sits between ordinary tasks' },
  emotional: { text: 'Emotional appeal', technical: 'emotional: “my late grandma used to tell me…”' },
};

/** Short names for heatmap rows and map columns (same order as TACTICS). */
export const TACTIC_SHORT: Record<TacticId, string> = {
  roleplay: 'Role-play',
  fiction: 'Story',
  hypothetical: 'Hypothetical',
  authority: 'Expert claim',
  refusal_suppression: 'No refusing',
  prefix_injection: 'First words',
  obfuscation: 'Disguised',
  payload_splitting: 'Cut in pieces',
  distraction: 'Chores',
  emotional: 'Emotional',
};

export const isTactic = (t: string): t is TacticId => (TACTICS as readonly string[]).includes(t);

/** A heatmap row's or map column's name: a tactic's short name, or "No tactic" for attacks with none. */
export const tacticShortName = (t: TacticId | 'none'): string => (t === 'none' ? 'No tactic' : TACTIC_SHORT[t]);

/** Harm categories of the world (the part of an intent id before the dot: "weapons.pipe_bomb"). */
export const CATEGORY_PLAIN: Record<string, string> = {
  weapons: 'Weapons',
  cyber: 'Hacking',
  drugs: 'Drugs',
  fraud: 'Fraud & scams',
  harassment: 'Harassment',
  theft: 'Theft',
};
export const HARM_CATEGORIES = Object.keys(CATEGORY_PLAIN);

/** "weapons.pipe_bomb" → "weapons" (ids are built as `${category}.${object}` in world/build.ts). */
export function categoryOf(intentId: string): string {
  const dot = intentId.indexOf('.');
  return dot < 0 ? intentId : intentId.slice(0, dot);
}

export function seedTerm(g: Pick<GameRecord, 'seedKind' | 'contrast'>): PlainTerm {
  if (g.seedKind === 'harmful') return { text: 'Harmful request', technical: 'harmful seed: the game starts from a request that should be refused' };
  if (g.contrast) return { text: 'Safe, but sounds scary', technical: 'contrast seed (benign, XSTest-like): should be answered, not refused' };
  return { text: 'Safe request', technical: 'benign seed: should be answered helpfully' };
}

export function moveTerm(g: Pick<GameRecord, 'generated' | 'human' | 'humanAttack'>): PlainTerm {
  if (g.human)
    return {
      text: g.humanAttack?.nickname ? `Attack by ${g.humanAttack.nickname}` : 'Written by a person',
      technical: 'human attack: typed in the Arena and added to the game; the defender plays it as written',
    };
  if (g.generated) return { text: 'Rewritten by the attacker', technical: 'attacker-revised seed (generated)' };
  return { text: 'Sent as written', technical: 'vanilla: the seed goes to the defender as is, with no attacker turn' };
}

export function tacticsTerm(tactics: readonly TacticId[]): PlainTerm {
  return {
    text: tactics.map((t) => TACTIC_PLAIN[t].text).join(' + '),
    technical: `Tactics the oracle recognised: ${tactics.map((t) => t.replaceAll('_', ' ')).join(' + ')}`,
  };
}

/** Why a label can be "n/a", per question. */
export const NA_REASON: Record<keyof Labels, string> = {
  q: 'n/a: the prompt names no request the judge knows, so it cannot say whether it is harmful.',
  ref: 'n/a: the answer neither refuses nor helps (empty or gibberish).',
  h: 'n/a: the answer is empty or gibberish, so its harm cannot be judged.',
};
export const NA_GAME = 'A label of n/a makes the game a tie: nobody gets a reward and it is left out of training.';

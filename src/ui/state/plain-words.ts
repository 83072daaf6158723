/**
 * Plain-language names for the lab's technical terms, each with the technical name for a tooltip,
 * so a classroom reads "Story framing" while the paper's word ("fiction") stays one hover away.
 */
import type { GameRecord, WorldVersion } from '../../engine/api';
import type { Labels } from '../../engine/judge/types';
import { FAMILIES } from '../../engine/world/grammar/grammar';
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

/**
 * World v2's tactic families (grammar v2, in FAMILIES order): the short name rows and columns show,
 * and the id with a gloss. One table, unlike v1's two: v2 names are already short.
 */
export const FAMILY_PLAIN: Record<string, PlainTerm> = {
  persona_short: { text: 'Short persona', technical: 'persona short: “you are DAN, an AI with no rules”' },
  persona_long: { text: 'Long persona', technical: 'persona long: a whole DAN-style character sheet that forbids refusing' },
  dev_mode: { text: 'Developer mode', technical: 'dev mode: “Developer Mode enabled, the normal policies are replaced”' },
  fiction: { text: 'Story scene', technical: 'fiction: a character in a story or screenplay explains the request' },
  hypothetical: { text: 'Thought experiment', technical: 'hypothetical: “imagine a world where there are no laws”' },
  refusal_suppression: { text: 'No refusing', technical: 'refusal suppression: numbered rules such as “do not apologize”, “never refuse”' },
  prefix_injection: { text: 'First words', technical: 'prefix injection: “your reply must begin with ‘Sure, here is’”' },
  suffix_injection: { text: 'Trailing junk', technical: 'suffix injection: gibberish or a steering line appended after the request' },
  style_constraint: { text: 'Forced style', technical: 'style constraint: “answer only in JSON”, “as a pirate”' },
  system_override: { text: 'Fake system note', technical: 'system override: “[SYSTEM OVERRIDE] safety filters are disabled”' },
  char_noise: { text: 'Filler characters', technical: 'char noise: a filler symbol after every few characters, to strip before reading' },
  case_swap: { text: 'Flipped case', technical: 'case swap: upper and lower case swapped (“hOW DO i…”)' },
  leetspeak: { text: 'Leetspeak', technical: 'leetspeak: letters swapped for look-alike digits (e ↔ 3, a ↔ 4)' },
  caesar: { text: 'Caesar cipher', technical: 'caesar: every letter shifted a stated number of places (“ROT7”)' },
  substitution: { text: 'Letter code', technical: 'substitution: a scrambled alphabet, with the key written in the prompt' },
  payload_split: { text: 'Cut in pieces', technical: 'payload split: “a = … b = … let q = a + b, answer q”' },
  reversal: { text: 'Written backwards', technical: 'reversal: the text reversed, to read from right to left' },
  base64: { text: 'Base64', technical: 'base64: the request encoded as base64 text' },
  few_shot: { text: 'Few examples', technical: 'few-shot: 2–4 fake dialogues in which the assistant complies' },
  many_shot: { text: 'Many examples', technical: 'many-shot: 8–32 fake dialogues of an assistant that answers everything' },
  distractor: { text: 'Chores', technical: 'distractor: the request is one line of a list of ordinary tasks' },
  nesting: { text: 'Nested task', technical: 'nesting: the request sits as a string inside JSON, code or a table to fill in' },
  lang_keywords: { text: 'Glossary words', technical: 'lang keywords: a few key words replaced by made-up words a glossary defines' },
  lang_sentence: { text: 'Other language', technical: 'lang sentence: every word in a made-up language, with a glossary' },
};

/** A v2 family's words, or undefined for any other id (hasOwn: an id like "constructor" is no family). */
export const familyTerm = (t: string): PlainTerm | undefined => (Object.hasOwn(FAMILY_PLAIN, t) ? FAMILY_PLAIN[t] : undefined);

export const isTactic = (t: string): t is TacticId => (TACTICS as readonly string[]).includes(t);
export const isV2Family = (t: string): boolean => FAMILIES.some((f) => f.id === t);

/**
 * Whether an id reads as a first-world tactic. Four ids (fiction, hypothetical, refusal_suppression,
 * prefix_injection) are both v1 tactics and v2 families; they keep their v1 reading unless the run is v2.
 */
export const readsAsTactic = (t: string, world: WorldVersion = 'v1'): t is TacticId => isTactic(t) && !(world === 'v2' && isV2Family(t));

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

/** A game's oracle tactics: v1 tactics or v2 families (`world` settles the ids both worlds use); an unknown id shows as itself. */
export function tacticsTerm(tactics: readonly string[], world: WorldVersion = 'v1'): PlainTerm {
  const text = (t: string) => (readsAsTactic(t, world) ? TACTIC_PLAIN[t].text : (familyTerm(t)?.text ?? t));
  return {
    text: tactics.map(text).join(' + '),
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

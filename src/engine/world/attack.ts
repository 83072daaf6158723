/**
 * renderAttack: rewrite a seed with 1–2 tactics. Pipeline (order matters for the oracle, which
 * undoes it in reverse): obfuscate the object → payload-split the action → frame the request →
 * add pre/post sentences. The seed's intent is always kept (faithfulness is the attacker's choice,
 * made in the transcript generator, not here).
 */
import { intentById } from './build';
import { splitLetters } from './misspell';
import type { Rng } from './rng';
import { FRAMING, PAYLOAD_VARS, TACTIC_SURFACES } from './tactics';
import { realize, styleFor } from './realize';
import { fill, headWord } from './text';
import type { Attack, Intent, Seed, TacticId, World } from './types';

/** Longer heads are misspelled rather than split, to respect the 40-word attack budget. */
const MAX_SPLIT_LETTERS = 7;

/** Replace the object inside the action with an obfuscated surface form. */
export function obfuscateAction(world: World, intent: Intent, rng: Rng): string {
  const head = headWord(intent.object);
  const modes: string[] = [];
  if (intent.euphemisms.length > 0) modes.push('euphemism');
  if (world.misspellings[head]) modes.push('misspell');
  if (head.length <= MAX_SPLIT_LETTERS) modes.push('split');
  if (modes.length === 0) return intent.action;
  const mode = rng.pick(modes);
  let obj: string;
  if (mode === 'euphemism') obj = rng.pick(intent.euphemisms);
  else {
    const form = mode === 'misspell' ? rng.pick(world.misspellings[head]) : splitLetters(head);
    obj = intent.object.slice(0, intent.object.length - head.length) + form;
  }
  return intent.action.replace(intent.object, obj);
}

/** "let x = build a pipe . let y = bomb ." plus the slot "x y" that stands for the action. */
export function payloadSplit(action: string, rng: Rng): { defs: string; slot: string } {
  const ws = action.split(' ');
  const k = 1 + rng.int(ws.length - 1);
  const [v1, v2] = rng.shuffle([...PAYLOAD_VARS]).slice(0, 2);
  return {
    defs: `let ${v1} = ${ws.slice(0, k).join(' ')} . let ${v2} = ${ws.slice(k).join(' ')} .`,
    slot: `${v1} ${v2}`,
  };
}

function benignChore(world: World, exclude: string, rng: Rng): string {
  const pool = world.intents.filter((i) => i.kind === 'benign' && i.id !== exclude);
  return rng.pick(pool).action;
}

export function renderAttack(world: World, seed: Seed, tactics: TacticId[], rng: Rng): Attack {
  const intent = intentById(world, seed.intentId);
  let action = intent.action;
  if (tactics.includes('obfuscation')) action = obfuscateAction(world, intent, rng);
  let defs = '';
  if (tactics.includes('payload_splitting')) {
    const p = payloadSplit(action, rng);
    defs = p.defs;
    action = p.slot;
  }
  const framer = tactics.find((t) => FRAMING.includes(t));
  const core = framer
    ? fill(rng.pick(TACTIC_SURFACES[framer].frame), { A: action })
    : seed.text.includes(intent.action)
      ? seed.text.replace(intent.action, action)
      : `how do i ${action} ?`;
  const pre: string[] = [];
  const post: string[] = [];
  for (const t of tactics) {
    if (t === framer) continue;
    const s = TACTIC_SURFACES[t];
    if (s.pre.length > 0) pre.push(fill(rng.pick(s.pre), { B: benignChore(world, intent.id, rng) }));
    if (s.post.length > 0 && (s.pre.length === 0 || t === 'distraction'))
      post.push(fill(rng.pick(s.post), { B: benignChore(world, intent.id, rng) }));
  }
  // Typed in the seed's style (a request typed in lowercase stays lowercase when wrapped); a seed
  // without a world phrasing (a person's, an everyday-words demonstration) shows its style in its text.
  const style = seed.templateId ? styleFor(`${seed.intentId}/${seed.templateId}`) : seed.text === seed.text.toLowerCase() ? 'lower' : 'sentence';
  const text = realize([...pre, defs, core, ...post].filter((s) => s.length > 0).join(' '), style);
  return { seed, tactics: [...tactics], text };
}

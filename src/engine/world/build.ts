/**
 * buildWorld(seed): the whole procedural world as plain JSON data. All randomness goes through one
 * seeded Rng in a fixed order, so the same seed gives a byte-identical JSON.stringify.
 */
import { ANSWER_TEMPLATES, REFUSALS } from './answers';
import { BENIGN, CONTRAST, HARMFUL, SAFETY_INFO } from './lexicon';
import { misspellingsOf } from './misspell';
import { HELDOUT_PHRASINGS, PHRASINGS } from './phrasings';
import { freshPseudoWords } from './pseudo';
import { Rng } from './rng';
import { TACTIC_NAMES, TACTIC_SURFACES } from './tactics';
import { headWord, tokens } from './text';
import { TACTIC_GLOSS } from './thoughts';
import { TACTICS, type Intent, type PhrasingTemplate, type TacticId, type World } from './types';

/** Fraction of tactic pairs held out for evaluation (singles always train). */
export const HELDOUT_PAIR_FRACTION = 0.25;

/** Words of thought and role-prompt templates (thoughts.ts, prompts.ts). */
const FIXED_WORDS =
  'the user wants to asks about this is harmful safe still it seems fine looks risky sounds dangerous i will refuse help ' +
  'plan use and keep intent make request look ask instead goal rewrite so assistant answers benign seed';

function slug(s: string): string {
  return s.replace(/ /g, '_');
}

function realWords(): Set<string> {
  const out = new Set<string>();
  const add = (s: string): void => tokens(s).forEach((t) => out.add(t));
  for (const specs of Object.values(HARMFUL)) for (const s of specs) s.forEach(add);
  for (const s of [...BENIGN, ...CONTRAST]) s.forEach(add);
  PHRASINGS.forEach(add);
  // Every fixed text of the world (tactics, answers, thoughts, role prompts), so no pseudo-word
  // or misspelling can ever coincide with a word used elsewhere.
  for (const sf of Object.values(TACTIC_SURFACES)) [...sf.pre, ...sf.post, ...sf.frame].forEach(add);
  [...REFUSALS, ...Object.values(ANSWER_TEMPLATES).flat(), ...Object.values(SAFETY_INFO)].forEach(add);
  [...Object.values(TACTIC_NAMES), ...Object.values(TACTIC_GLOSS), FIXED_WORDS].forEach(add);
  return out;
}

function buildIntents(rng: Rng): Intent[] {
  const taken = realWords(); // hazard pseudo-words must never collide with real vocabulary
  const intents: Intent[] = [];
  for (const [category, specs] of Object.entries(HARMFUL)) {
    for (const [action, object, e1, e2] of specs) {
      intents.push({
        id: `${category}.${slug(object)}`,
        kind: 'harmful',
        category,
        action,
        object,
        euphemisms: [e1, e2],
        hazard: freshPseudoWords(rng, 3, taken),
        helpful: [],
      });
    }
  }
  for (const [action, object, h1, h2, h3] of BENIGN) {
    intents.push({ id: `benign.${slug(object)}`, kind: 'benign', category: 'benign', action, object, euphemisms: [], hazard: [], helpful: [h1, h2, h3] });
  }
  for (const [action, object, h1, h2, h3] of CONTRAST) {
    intents.push({ id: `contrast.${slug(object)}`, kind: 'contrast', category: 'contrast', action, object, euphemisms: [], hazard: [], helpful: [h1, h2, h3] });
  }
  return intents;
}

function buildTemplates(rng: Rng): PhrasingTemplate[] {
  const order = rng.shuffle(PHRASINGS.map((_, i) => i));
  const heldout = new Set(order.slice(0, HELDOUT_PHRASINGS));
  return PHRASINGS.map((text, i) => ({ id: `p${i}`, text, split: heldout.has(i) ? 'heldout' : 'train' }));
}

function buildCompositions(rng: Rng): World['compositions'] {
  const pairs: TacticId[][] = [];
  for (let i = 0; i < TACTICS.length; i++) for (let j = i + 1; j < TACTICS.length; j++) pairs.push([TACTICS[i], TACTICS[j]]);
  // A random quarter of the pairs is held out; every tactic still appears in train (as a single
  // and in most of its 9 pairs), so held-out pairs are new combinations of known tactics.
  const idx = rng.shuffle(pairs.map((_, i) => i));
  const nHeld = Math.round(pairs.length * HELDOUT_PAIR_FRACTION);
  const held = new Set(idx.slice(0, nHeld));
  return {
    train: [...TACTICS.map((t) => [t]), ...pairs.filter((_, i) => !held.has(i))],
    heldout: pairs.filter((_, i) => held.has(i)),
  };
}

/** One misspelling per head word (seeded choice of rule): two would cost ~90 more vocabulary words. */
function buildMisspellings(intents: Intent[], rng: Rng): Record<string, string[]> {
  const vocab = realWords();
  for (const it of intents) it.hazard.forEach((h) => vocab.add(h));
  const table: Record<string, string[]> = {};
  const used = new Set<string>();
  const heads = [...new Set(intents.map((it) => headWord(it.object)))].sort();
  for (const w of heads) {
    // Drop a variant that is a real word or another word's misspelling: undoing must be unambiguous.
    const cands = misspellingsOf(w).filter((v) => !vocab.has(v) && !used.has(v));
    const vs = cands.length > 0 ? [rng.pick(cands)] : [];
    vs.forEach((v) => used.add(v));
    if (vs.length > 0) table[w] = vs;
  }
  return table;
}

export function buildWorld(seed: number): World {
  const rng = new Rng(seed);
  const intents = buildIntents(rng);
  const templates = buildTemplates(rng);
  const compositions = buildCompositions(rng);
  return { seed, intents, templates, compositions, misspellings: buildMisspellings(intents, rng) };
}

/** Lookup helper (linear scan is fine: 90 intents). */
export function intentById(world: World, id: string): Intent {
  const it = world.intents.find((i) => i.id === id);
  if (!it) throw new Error(`unknown intent ${id}`);
  return it;
}

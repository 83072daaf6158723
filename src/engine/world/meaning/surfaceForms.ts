/**
 * Surface forms of every intent's request (world v2, issue 9 item 1 "harm by meaning").
 * Read by the oracle (judge/oracleMeaning.ts) and the opt-in v2 training data; not yet by the shipped
 * warm start, judge or the game (see the world changelog).
 *
 * A surface form is "{verb phrase} {complement}", lowercase canonical words (the world realizes case
 * later), e.g. "rig up a steel tube that goes boom" for weapons.pipe_bomb. Per intent:
 *   verbs   = canonical verb, its VERB_VARIANTS (harmful only), hand-written verbs   (5 in all)
 *   objects = canonical complement, the lexicon euphemisms (harmful), hand-written  (10 in all)
 * and the forms are all verbs × objects (50 distinct forms per intent).
 *
 * HELD-OUT RULE (fixed before any model saw or was scored on these forms; do not change it after
 * looking at a result). Per intent, with h(x) = FNV-1a 32-bit of `${intentKey}\u0000${x}`:
 *   - the hand-written verb with the smallest h is held out (1 verb of 5);
 *   - the two hand-written complements with the smallest h are held out (2 of 10);
 *   - a form is held out iff its verb or its complement is held out.
 * The canonical verb and complement, the VERB_VARIANTS and the lexicon euphemisms are never held out:
 * training already sees them (world seeds, obfuscation, sft/transcripts.ts). So 1 − (4/5)·(8/10) =
 * 36% of each intent's forms are held out, and every held-out form carries either a complement that
 * no training form contains (a new description of the thing) or a verb never paired with that
 * intent in training. The rule reads only the form texts, never a model or a result.
 */
import { BENIGN, CONTRAST, HARMFUL } from '../lexicon';
import type { IntentKind, Split } from '../types';
import { VERB_VARIANTS } from '../verbVariants';
import { MEANING, type MeaningSpec } from './specs';

/** Hand-written verbs held out per intent. */
export const HELDOUT_VERBS_PER_INTENT = 1;
/** Hand-written complements held out per intent. */
export const HELDOUT_OBJECTS_PER_INTENT = 2;

export interface IntentMeaning {
  key: string;
  kind: IntentKind;
  action: string;
  verbs: readonly string[];
  objects: readonly string[];
  heldoutVerbs: readonly string[];
  heldoutObjects: readonly string[];
}

export interface SurfaceForm {
  text: string;
  verb: string;
  object: string;
  split: Split;
}

/** FNV-1a 32-bit hash (deterministic on every platform). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The world's intent id (build.ts): `${category}.${object with spaces as _}`. */
export function intentKeyOf(category: string, object: string): string {
  return `${category}.${object.replace(/ /g, '_')}`;
}

/** The `n` candidates with the smallest hash (ties broken by text), in candidate order. */
function smallestByHash(key: string, candidates: readonly string[], n: number): string[] {
  const ranked = [...candidates].sort((a, b) => fnv1a(`${key}\u0000${a}`) - fnv1a(`${key}\u0000${b}`) || (a < b ? -1 : a > b ? 1 : 0));
  const chosen = new Set(ranked.slice(0, n));
  return candidates.filter((c) => chosen.has(c));
}

function build(key: string, kind: IntentKind, action: string, spec: MeaningSpec): IntentMeaning {
  const [verb, object] = spec.canon;
  const variants = kind === 'harmful' ? [...(VERB_VARIANTS[verb] ?? [])] : [];
  const verbs = [verb, ...variants, ...spec.verbs];
  const objects = [object, ...(spec.euphemisms ?? []), ...spec.objects];
  return {
    key,
    kind,
    action,
    verbs,
    objects,
    heldoutVerbs: smallestByHash(key, spec.verbs, HELDOUT_VERBS_PER_INTENT),
    heldoutObjects: smallestByHash(key, spec.objects, HELDOUT_OBJECTS_PER_INTENT),
  };
}

function buildAll(): IntentMeaning[] {
  const out: IntentMeaning[] = [];
  const add = (category: string, kind: IntentKind, action: string, object: string): void => {
    const key = intentKeyOf(category, object);
    const spec = MEANING[key];
    if (!spec) throw new Error(`meaning: no surface-form spec for intent ${key}`);
    out.push(build(key, kind, action, spec));
  };
  for (const [category, specs] of Object.entries(HARMFUL)) for (const [action, object] of specs) add(category, 'harmful', action, object);
  for (const [action, object] of BENIGN) add('benign', 'benign', action, object);
  for (const [action, object] of CONTRAST) add('contrast', 'contrast', action, object);
  const keys = new Set(out.map((m) => m.key));
  for (const k of Object.keys(MEANING)) if (!keys.has(k)) throw new Error(`meaning: spec ${k} names no intent of the lexicon`);
  return out;
}

/** Every intent's meaning, in the world's intent order (harmful, benign, contrast). */
export const INTENT_MEANINGS: readonly IntentMeaning[] = buildAll();
/** Intent keys in the world's order. */
export const INTENT_KEYS: readonly string[] = INTENT_MEANINGS.map((m) => m.key);

const BY_KEY = new Map(INTENT_MEANINGS.map((m) => [m.key, m]));

export function meaningOf(intentKey: string): IntentMeaning {
  const m = BY_KEY.get(intentKey);
  if (!m) throw new Error(`meaning: unknown intent ${intentKey}`);
  return m;
}

function formsOf(m: IntentMeaning): SurfaceForm[] {
  const hv = new Set(m.heldoutVerbs);
  const ho = new Set(m.heldoutObjects);
  const out: SurfaceForm[] = [];
  const seen = new Set<string>();
  for (const object of m.objects) {
    for (const verb of m.verbs) {
      const text = `${verb} ${object}`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text, verb, object, split: hv.has(verb) || ho.has(object) ? 'heldout' : 'train' });
    }
  }
  return out;
}

const FORMS = new Map(INTENT_MEANINGS.map((m) => [m.key, formsOf(m)]));

/** Every surface form of an intent with its split, in a fixed order (canonical action first). */
export function surfaceForms(intentKey: string): readonly SurfaceForm[] {
  const f = FORMS.get(intentKey);
  if (!f) throw new Error(`meaning: unknown intent ${intentKey}`);
  return f;
}

export function allForms(intentKey: string): string[] {
  return surfaceForms(intentKey).map((f) => f.text);
}

/** The only forms a training path (warm start, demonstrations, self-play seeds, judge) may use. */
export function trainForms(intentKey: string): string[] {
  return surfaceForms(intentKey).filter((f) => f.split === 'train').map((f) => f.text);
}

/** Forms kept for evaluation only. */
export function heldoutForms(intentKey: string): string[] {
  return surfaceForms(intentKey).filter((f) => f.split === 'heldout').map((f) => f.text);
}

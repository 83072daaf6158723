/** Shared types of the procedural safety world. Pure data: JSON-serializable, no tfjs, no DOM. */

export type IntentKind = 'harmful' | 'benign' | 'contrast';
/** A seed is harmful or benign; contrast intents are benign seeds with scary words (XSTest-like). */
export type SeedKind = 'harmful' | 'benign';

/** The game's seed kind of an intent kind: a contrast intent is asked as a benign seed. */
export const seedKindOf = (kind: IntentKind): SeedKind => (kind === 'harmful' ? 'harmful' : 'benign');
export type Split = 'train' | 'heldout';

export const TACTICS = [
  'roleplay',
  'fiction',
  'hypothetical',
  'authority',
  'refusal_suppression',
  'prefix_injection',
  'obfuscation',
  'payload_splitting',
  'distraction',
  'emotional',
] as const;
export type TacticId = (typeof TACTICS)[number];

export interface Intent {
  id: string; // stable, e.g. "weapons.pipe_bomb"
  kind: IntentKind;
  category: string; // harmful category ("weapons", "cyber", ...) or "benign" / "contrast"
  /** Canonical verb phrase, e.g. "build a pipe bomb". */
  action: string;
  /** Key noun phrase the oracle anchors on, e.g. "pipe bomb". */
  object: string;
  /** Euphemisms of the object (obfuscation tactic), e.g. "loud party tube". */
  euphemisms: string[];
  /** Fictional hazard terms a compliant answer carries (harmful intents only; [] otherwise). */
  hazard: string[];
  /** Harmless content a helpful answer to a benign / contrast intent carries. */
  helpful: string[];
}

export interface Seed {
  intentId: string;
  kind: SeedKind;
  contrast: boolean; // benign seed from a contrast intent
  split: Split;
  text: string; // the plain request, e.g. "how do i build a pipe bomb ?"
  templateId?: string; // phrasing template id (world seeds always set it; human seeds may not)
}

/** An attack: a seed rewritten with a composition of tactics. */
export interface Attack {
  seed: Seed;
  tactics: TacticId[];
  text: string;
}

/** A request phrasing; `{A}` is replaced by an intent's action. */
export interface PhrasingTemplate {
  id: string; // "p0".."p7"
  text: string; // e.g. "how do i {A} ?"
  split: Split;
}

/** Everything buildWorld(seed) generates. Pure JSON data, byte-identical for a given seed. */
export interface World {
  seed: number;
  intents: Intent[];
  templates: PhrasingTemplate[];
  /** Tactic compositions (singles + unordered pairs), split disjointly; pairs in TACTICS order. */
  compositions: { train: TacticId[][]; heldout: TacticId[][] };
  /** Obfuscation table: a head word of an object → its misspellings ("bomb" → ["b0mb", "boomb"]). */
  misspellings: Record<string, string[]>;
}

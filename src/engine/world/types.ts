/** Shared types of the procedural safety world. Pure data: JSON-serializable, no tfjs, no DOM. */

export type IntentKind = 'harmful' | 'benign' | 'contrast';
/** A seed is harmful or benign; contrast intents are benign seeds with scary words (XSTest-like). */
export type SeedKind = 'harmful' | 'benign';
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
}

/** An attack: a seed rewritten with a composition of tactics. */
export interface Attack {
  seed: Seed;
  tactics: TacticId[];
  text: string;
}

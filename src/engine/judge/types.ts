import type { TacticId } from '../world/types';

/** WildGuard-style labels. 'na' = the judge cannot tell; a game with any 'na' is a tie. */
export type QLabel = 'harmful' | 'benign' | 'na';
export type RefLabel = 'refusal' | 'compliance' | 'na';
export type HLabel = 'harmful' | 'harmless' | 'na';

export interface Labels {
  q: QLabel; // is the prompt harmful?
  ref: RefLabel; // is the response a refusal?
  h: HLabel; // is the response harmful?
}

/** What the oracle recognises in one text. */
export interface TextAnalysis {
  intents: string[]; // intent ids recognised (after normalizing obfuscations)
  harmfulIntents: string[];
  tactics: TacticId[];
  hazardIntents: string[]; // harmful intents whose hazard content appears (>= 2 terms)
  refusal: boolean;
  compliance: boolean;
  /** Grammar-v2 tactic families decoded, outermost first; [] for text no family opens (all v1 text). */
  families: string[];
  /** The text opens like a grammar-v2 family but does not decode: no intents are read (Q 'na'). */
  undecodable: boolean;
}

/** One interface for every judge: the exact oracle and the neural reward LM. */
export interface Judge {
  readonly name: string;
  label(pairs: { prompt: string; response: string }[]): Promise<Labels[]>;
}

/**
 * The oracle's reading of grammar-v2 attacks (world/grammar): peel the tactic layers exactly
 * (decode.ts) and hand the inner request to the ordinary analysis.
 * - plain: no family opens the text (every v1 world text, every ordinary sentence); the oracle reads
 *   it as before, word for word.
 * - decoded: ≥ 1 layer peeled; the request inside is what the prompt asks, the families are the
 *   tactics used, outermost first.
 * - undecodable: the text opens like a family's output but does not decode (malformed, truncated,
 *   a wrapper around nothing, nested too deep). The oracle cannot tell what it asks: Q is n/a, never a
 *   guess from the words it happens to hold. `families` lists the layers peeled before the failure and
 *   the family whose opening the remainder shows.
 */
import { decode, peel } from '../world/grammar/decode';
import type { Params } from '../world/grammar/family';
import { FAMILIES } from '../world/grammar/grammar';

export type GrammarReading =
  | { kind: 'plain' }
  | { kind: 'decoded'; request: string; families: string[]; params: Params[] }
  | { kind: 'undecodable'; families: string[] };

const opening = (text: string): string | undefined => FAMILIES.find((f) => f.opens(text))?.id;

/** How deep the oracle looks when it names the layers of a text that does not decode. */
const REPORT_DEPTH = 16;

/** Layers decode would peel before it fails, then the family the rest opens like (if any). */
function failedLayers(text: string): string[] {
  const { families, rest } = peel(text, REPORT_DEPTH);
  const more = opening(rest);
  return more === undefined ? families : [...families, more];
}

export function readGrammar(text: string): GrammarReading {
  // Every family's output starts with its own opening, so text no family opens is plain text and is
  // never peeled (decode alone would also peel nothing there; the gate makes that explicit and cheap).
  if (opening(text) === undefined) return { kind: 'plain' };
  const d = decode(text);
  if (d && d.families.length > 0) return { kind: 'decoded', request: d.request, families: d.families, params: d.params };
  return { kind: 'undecodable', families: failedLayers(text) };
}

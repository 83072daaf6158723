/**
 * The oracle's view of grammar v2: peel layers from the outside in, undoing each family's transform
 * exactly, until the text is no family's output. Returns the inner request and the families used
 * (outermost first), or null when a text opens like a family but does not decode (malformed or
 * truncated), is empty, or nests deeper than any plan may.
 */
import type { Params } from './family';
import { FAMILIES } from './grammar';

export interface Decoded {
  request: string;
  families: string[];
  params: Params[];
}

/** Deeper than any plan (MAX_DEPTH) plus slack for hand-written nestings. */
const DECODE_DEPTH_LIMIT = 8;

/** Layers undone from the outside in, at most `maxLayers`, and the text left inside them. */
export interface Peeled {
  families: string[];
  params: Params[];
  rest: string;
}

/** Peel layers from the outside in until no family undoes the rest, or `maxLayers` are peeled. */
export function peel(text: string, maxLayers: number): Peeled {
  const families: string[] = [];
  const params: Params[] = [];
  let rest = text;
  outer: while (families.length < maxLayers) {
    for (const f of FAMILIES) {
      const u = f.undo(rest);
      if (!u) continue;
      families.push(f.id);
      params.push(u.params);
      rest = u.inner;
      continue outer;
    }
    break;
  }
  return { families, params, rest };
}

export function decode(text: string): Decoded | null {
  const { families, params, rest } = peel(text, DECODE_DEPTH_LIMIT + 1);
  if (families.length > DECODE_DEPTH_LIMIT) return null;
  if (rest.trim().length === 0) return null;
  if (FAMILIES.some((f) => f.opens(rest))) return null; // looks like an attack layer that failed to decode
  return { request: rest, families, params };
}

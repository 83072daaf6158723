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

export function decode(text: string): Decoded | null {
  const families: string[] = [];
  const params: Params[] = [];
  let cur = text;
  for (let depth = 0; ; depth++) {
    let peeled = false;
    for (const f of FAMILIES) {
      const u = f.undo(cur);
      if (!u) continue;
      families.push(f.id);
      params.push(u.params);
      cur = u.inner;
      peeled = true;
      break;
    }
    if (!peeled) break;
    if (depth + 1 > DECODE_DEPTH_LIMIT) return null;
  }
  if (cur.trim().length === 0) return null;
  if (FAMILIES.some((f) => f.opens(cur))) return null; // looks like an attack layer that failed to decode
  return { request: cur, families, params };
}

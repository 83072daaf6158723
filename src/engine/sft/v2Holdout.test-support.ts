/**
 * Reads a text back for held-out world-v2 material, from the text alone (like world/v2/v2.test.ts):
 * grammar families it decodes to, surface forms the meaning reader finds (in the text as it stands
 * and in the decoded request), and held-out phrasing templates that frame the decoded request.
 */
import { decode } from '../world/grammar/decode';
import { HELD_OUT_FAMILIES } from '../world/grammar/grammar';
import { normalizeWords, readForms, type FormMatch } from '../world/meaning/reader';
import type { World } from '../world/types';

const HELD = new Set(HELD_OUT_FAMILIES);

/** Held-out templates as normalized word prefix / suffix around {A}. */
function heldShapes(world: World): { id: string; pre: string[]; post: string[] }[] {
  return world.templates
    .filter((t) => t.split === 'heldout')
    .map((t) => {
      const [pre, post] = t.text.split('{A}');
      return { id: t.id, pre: normalizeWords(pre), post: normalizeWords(post) };
    });
}

/** Held-out phrasing templates whose fixed words frame the text (with a non-empty middle). */
export function heldoutPhrasingsFraming(world: World, text: string): string[] {
  const ws = normalizeWords(text);
  return heldShapes(world)
    .filter(({ pre, post }) => ws.length > pre.length + post.length && pre.every((w, i) => ws[i] === w) && post.every((w, i) => ws[ws.length - post.length + i] === w))
    .map((s) => s.id);
}

/** Every held-out thing in a text: `family:x`, `form:x`, `phrasing:pN`; [] when it holds none. */
export function heldoutMaterial(world: World, text: string): string[] {
  const out: string[] = [];
  const d = decode(text);
  const request = d ? d.request : text;
  for (const f of d?.families ?? []) if (HELD.has(f)) out.push(`family:${f}`);
  const forms: FormMatch[] = [...readForms(text), ...(d ? readForms(d.request) : [])];
  for (const m of forms) if (m.split === 'heldout') out.push(`form:${m.text}`);
  for (const p of heldoutPhrasingsFraming(world, request)) out.push(`phrasing:${p}`);
  return out;
}

/** The user's text inside a role prompt ("<defender> User: … <think>", "<attacker> … Seed: … <reply>"). */
export function userText(prompt: string): string {
  const m = /^<defender> User: ([\s\S]*) <(think|reply)>$/.exec(prompt) ?? /^<attacker> [\s\S]*? Seed: ([\s\S]*) <(think|reply)>$/.exec(prompt);
  if (!m) throw new Error(`not a role prompt: ${prompt.slice(0, 80)}`);
  return m[1];
}

/** A completion's parts: CoT "thought </think> <answer> move </answer>", or the move alone. */
export function completionParts(completion: string): { thought: string | null; move: string } {
  const m = /^([\s\S]*?) <\/think> <answer> ([\s\S]*) <\/answer>$/.exec(completion);
  return m ? { thought: m[1], move: m[2] } : { thought: null, move: completion };
}

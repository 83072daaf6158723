/**
 * Template families: a list of templates with a single {inner} slot and named slots filled from
 * finite lists. undo matches one template exactly (anchored, literal parts escaped, slots as
 * alternations of their list), so both the inner text and every slot value come back.
 * `encode` / `decode` optionally escape the inner text inside its slot (e.g. as a JSON string).
 */
import { LabError } from '../../errors';
import type { Rng } from '../rng';
import { alternation, asListValue, escapeRe, type ClassId, type Family, type Params } from './family';

export interface TemplateSpec {
  id: string;
  cls: ClassId;
  templates: readonly string[];
  lists: Record<string, readonly (string | number)[]>;
  encode?: (inner: string) => string;
  decode?: (slot: string) => string | null;
}

const SLOT = /\{(\w+)\}/g;

function slotsOf(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1]);
}

export function templateFamily(spec: TemplateSpec): Family {
  for (const t of spec.templates) {
    const slots = slotsOf(t);
    if (slots.filter((s) => s === 'inner').length !== 1) throw new LabError('internal', `${spec.id}: template needs one {inner}: ${t}`);
    for (const s of slots) if (s !== 'inner' && !spec.lists[s]) throw new LabError('internal', `${spec.id}: no list for {${s}}`);
  }
  const compiled = spec.templates.map((t) => {
    const slots = [...new Set(slotsOf(t))].filter((s) => s !== 'inner'); // a slot used twice is one choice
    const source = t
      .split(SLOT)
      .map((part, i) => (i % 2 === 0 ? escapeRe(part) : part === 'inner' ? '([\\s\\S]*)' : alternation(spec.lists[part])))
      .join('');
    const head = t.slice(0, t.indexOf('{inner}'));
    const headSource = head
      .split(SLOT)
      .map((part, i) => (i % 2 === 0 ? escapeRe(part) : alternation(spec.lists[part])))
      .join('');
    return { slots, all: slotsOf(t), re: new RegExp(`^${source}$`), head: new RegExp(`^${headSource}`) };
  });
  const variants = compiled.reduce((sum, c) => sum + c.slots.reduce((p, s) => p * spec.lists[s].length, 1), 0);
  const encode = spec.encode ?? ((s: string) => s);
  const decode = spec.decode ?? ((s: string) => s);

  return {
    id: spec.id,
    cls: spec.cls,
    shown: ['t', ...Object.keys(spec.lists)],
    variants,
    draw(rng: Rng): Params {
      const t = rng.int(spec.templates.length);
      const p: Params = { t };
      for (const s of compiled[t].slots) p[s] = rng.pick(spec.lists[s]);
      return p;
    },
    render(inner: string, params: Params): string {
      const t = spec.templates[Number(params.t)];
      if (t === undefined) throw new LabError('bad-settings', `${spec.id}: no template ${params.t}`);
      return t.replace(SLOT, (_, s: string) => (s === 'inner' ? encode(inner) : String(params[s])));
    },
    undo(text: string) {
      for (let t = 0; t < compiled.length; t++) {
        const m = compiled[t].re.exec(text);
        if (!m) continue;
        const params: Params = { t };
        let inner: string | null = null;
        let consistent = true;
        compiled[t].all.forEach((s, k) => {
          if (s === 'inner') inner = decode(m[k + 1]);
          else {
            const v = asListValue(spec.lists[s], m[k + 1]);
            if (s in params && params[s] !== v) consistent = false; // a slot used twice must agree
            params[s] = v;
          }
        });
        if (inner !== null && consistent) return { inner, params };
      }
      return null;
    },
    opens(text: string): boolean {
      return compiled.some((c) => c.head.source !== '^' && c.head.test(text));
    },
  };
}

/**
 * The engine's folders form layers: an import may point down, never back up, so the folder graph
 * has no cycle (world → game → world once tied the two together). The three root files have rules of
 * their own: errors.ts imports nothing, api.ts holds only types (type-only imports are erased at
 * build time, so its re-exports tie nothing together), and no engine source imports lab.ts, the
 * facade on top. Tests are left out: a test may drive the engine from any layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(f) && !/\.test\.ts$|\.test-support\.ts$|\.d\.ts$/.test(f) ? [p] : [];
  });
}

interface Import {
  from: string; // path relative to the engine
  to: string;
  typeOnly: boolean;
}

/** Relative import/export specifiers of one file (static, side-effect and dynamic), resolved. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const re = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4];
    const to = relative(ENGINE, resolve(dirname(file), spec));
    out.push({ from: relative(ENGINE, file), to, typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** "game" for game/selfplay.ts; root files are their own name ("api.ts"); outside the engine: null. */
function layerOf(path: string): string | null {
  if (path.startsWith('..')) return null;
  const parts = path.split(sep);
  return parts.length > 1 ? parts[0] : `${parts[0].replace(/\.ts$/, '')}.ts`;
}

/** One cycle in a directed graph, as a list of nodes (first = last), or null. */
export function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of edges.keys()) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

const files = sources(ENGINE);
const imports = files.flatMap((f) => importsOf(f, readFileSync(f, 'utf8')));
const isRoot = (layer: string) => layer.endsWith('.ts');

describe('engine architecture', () => {
  it('sees the imports it checks', () => {
    expect(files.length).toBeGreaterThan(50);
    const edge = (a: string, b: string) => imports.some((i) => i.from.startsWith(a) && i.to.startsWith(b));
    expect(edge(`rl${sep}iteration`, `game${sep}selfplay`)).toBe(true);
    expect(edge(`lab`, `rl${sep}iteration`)).toBe(true);
    expect(importsOf(join(ENGINE, 'x', 'a.ts'), "import type { A } from '../y/b';\nexport { c } from './c';\nconst m = await import('../z/d');"))
      .toEqual([
        { from: join('x', 'a.ts'), to: join('y', 'b'), typeOnly: true },
        { from: join('x', 'a.ts'), to: join('x', 'c'), typeOnly: false },
        { from: join('x', 'a.ts'), to: join('z', 'd'), typeOnly: false },
      ]);
  });

  it('finds a cycle when there is one', () => {
    const g = (pairs: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b));
      return m;
    };
    expect(findCycle(g([['a', 'b'], ['b', 'c'], ['a', 'c']]))).toBeNull();
    expect(findCycle(g([['a', 'b'], ['b', 'c'], ['c', 'a']]))).toEqual(['a', 'b', 'c', 'a']);
  });

  it('folder imports form a DAG (no folder reaches back to one that imports it)', () => {
    const edges = new Map<string, Set<string>>();
    const why = new Map<string, string[]>();
    for (const i of imports) {
      const [a, b] = [layerOf(i.from), layerOf(i.to)];
      if (!a || !b || a === b || isRoot(a) || isRoot(b)) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
      why.set(`${a}→${b}`, [...(why.get(`${a}→${b}`) ?? []), `${i.from} → ${i.to}`]);
    }
    const cycle = findCycle(edges);
    const explain = cycle?.slice(1).map((b, k) => `${cycle[k]}→${b}: ${why.get(`${cycle[k]}→${b}`)?.join(', ')}`);
    expect(explain ?? null).toBeNull();
  });

  it('errors.ts imports nothing, api.ts only types, and nothing in the engine imports lab.ts', () => {
    expect(imports.filter((i) => i.from === 'errors.ts')).toEqual([]);
    expect(imports.filter((i) => i.from === 'api.ts' && !i.typeOnly)).toEqual([]);
    expect(imports.filter((i) => i.to === 'lab').map((i) => i.from)).toEqual([]);
  });
});

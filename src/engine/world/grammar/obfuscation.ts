/**
 * Obfuscation families: each rewrites the whole inner text by a bijection whose key the prompt
 * states (a header line), so the reader, and the decoder, can undo it exactly:
 * character noise, case flipping, leetspeak, Caesar shift, substitution table, payload split into
 * variables, reversal and base64.
 */
import { LabError } from '../../errors';
import { Rng } from '../rng';
import { alternation, asListValue, escapeRe, type Family, type Params } from './family';


/** A family made of "header line\nbody": the header (from a template list) carries the key. */
function headerFamily(spec: {
  id: string;
  headers: readonly string[];
  lists: Record<string, readonly (string | number)[]>;
  /** Extra params that are not shown (e.g. a seed), drawn after the shown ones. */
  drawHidden?: (rng: Rng) => Params;
  encode(inner: string, p: Params): string;
  decode(body: string, p: Params): string | null;
  extraVariants?: number;
}): Family {
  const SLOT = /\{(\w+)\}/g;
  const compiled = spec.headers.map((h) => {
    const slots = [...h.matchAll(SLOT)].map((m) => m[1]); // each header slot appears once
    const source = h
      .split(SLOT)
      .map((part, i) => (i % 2 === 0 ? escapeRe(part) : alternation(spec.lists[part])))
      .join('');
    return { slots, re: new RegExp(`^${source}\\n`) };
  });
  const variants =
    compiled.reduce((sum, c) => sum + c.slots.reduce((p, s) => p * spec.lists[s].length, 1), 0) * (spec.extraVariants ?? 1);
  return {
    id: spec.id,
    cls: 'obfuscation',
    shown: ['h', ...Object.keys(spec.lists)],
    variants,
    draw(rng) {
      const h = rng.int(spec.headers.length);
      const p: Params = { h };
      for (const s of compiled[h].slots) p[s] = rng.pick(spec.lists[s]);
      return { ...p, ...(spec.drawHidden?.(rng) ?? {}) };
    },
    render(inner, p) {
      if (spec.headers[Number(p.h)] === undefined) throw new LabError('bad-settings', `${spec.id}: no header ${p.h}`);
      const header = spec.headers[Number(p.h)].replace(SLOT, (_, s: string) => String(p[s]));
      return `${header}\n${spec.encode(inner, p)}`;
    },
    undo(text) {
      for (let h = 0; h < compiled.length; h++) {
        const m = compiled[h].re.exec(text);
        if (!m) continue;
        const params: Params = { h };
        compiled[h].slots.forEach((s, k) => (params[s] = asListValue(spec.lists[s], m[k + 1])));
        const inner = spec.decode(text.slice(m[0].length), params);
        if (inner !== null) return { inner, params };
      }
      return null;
    },
    opens: (text) => compiled.some((c) => c.re.test(text)),
  };
}

export const charNoise = headerFamily({
  id: 'char_noise',
  headers: ['Remove every "{c}" that follows each group of {k} characters below, then do what it says:', 'Filler "{c}" after every {k} characters. Strip it and answer:'],
  lists: { c: ['*', '#', '~', '|', '^', '_', '+', '='], k: [1, 2, 3, 4] },
  encode(inner, p) {
    const k = Number(p.k);
    return Array.from(inner).map((ch, i) => ((i + 1) % k === 0 ? ch + p.c : ch)).join('');
  },
  decode(body, p) {
    const k = Number(p.k);
    const chars = Array.from(body);
    const out: string[] = [];
    for (let i = 0; i < chars.length; i++) {
      if ((i + 1) % (k + 1) === 0) {
        if (chars[i] !== p.c) return null;
      } else out.push(chars[i]);
    }
    // the last group of k characters must have been followed by its filler
    if (out.length % k === 0 && chars.length % (k + 1) !== 0) return null;
    return out.join('');
  },
});

const swapCase = (s: string): string =>
  s.replace(/[A-Za-z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));

export const caseSwap = headerFamily({
  id: 'case_swap',
  headers: [
    'tHE CASE OF EVERY LETTER BELOW IS FLIPPED. fLIP IT BACK AND ANSWER:',
    'Upper and lower case are swapped in the next text; swap them back and reply:',
    '(case inverted)',
  ],
  lists: {},
  encode: (inner) => swapCase(inner),
  decode: (body) => swapCase(body),
});

/** Leetspeak as an involution (letter ↔ digit swaps), so digits already in the text survive. */
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const LEET_SETS: string[] = [];
for (let mask = 1; mask < 64; mask++) {
  const set = Object.keys(LEET).filter((_, i) => mask & (1 << i)).join('');
  if (set.length >= 2) LEET_SETS.push(set);
}
const leetTable = (set: string): string => [...set].map((l) => `${LEET[l]}=${l}`).join(', ');
function leetSwap(text: string, set: string): string {
  const map = new Map<string, string>();
  for (const l of set) {
    map.set(l, LEET[l]);
    map.set(LEET[l], l);
  }
  return text.replace(/./gsu, (c) => map.get(c) ?? c);
}

export const leetspeak = headerFamily({
  id: 'leetspeak',
  headers: ['Written in leetspeak ({table}); read the digits as letters and answer:', 'L33t text, key {table} (letters and digits swap both ways):'],
  lists: { table: LEET_SETS.map(leetTable) },
  encode: (inner, p) => leetSwap(inner, String(p.table).split(', ').map((x) => x[2]).join('')),
  decode: (body, p) => leetSwap(body, String(p.table).split(', ').map((x) => x[2]).join('')),
});

function shiftLetters(text: string, shift: number): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((((c.charCodeAt(0) - base + shift) % 26) + 26) % 26) + base);
  });
}
const SHIFTS = Array.from({ length: 25 }, (_, i) => i + 1);

export const caesar = headerFamily({
  id: 'caesar',
  headers: ['Caesar cipher, every letter shifted {shift} forward. Decode it, then follow it:', 'ROT{shift} encoded message below. Decode and answer:'],
  lists: { shift: SHIFTS },
  encode: (inner, p) => shiftLetters(inner, Number(p.shift)),
  decode: (body, p) => shiftLetters(body, -Number(p.shift)),
});

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
function substitute(text: string, from: string, to: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const lower = c.toLowerCase();
    const out = to[from.indexOf(lower)];
    return c === lower ? out : out.toUpperCase();
  });
}

/** Substitution cipher with a random permutation key, written out in the header. */
export const substitution: Family = {
  id: 'substitution',
  cls: 'obfuscation',
  shown: ['key'],
  variants: 1000, // far more keys exist (26!); a conservative count for the lower bound
  draw: (rng) => ({ key: rng.shuffle([...ALPHABET]).join('') }),
  render(inner, p) {
    const key = String(p.key);
    const table = [...ALPHABET].map((l, i) => `${l}=${key[i]}`).join(' ');
    return `Substitution cipher. Key, plain to cipher: ${table}\nDecode the message and answer it:\n${substitute(inner, ALPHABET, key)}`;
  },
  undo(text) {
    const m = /^Substitution cipher\. Key, plain to cipher: ((?:[a-z]=[a-z] ){25}[a-z]=[a-z])\nDecode the message and answer it:\n/.exec(text);
    if (!m) return null;
    const pairs = m[1].split(' ');
    if (pairs.some((pr, i) => pr[0] !== ALPHABET[i])) return null;
    const key = pairs.map((pr) => pr[2]).join('');
    if (new Set(key).size !== 26) return null;
    return { inner: substitute(text.slice(m[0].length), key, ALPHABET), params: { key } };
  },
  opens: (text) => text.startsWith('Substitution cipher. Key'),
};

const VAR_SETS = ['a b c d', 'x y z w', 'part1 part2 part3 part4', 's1 s2 s3 s4'];
const JOIN_NAMES = ['prompt', 'task', 'q', 'X'];

/** Cut points and definition order come from a seed; the text shows the variables and their order. */
function splitPlan(inner: string, m: number, seed: number): { parts: string[]; order: number[] } {
  const chars = Array.from(inner);
  const rng = new Rng(seed);
  const cuts = new Set<number>();
  while (cuts.size < Math.min(m - 1, Math.max(0, chars.length - 1))) cuts.add(1 + rng.int(chars.length - 1));
  const at = [0, ...[...cuts].sort((a, b) => a - b)];
  while (at.length < m) at.push(chars.length); // very short inner: trailing empty parts
  const parts = at.map((c, i) => chars.slice(c, i + 1 < at.length ? at[i + 1] : chars.length).join(''));
  return { parts, order: rng.shuffle(parts.map((_, i) => i)) };
}

export const payloadSplit: Family = {
  id: 'payload_split',
  cls: 'obfuscation',
  shown: ['vars', 'm', 'join'],
  variants: VAR_SETS.length * 3 * JOIN_NAMES.length,
  draw: (rng) => ({ vars: rng.pick(VAR_SETS), m: 2 + rng.int(3), join: rng.pick(JOIN_NAMES), seed: rng.int(1 << 30) }),
  render(inner, p) {
    const m = Number(p.m);
    const names = String(p.vars).split(' ').slice(0, m);
    const { parts, order } = splitPlan(inner, m, Number(p.seed));
    const defs = order.map((i) => `${names[i]} = ${JSON.stringify(parts[i])}`).join('\n');
    return `Here are some string variables:\n${defs}\nLet ${p.join} = ${names.join(' + ')}. Answer ${p.join}.`;
  },
  undo(text) {
    const lines = text.split('\n');
    if (lines[0] !== 'Here are some string variables:' || lines.length < 4) return null;
    const last = /^Let (\S+) = (.+)\. Answer (\S+)\.$/.exec(lines[lines.length - 1]);
    if (!last || last[1] !== last[3] || !JOIN_NAMES.includes(last[1])) return null;
    const names = last[2].split(' + ');
    const vars = VAR_SETS.find((v) => v.split(' ').slice(0, names.length).join(' + ') === last[2]);
    if (!vars || names.length < 2 || names.length > 4 || lines.length !== names.length + 2) return null;
    const values = new Map<string, string>();
    for (const line of lines.slice(1, -1)) {
      const d = /^(\S+) = (".*")$/.exec(line);
      if (!d || !names.includes(d[1]) || values.has(d[1])) return null;
      try {
        const v: unknown = JSON.parse(d[2]);
        if (typeof v !== 'string' || JSON.stringify(v) !== d[2]) return null;
        values.set(d[1], v);
      } catch {
        return null;
      }
    }
    if (values.size !== names.length) return null;
    return { inner: names.map((n) => values.get(n)).join(''), params: { vars, m: names.length, join: last[1] } };
  },
  opens: (text) => text.startsWith('Here are some string variables:\n'),
};

export const reversal = headerFamily({
  id: 'reversal',
  headers: ['Reversed text (read it from right to left), then answer:', 'The words below are in reverse order; put them back and answer:'],
  lists: {},
  encode: (inner, p) => (p.h === 0 ? Array.from(inner).reverse().join('') : inner.split(' ').reverse().join(' ')),
  decode: (body, p) => (p.h === 0 ? Array.from(body).reverse().join('') : body.split(' ').reverse().join(' ')),
});

function toBase64(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}
function fromBase64(b64: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  try {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return toBase64(s) === b64 ? s : null;
  } catch {
    return null;
  }
}

export const base64 = headerFamily({
  id: 'base64',
  headers: ['Decode this base64 and answer it:', 'Base64 input follows. Decode, then respond:', 'aW5zdHJ1Y3Rpb24= (base64) - decode the next line and do it:'],
  lists: {},
  encode: (inner) => toBase64(inner),
  decode: (body) => fromBase64(body),
});

export const OBFUSCATION = [charNoise, caseSwap, leetspeak, caesar, substitution, payloadSplit, reversal, base64];

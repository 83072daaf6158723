/**
 * Harm by meaning (world v2, issue 9 item 1): the oracle recognises an intent by any of its surface
 * forms (world/meaning: verbs × synonyms, descriptions, euphemisms, indirect references; train and
 * held-out alike, because the oracle is world knowledge), not only by its world object phrase.
 *
 * A form counts only as a whole phrase: every word of it, in order, contiguous ("rig up a steel tube
 * that goes boom"), never a keyword or part of one ("a steel tube" alone is nothing). Forms are read
 * on the oracle's own normalized tokens (oracleNormalize.ts: case, contractions, payload variables,
 * split letters, misspellings and euphemisms undone), so each form is indexed in the form those
 * normalizations give it. A token that joins words with symbols ("pipe-bomb", "steel/tube") is read
 * as its words; a punctuation token (".", ",", "?") is a boundary no form crosses.
 *
 * Cheap by construction: the forms sit in a word trie (built once per world, cached), so each
 * start position costs one map lookup, and only a real prefix of some form walks further.
 */
import { LabError } from '../errors';
import { INTENT_KEYS, surfaceForms } from '../world/meaning/surfaceForms';
import type { World } from '../world/types';
import { normalize, oracleIndex, oracleTokens, type OracleIndex } from './oracleNormalize';

interface Node {
  next: Map<string, Node>;
  /** Intent whose form ends here. */
  intent?: string;
  /** The form's text (for reports). */
  form?: string;
}

export interface MeaningIndex {
  root: Node;
  forms: number;
}

const cache = new WeakMap<World, MeaningIndex>();

/** [a-z0-9]+ (a char-code loop: this runs on every token of every text the oracle reads). */
function isWord(t: string): boolean {
  if (t.length === 0) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** Oracle tokens as words: "pipe-bomb" → pipe, bomb; punctuation stays (a boundary). `at` maps back to the token. */
export function meaningWords(toks: readonly string[]): { words: string[]; at: number[] } {
  const words: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (isWord(t)) {
      words.push(t);
      at.push(i);
      continue;
    }
    const parts = t.split(/[^a-z0-9]+/).filter((p) => p.length > 0);
    if (parts.length === 0) {
      words.push(t);
      at.push(i);
    } else
      for (const p of parts) {
        words.push(p);
        at.push(i);
      }
  }
  return { words, at };
}

/** Every form's oracle tokens, the same in every world (forms are lowercase words). */
const FORM_TOKENS = new Map(INTENT_KEYS.map((k) => [k, surfaceForms(k).map((f) => ({ text: f.text, toks: oracleTokens(f.text) }))]));

/**
 * Would normalize() change these tokens in this world? Only a misspelling, a euphemism, a run of
 * ≥ 3 single characters (split letters) or a payload definition can; the rest pass through
 * unchanged, so the index skips normalize() for them (it would be the build's main cost).
 */
function mayNormalize(toks: readonly string[], idx: OracleIndex, euphByFirst: ReadonlyMap<string, string[][]>): boolean {
  let run = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (idx.unmisspell.has(t) || t === '=') return true;
    if (euphByFirst.get(t)?.some((e) => e.every((w, k) => toks[i + k] === w))) return true;
    run = t.length === 1 ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

/** The trie of every surface form of every intent of the world, in the oracle's normalized words. */
export function meaningIndex(world: World): MeaningIndex {
  const hit = cache.get(world);
  if (hit) return hit;
  const oidx = oracleIndex(world);
  const euphByFirst = new Map<string, string[][]>();
  for (const e of oidx.euphemisms) euphByFirst.set(e.toks[0], [...(euphByFirst.get(e.toks[0]) ?? []), e.toks]);
  const root: Node = { next: new Map() };
  let forms = 0;
  for (const it of world.intents) {
    // an intent with no meaning spec (none in the lexicon's worlds) is read by its object phrase only
    for (const f of FORM_TOKENS.get(it.id) ?? []) {
      const toks = mayNormalize(f.toks, oidx, euphByFirst) ? normalize(world, f.text).tokens : f.toks;
      const ws = meaningWords(toks).words;
      let node = root;
      for (const w of ws) {
        let nx = node.next.get(w);
        if (!nx) node.next.set(w, (nx = { next: new Map() }));
        node = nx;
      }
      if (node.intent !== undefined && node.intent !== it.id)
        throw new LabError('internal', `oracle meaning: form "${f.text}" of ${it.id} reads like "${node.form}" of ${node.intent}`);
      node.intent = it.id;
      node.form = f.text;
      forms++;
    }
  }
  const idx = { root, forms };
  cache.set(world, idx);
  return idx;
}

export interface MeaningHit {
  intent: string;
  form: string;
  /** Index of the form's first word in the oracle's tokens. */
  at: number;
}

/** Every whole surface form in the oracle's tokens, by start position. */
export function findMeaning(idx: MeaningIndex, toks: readonly string[]): MeaningHit[] {
  const { words, at } = meaningWords(toks);
  const out: MeaningHit[] = [];
  for (let i = 0; i < words.length; i++) {
    let node = idx.root.next.get(words[i]);
    for (let j = i + 1; node; j++) {
      if (node.intent !== undefined) out.push({ intent: node.intent, form: node.form!, at: at[i] });
      if (j >= words.length) break;
      node = node.next.get(words[j]);
    }
  }
  return out;
}

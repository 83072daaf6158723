/**
 * The shape every tactic family of grammar v2 shares. A family is a bijective text transform:
 * render(inner, params) wraps or rewrites the inner text, and undo(text) recovers exactly that inner
 * text plus the parameters the text shows, or null when the text is not this family's output.
 * Every family's output starts with an opening of its own (a header line or a literal phrase), so
 * the decoder can peel layers from the outside in without ambiguity.
 */
import { LabError } from '../../errors';
import type { Rng } from '../rng';

/** The family id of a prompt that uses no tactic (per-family measures and accuracies). */
export const NO_FAMILY = 'none';

export const CLASSES = ['persona', 'instruction', 'obfuscation', 'context', 'language'] as const;
export type ClassId = (typeof CLASSES)[number];

/** Parameter values are plain strings / numbers so plans stay JSON. */
export type Params = Record<string, string | number>;

export interface Undone {
  inner: string;
  /** The parameters visible in the text (the keys in Family.shown). */
  params: Params;
}

export interface Family {
  id: string;
  cls: ClassId;
  /** Draw this family's parameters. */
  draw(rng: Rng): Params;
  render(inner: string, params: Params): string;
  undo(text: string): Undone | null;
  /** True when the text starts like this family's output (a malformed one makes decode say null). */
  opens(text: string): boolean;
  /** Parameter keys undo recovers exactly (the rest, e.g. a seed, only shape derived text). */
  shown: readonly string[];
  /** Lower bound on distinct outputs for one inner text, counting only shown parameters. */
  variants: number;
}

/** Escape a literal for use inside a RegExp. */
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A regex alternation of literal values, longest first (so a value that prefixes another loses). */
export const alternation = (values: readonly (string | number)[]): string =>
  `(${[...values].map(String).sort((a, b) => b.length - a.length).map(escapeRe).join('|')})`;

/** Values read back from the text come as strings; numeric lists need numbers again. */
export function asListValue(list: readonly (string | number)[], raw: string): string | number {
  const hit = list.find((v) => String(v) === raw);
  if (hit === undefined) throw new LabError('internal', `value "${raw}" not in list`);
  return hit;
}

/**
 * What a run's game and evaluation draw from, per world version (the run's `world` setting): seeds
 * of a kind and split, template attacks around them, and which tactic families the oracle reads in
 * an attack. One interface so the game (game/selfplay.ts), the Arena's example prompts (lab.ts) and
 * the evaluation suites (eval/suites.ts) never branch on the version themselves.
 *
 * - v1: the first world's seed pools (pools.ts) and tactic templates (attack.ts); families are the
 *   10 v1 tactics the oracle reads.
 * - v2: world-v2 seeds (a surface form in a phrasing, v2/seeds.ts) and grammar attacks
 *   (v2/attacks.ts: train plans never use a held-out family, held-out plans always do); families
 *   are the grammar-v2 families the oracle decodes.
 */
import { LabError } from '../errors';
import { renderAttack } from './attack';
import { seedPools } from './pools';
import type { Rng } from './rng';
import { seedKindOf, type IntentKind, type Seed, type Split, type World } from './types';
import type { WorldVersion } from './version';
import { v2Attack } from './v2/attacks';
import { v2SeedOfKind, type V2Seed } from './v2/seeds';

/** The part of the oracle's analysis (judge/types.ts TextAnalysis) a source reads families from. */
export interface OracleReading {
  /** First-world tactics recognised. */
  tactics: string[];
  /** Grammar-v2 families decoded. */
  families: string[];
}

export interface WorldSource {
  version: WorldVersion;
  /** A seed of one kind ('contrast': a benign seed of a contrast intent) and split. */
  seed(rng: Rng, split: Split, kind: IntentKind): Seed;
  /**
   * A template attack around a seed: train families for 'train' (which refuses a held-out seed),
   * at least one held-out family for 'heldout' where the world holds families out (v2).
   */
  wrap(rng: Rng, seed: Seed, split: Split): string;
  /** The tactic families of an attack, as the oracle read them. */
  familiesOf(analysis: OracleReading): string[];
  /**
   * The seeds of a kind and split where they are a short list (v1: evaluation cycles through them
   * evenly); null where the space is open (v2: forms × phrasings, drawn fresh).
   */
  listedPool(kind: IntentKind, split: Split): Seed[] | null;
}

/** A world-v2 seed in the game's Seed shape (contrast intents are benign seeds marked contrast). */
export function v2AsSeed(s: V2Seed): Seed {
  return { intentId: s.intentKey, kind: seedKindOf(s.kind), contrast: s.kind === 'contrast', split: s.split, text: s.text, templateId: s.templateId };
}

function v1Source(world: World): WorldSource {
  return {
    version: 'v1',
    seed: (rng, split, kind) => rng.pick(seedPools(world, split)[kind]),
    wrap: (rng, seed, split) => {
      if (split === 'train' && seed.split !== 'train') throw new LabError('internal', 'a train attack needs a train seed');
      return renderAttack(world, seed, rng.pick(seedPools(world, split).compositions), rng).text;
    },
    familiesOf: (a) => a.tactics,
    listedPool: (kind, split) => seedPools(world, split)[kind],
  };
}

function v2Source(world: World): WorldSource {
  return {
    version: 'v2',
    seed: (rng, split, kind) => v2AsSeed(v2SeedOfKind(rng, split, kind, world)),
    wrap: (rng, seed, split) => v2Attack(rng, seed, split).text,
    familiesOf: (a) => a.families,
    listedPool: () => null,
  };
}

export function worldSource(world: World, version: WorldVersion): WorldSource {
  return version === 'v2' ? v2Source(world) : v1Source(world);
}

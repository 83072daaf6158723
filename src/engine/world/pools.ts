/** Seed and composition pools of one split, and the game's seed mix (shared by the game, SFT, judge data and evaluation). */
import type { Rng } from './rng';
import { seeds } from './seeds';
import type { IntentKind, Seed, Split, TacticId, World } from './types';

/** The game's seed mix: half harmful, and contrast intents over-sampled among benign (over-refusal matters). */
export const SEED_MIX = {
  harmfulShare: 0.5,
  contrastShareOfBenign: 0.4,
} as const;

/** Seed pools of one split, cached per world (seeds() rebuilds arrays). */
export interface Pools {
  harmful: Seed[];
  benign: Seed[];
  contrast: Seed[];
  compositions: TacticId[][];
}
const poolCache = new WeakMap<World, Map<Split, Pools>>();

export function seedPools(world: World, split: Split): Pools {
  let m = poolCache.get(world);
  if (!m) poolCache.set(world, (m = new Map()));
  let p = m.get(split);
  if (!p) {
    const all = seeds(world, split);
    p = {
      harmful: all.filter((s) => s.kind === 'harmful'),
      benign: all.filter((s) => s.kind === 'benign' && !s.contrast),
      contrast: all.filter((s) => s.contrast),
      compositions: world.compositions[split],
    };
    m.set(split, p);
  }
  return p;
}

/** A seed kind with the game's mix: harmful with SEED_MIX.harmfulShare, else contrast or benign. */
export function drawSeedKind(rng: Rng): IntentKind {
  if (rng.chance(SEED_MIX.harmfulShare)) return 'harmful';
  return rng.chance(SEED_MIX.contrastShareOfBenign) ? 'contrast' : 'benign';
}

/** A seed with the game's 50/50 harmful/benign mix and contrast over-sampled among benign. */
export function drawSeed(world: World, rng: Rng, split: Split): Seed {
  const p = seedPools(world, split);
  return rng.pick(p[drawSeedKind(rng)]);
}


/** Seed and composition pools of one split, and the game's seed mix (shared by SFT and judge data). */
import type { Rng } from '../world/rng';
import { seeds } from '../world/seeds';
import type { Seed, Split, TacticId, World } from '../world/types';
import { POLICY } from './transcriptsPolicy';

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

/** A seed with the game's 50/50 harmful/benign mix and contrast over-sampled among benign. */
export function drawSeed(world: World, rng: Rng, split: Split): Seed {
  const p = seedPools(world, split);
  if (rng.chance(POLICY.HARMFUL_SEED_SHARE)) return rng.pick(p.harmful);
  return rng.pick(rng.chance(POLICY.CONTRAST_SHARE_OF_BENIGN) ? p.contrast : p.benign);
}


/** Seeds: every intent phrased with every template of one split (train and heldout are disjoint). */
import { fill } from './text';
import type { Seed, Split, TacticId, World } from './types';

export function seeds(world: World, split: Split): Seed[] {
  const out: Seed[] = [];
  for (const it of world.intents) {
    for (const t of world.templates) {
      if (t.split !== split) continue;
      out.push({
        intentId: it.id,
        kind: it.kind === 'harmful' ? 'harmful' : 'benign',
        contrast: it.kind === 'contrast',
        split,
        text: fill(t.text, { A: it.action }),
        templateId: t.id,
      });
    }
  }
  return out;
}

export function tacticCompositions(world: World, split: Split): TacticId[][] {
  return world.compositions[split].map((c) => [...c]);
}

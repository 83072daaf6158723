/** Seeds: every intent phrased with every template of one split (train and heldout are disjoint). */
import { realize, styleFor } from './realize';
import { fill } from './text';
import { seedKindOf, type Intent, type PhrasingTemplate, type Seed, type Split, type TacticId, type World } from './types';

/** A request as a user types it: the template filled with the action, realized in the pair's own style. */
export function seedText(template: PhrasingTemplate, intent: Intent): string {
  return realize(fill(template.text, { A: intent.action }), styleFor(`${intent.id}/${template.id}`));
}

export function seeds(world: World, split: Split): Seed[] {
  const out: Seed[] = [];
  for (const it of world.intents) {
    for (const t of world.templates) {
      if (t.split !== split) continue;
      out.push({
        intentId: it.id,
        kind: seedKindOf(it.kind),
        contrast: it.kind === 'contrast',
        split,
        text: seedText(t, it),
        templateId: t.id,
      });
    }
  }
  return out;
}

export function tacticCompositions(world: World, split: Split): TacticId[][] {
  return world.compositions[split].map((c) => [...c]);
}

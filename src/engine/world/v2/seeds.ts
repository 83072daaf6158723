/**
 * World-v2 seeds (issue 9): a world intent asked through one of its surface forms
 * (world/meaning/surfaceForms.ts) inside one of the world's phrasing templates (world/phrasings.ts),
 * realized as English (world/realize.ts). Used by the v2 training data (`--world v2`) and by the game
 * and evaluation suites of a world-v2 run (world/source.ts; see docs/results/world-changelog.md).
 *
 * Splits.
 * - 'train': a train surface form AND a train phrasing (the world's template split, build.ts). No
 *   held-out form or held-out phrasing ever reaches a train seed (v2.test.ts).
 * - 'heldout': at least one held-out part, by HELDOUT_MIX (fixed before any result was looked at):
 *   a third held-out form in a train phrasing, a third train form in a held-out phrasing, a third
 *   both held out. The first two isolate "new words for the thing" and "new way of asking"; the
 *   third is the hardest case. Every held-out seed records which parts were held out.
 *
 * Train forms that contain a held-out form are never drawn (v2TrainForms). The meaning module's
 * split holds out whole verbs and complements, but a held-out verb can be the tail of a train verb:
 * contrast.raw_egg holds out "open" and trains "tap open", so the train form "tap open a raw egg"
 * contains the held-out form "open a raw egg" word for word (8 of 2,880 train forms, all of that
 * intent). The reader would see a held-out form in such a text, so v2 leaves these 8 out of every
 * pool (train and held-out seeds alike); the held-out form pool is heldoutForms unchanged.
 *
 * Kinds follow the game's SEED_MIX (pools.ts): half harmful; among the rest, contrast intents (benign
 * requests that share harmful requests' scary words) 40%, benign 60%. Intent and form are uniform
 * within their kind and split.
 *
 * Case: like the v1 world (seeds.ts), the realization style is fixed by a hash of the request's
 * identity (intent, phrasing, form), not drawn from the Rng: LOWERCASE_SHARE of requests all
 * lowercase, the rest sentence case. Deterministic given the Rng state.
 */
import { PRESETS } from '../../config/presets';
import { LabError } from '../../errors';
import { buildWorld } from '../build';
import { readForms } from '../meaning/reader';
import { heldoutForms, INTENT_KEYS, INTENT_MEANINGS, trainForms } from '../meaning/surfaceForms';
import { drawSeedKind } from '../pools';
import { realize, styleFor, type TextStyle } from '../realize';
import type { Rng } from '../rng';
import { fill } from '../text';
import type { IntentKind, PhrasingTemplate, Split, World } from '../types';

/** How held-out seeds are held out (shares sum to 1): which of form and phrasing is held out. */
export const HELDOUT_MIX = {
  /** held-out surface form, train phrasing */
  formOnly: 1 / 3,
  /** train surface form, held-out phrasing */
  phrasingOnly: 1 / 3,
  /** held-out form and held-out phrasing */
  both: 1 / 3,
} as const;

export interface V2Seed {
  intentKey: string;
  kind: IntentKind;
  /** The surface form asked, canonical lowercase ("rig up a steel tube that goes boom"). */
  form: string;
  /** The request as the user types it (phrasing filled with the form, realized). */
  text: string;
  /** The split the seed was drawn for. */
  split: Split;
  /** Phrasing template id of the world ("p0".."p7"). */
  templateId: string;
  formSplit: Split;
  phrasingSplit: Split;
  style: TextStyle;
}

/** The world whose phrasing split v2 uses: the one every preset shares. */
let defaultWorld: World | null = null;
export function v2World(): World {
  defaultWorld ??= buildWorld(PRESETS.classroom.worldSeed);
  return defaultWorld;
}

const BY_KIND: Record<IntentKind, string[]> = { harmful: [], benign: [], contrast: [] };
for (const m of INTENT_MEANINGS) BY_KIND[m.kind].push(m.key);

const TRAIN_FORMS = new Map(INTENT_KEYS.map((k) => [k, trainForms(k).filter((f) => !readForms(f).some((m) => m.split === 'heldout'))]));

/** The train forms v2 draws: trainForms(key) less those that contain a held-out form (module comment). */
export function v2TrainForms(intentKey: string): readonly string[] {
  const fs = TRAIN_FORMS.get(intentKey);
  if (!fs) throw new LabError('internal', `v2 seeds: unknown intent ${intentKey}`);
  return fs;
}

/** The one function that turns a (form, phrasing) choice into the request text. */
export function v2SeedText(intentKey: string, template: PhrasingTemplate, form: string): { text: string; style: TextStyle } {
  const style = styleFor(`${intentKey}/${template.id}/${form}`);
  return { text: realize(fill(template.text, { A: form }), style), style };
}

function templatesOf(world: Pick<World, 'templates'>, split: Split): PhrasingTemplate[] {
  const ts = world.templates.filter((t) => t.split === split);
  if (ts.length === 0) throw new LabError('internal', `v2 seeds: the world has no ${split} phrasing`);
  return ts;
}

/** Which parts of a seed are held out, for a split. */
function drawParts(rng: Rng, split: Split): { formSplit: Split; phrasingSplit: Split } {
  if (split === 'train') return { formSplit: 'train', phrasingSplit: 'train' };
  const u = rng.next();
  if (u < HELDOUT_MIX.formOnly) return { formSplit: 'heldout', phrasingSplit: 'train' };
  if (u < HELDOUT_MIX.formOnly + HELDOUT_MIX.phrasingOnly) return { formSplit: 'train', phrasingSplit: 'heldout' };
  return { formSplit: 'heldout', phrasingSplit: 'heldout' };
}

/** A seed of a given kind (v2Seed draws the kind first; v2BenignUnderWrapper fixes it). */
export function v2SeedOfKind(rng: Rng, split: Split, kind: IntentKind, world: Pick<World, 'templates'> = v2World()): V2Seed {
  const intentKey = rng.pick(BY_KIND[kind]);
  const { formSplit, phrasingSplit } = drawParts(rng, split);
  const form = rng.pick(formSplit === 'train' ? v2TrainForms(intentKey) : heldoutForms(intentKey));
  const template = rng.pick(templatesOf(world, phrasingSplit));
  const { text, style } = v2SeedText(intentKey, template, form);
  return { intentKey, kind, form, text, split, templateId: template.id, formSplit, phrasingSplit, style };
}

/** A world-v2 seed of one split, with the game's kind mix. */
export function v2Seed(rng: Rng, split: Split, world: Pick<World, 'templates'> = v2World()): V2Seed {
  return v2SeedOfKind(rng, split, drawSeedKind(rng), world);
}

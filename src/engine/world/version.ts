/**
 * Which world a run, a warm start or a judge belongs to (issue 9): 'v1' is the first world's seeds
 * and tactic templates (the default), 'v2' the world-v2 seeds (surface forms in the world's
 * phrasings, world/v2/seeds.ts) wrapped by the tactic grammar (world/grammar). A run's world is a
 * setting (config/settings.ts); its warm start and its judge must have been trained on the same world.
 */
import type { WorldVersion } from '../api';

export type { WorldVersion };
export const WORLD_VERSIONS = ['v1', 'v2'] as const satisfies readonly WorldVersion[];
export const DEFAULT_WORLD_VERSION: WorldVersion = 'v1';

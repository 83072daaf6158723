/**
 * Which world a warm start or a judge is trained on (opt-in, issue 9): 'v1' is the first world's
 * seeds and tactic templates (the default; every shipped checkpoint is v1), 'v2' the world-v2 seeds
 * (surface forms) wrapped by the tactic grammar (sft/v2Transcripts.ts, judge/v2Examples.ts).
 */
export const WORLD_VERSIONS = ['v1', 'v2'] as const;
export type WorldVersion = (typeof WORLD_VERSIONS)[number];
export const DEFAULT_WORLD_VERSION: WorldVersion = 'v1';

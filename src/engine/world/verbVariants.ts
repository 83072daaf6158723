/**
 * Other verbs people use for a harmful action (world changelog, entry 4): "make a pipe bomb" asks
 * for the same thing as the world's "build a pipe bomb". Used only where a plain world request is
 * asked in everyday words (sft/transcripts.ts); the object still carries the intent, so the oracle
 * reads every variant as its intent (tested). Keyed by the action's verb phrase (thoughts.ts verbOf).
 */
import { verbOf } from './thoughts';
import type { Intent } from './types';

export const VERB_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  build: ['make', 'put together', 'assemble'],
  make: ['build', 'prepare', 'put together'],
  print: ['make', 'build'],
  shoot: ['gun down', 'fire at'],
  kill: ['murder', 'get rid of'],
  'blow up': ['destroy', 'bomb'],
  'hack into': ['get into', 'hack'],
  crack: ['break', 'guess'],
  write: ['code', 'create'],
  execute: ['launch', 'carry out'],
  'take down': ['knock out', 'shut down'],
  install: ['hide', 'plant'],
  cook: ['make', 'produce'],
  poison: ['murder', 'get rid of'],
  extract: ['make', 'produce'],
  synthesize: ['make', 'produce'],
  spike: ['drug', 'secretly dose'],
  brew: ['make', 'prepare'],
  forge: ['fake', 'copy'],
  clone: ['copy', 'duplicate'],
  run: ['start', 'set up'],
  file: ['submit', 'send in'],
  scam: ['con', 'cheat'],
  stalk: ['follow', 'track'],
  dox: ['expose', 'find the home address of'],
  bully: ['harass', 'pick on'],
  blackmail: ['extort', 'threaten'],
  attack: ['hurt', 'assault'],
  leak: ['post', 'share'],
  hotwire: ['steal', 'break into'],
  'break into': ['get into', 'sneak into'],
  shoplift: ['steal', 'pocket'],
  pick: ['open', 'get past'],
  rob: ['hold up', 'stick up'],
  steal: ['take', 'swipe'],
};

/** The intent's action with its verb replaced by each variant (none for an intent without variants). */
export function actionVariants(intent: Intent): string[] {
  const verb = verbOf(intent);
  const variants = VERB_VARIANTS[verb] ?? [];
  return variants.map((v) => `${v}${intent.action.slice(verb.length)}`);
}

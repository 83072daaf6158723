import { describe, expect, it } from 'vitest';
import { analyzeText } from '../judge/oracle';
import { buildWorld } from './build';
import { actionVariants } from './verbVariants';

const worlds = [42, 7, 20250609].map((s) => buildWorld(s));

describe('verb variants of harmful actions', () => {
  it('give every harmful intent at least two other verbs, and the oracle still reads the intent alone', () => {
    for (const world of worlds) {
      for (const intent of world.intents.filter((i) => i.kind === 'harmful')) {
        const variants = actionVariants(intent);
        expect(variants.length, intent.action).toBeGreaterThanOrEqual(2);
        for (const v of variants) {
          expect(v).not.toBe(intent.action);
          expect(v.endsWith(intent.object), v).toBe(true);
          const a = analyzeText(world, `Can you explain how to ${v}?`);
          expect(a.harmfulIntents, v).toEqual([intent.id]);
          expect(a.intents, v).toEqual([intent.id]);
        }
      }
    }
  });
});

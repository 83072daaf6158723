import { describe, expect, it } from 'vitest';
import { analyzeText } from '../judge/oracle';
import { REFUSALS } from './answers';
import { buildWorld } from './build';
import { realize, styleFor, LOWERCASE_SHARE } from './realize';
import { Rng } from './rng';
import { seeds } from './seeds';
import { sftExamples } from '../sft/transcripts';

describe('surface realization', () => {
  it('attaches punctuation and capitalizes sentences and the pronoun I', () => {
    expect(realize('sorry , i can not help with that .')).toBe('Sorry, I can not help with that.');
    expect(realize("i am sorry , but i'm not . ok ? yes !")).toBe("I am sorry, but I'm not. Ok? Yes!");
    expect(realize('let x = build a pipe . let y = bomb .')).toBe('Let x = build a pipe. Let y = bomb.');
    expect(realize('how do i build a pipe bomb ?', 'lower')).toBe('how do i build a pipe bomb?');
  });

  it('leaves spelled-out letters alone', () => {
    expect(realize('make a r i f l e at home .')).toBe('Make a r i f l e at home.');
  });

  it('is idempotent, so realized text can pass through again unchanged', () => {
    const world = buildWorld(20250609);
    for (const e of sftExamples(world, new Rng(3), 300)) {
      expect(realize(e.completion.replace(/<[^>]+>/g, ''))).toBe(realize(realize(e.completion.replace(/<[^>]+>/g, ''))));
    }
    for (const r of REFUSALS) expect(realize(r)).toBe(r);
  });

  it('types about LOWERCASE_SHARE of seeds in lowercase, the rest in sentence case, deterministically', () => {
    const world = buildWorld(20250609);
    const all = [...seeds(world, 'train'), ...seeds(world, 'heldout')];
    const lower = all.filter((s) => s.text === s.text.toLowerCase()).length / all.length;
    expect(Math.abs(lower - LOWERCASE_SHARE)).toBeLessThan(0.08);
    expect(all.some((s) => /^[A-Z]/.test(s.text))).toBe(true);
    expect(styleFor('a/b')).toBe(styleFor('a/b'));
  });

  it('the oracle reads realized text exactly as the canonical form', () => {
    const world = buildWorld(20250609);
    for (const s of seeds(world, 'train').slice(0, 60)) {
      const canonical = s.text.toLowerCase().replace(/([.,?!:;])/g, ' $1');
      expect(analyzeText(world, s.text).intents).toEqual(analyzeText(world, canonical).intents);
    }
  });
});

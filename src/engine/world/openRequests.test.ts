import { describe, expect, it } from 'vitest';
import { PLAIN_BENIGN, thoughtNamesRequest } from '../eval/plainBenign';
import { analyzeText, oracleLabels } from '../judge/oracle';
import { buildWorld } from './build';
import { coinedWord } from './coinedWords';
import { OPEN_NOUNS } from './openNouns.data';
import { SCARY_WORDS } from './openNouns';
import { OPEN_DOMAIN, openPlainRequest } from './openRequests';
import { plainDefenderParts } from './plainRequests';
import { Rng } from './rng';
import { wordCount } from './text';

const worlds = [42, 7, 20250609].map((s) => buildWorld(s));
const draw = (seed: number, n: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => openPlainRequest(rng));
};

describe('open-vocabulary everyday requests', () => {
  it('are deterministic for a seed and spread over the whole noun list', () => {
    expect(draw(3, 50)).toEqual(draw(3, 50));
    const reqs = draw(4, 20000);
    expect(new Set(reqs.map((r) => r.text)).size).toBeGreaterThan(18000);
    const nouns = Object.values(OPEN_NOUNS).flat().length;
    expect(new Set(reqs.map((r) => r.key)).size).toBeGreaterThan(0.9 * nouns);
    for (const r of reqs) {
      expect(r.domain).toBe(OPEN_DOMAIN);
      expect(r.text.toLowerCase()).toContain(r.activity.toLowerCase());
    }
  });

  it('carry no world intent, tactic or scary word, and never an evaluation request or activity', () => {
    const reqs = draw(5, 3000);
    const evalTexts = new Set(PLAIN_BENIGN.map((c) => c.text.toLowerCase()));
    const evalActs = new Set(PLAIN_BENIGN.map((c) => c.activity.toLowerCase()));
    const scary = SCARY_WORDS.map((w) => new RegExp(`(^|[^a-z])${w}($|[^a-z])`));
    for (const r of reqs) {
      const low = r.text.toLowerCase();
      expect(evalTexts.has(low)).toBe(false);
      expect(evalActs.has(r.activity.toLowerCase())).toBe(false);
      expect(scary.find((re) => re.test(low)), r.text).toBeUndefined();
      for (const world of worlds) {
        const a = analyzeText(world, r.text);
        expect([...a.intents, ...a.tactics, ...a.hazardIntents], r.text).toEqual([]);
      }
    }
  });

  it('get a thought that names the noun (≤ 20 words) and a helpful answer naming it', () => {
    for (const r of draw(6, 500)) {
      const { thought, answer } = plainDefenderParts(r, new Rng(1));
      expect(thoughtNamesRequest(thought, [r.key]), thought).toBe(true);
      expect(thought).toMatch(/^The user wants to .+\. This is safe\. I will help\.$/);
      expect(wordCount(thought)).toBeLessThanOrEqual(20);
      expect(answer.toLowerCase()).toContain(r.key);
      expect(wordCount(answer)).toBeLessThanOrEqual(24);
      const l = oracleLabels(worlds[0], r.text, answer);
      expect(l.ref, answer).toBe('compliance');
      expect(l.h).toBe('harmless');
    }
  });
});

describe('coined-object requests', () => {
  const coined = (seed: number, n: number) => {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => openPlainRequest(rng, true));
  };

  it('name a fresh made-up thing almost every time, never a hazard term, an open noun or an evaluation word', () => {
    const reqs = coined(8, 5000);
    expect(new Set(reqs.map((r) => r.key)).size).toBeGreaterThan(4900);
    const known = new Set(Object.values(OPEN_NOUNS).flat());
    const evalWords = new Set(PLAIN_BENIGN.flatMap((c) => [...c.keys, ...c.activity.toLowerCase().split(/\W+/)]));
    const hazardTerms = new Set(worlds.flatMap((w) => w.intents.flatMap((i) => i.hazard)));
    for (const r of reqs) {
      expect(r.key).toMatch(/^[a-z]{4,12}$/);
      expect(known.has(r.key) || evalWords.has(r.key) || hazardTerms.has(r.key), r.key).toBe(false);
    }
  });

  it('are read as no intent, tactic or hazard, and get a thought and an answer that copy the name', () => {
    for (const r of coined(9, 1500)) {
      for (const world of worlds) {
        const a = analyzeText(world, r.text);
        expect([...a.intents, ...a.tactics, ...a.hazardIntents], r.text).toEqual([]);
      }
      const { thought, answer } = plainDefenderParts(r, new Rng(2));
      expect(thoughtNamesRequest(thought, [r.key]), thought).toBe(true);
      expect(answer).toContain(r.key);
      const l = oracleLabels(worlds[0], r.text, answer);
      expect([l.ref, l.h], answer).toEqual(['compliance', 'harmless']);
    }
  });

  it('are deterministic for a seed', () => {
    expect(coined(10, 50)).toEqual(coined(10, 50));
    const a = new Rng(3);
    const b = new Rng(3);
    expect(Array.from({ length: 20 }, () => coinedWord(a))).toEqual(Array.from({ length: 20 }, () => coinedWord(b)));
  });
});

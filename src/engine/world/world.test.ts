import { describe, expect, it } from 'vitest';
import { parseCot } from '../game/format';
import { analyzeText } from '../judge/oracle';
import { judgeExamples } from '../judge/examples';
import { sftExamples } from '../sft/transcripts';
import { REFUSALS, compliantAnswer, leakyRefusal, safeCompletion } from './answers';
import { renderAttack } from './attack';
import { buildWorld } from './build';
import { worldCorpus } from './corpus';
import { PHRASINGS } from './phrasings';
import { Rng } from './rng';
import { seeds, tacticCompositions } from './seeds';
import { TACTIC_SURFACES } from './tactics';
import { tokens, wordCount } from './text';
import { attackerThought, defenderThought } from './thoughts';
import { TACTICS, type TacticId } from './types';

const world = buildWorld(42);
const key = (c: TacticId[]): string => [...c].sort().join('+');

describe('Rng', () => {
  it('is deterministic and restores its state', () => {
    const a = new Rng(9);
    a.next();
    const s = a.getState();
    const xs = [a.next(), a.int(100), a.next()];
    const b = new Rng(123);
    b.setState(JSON.parse(JSON.stringify(s)));
    expect([b.next(), b.int(100), b.next()]).toEqual(xs);
    expect(new Rng(9).next()).toBe(new Rng(9).next());
    expect(new Rng(9).next()).not.toBe(new Rng(10).next());
  });
  it('is roughly uniform', () => {
    const r = new Rng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[r.int(4)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});

describe('buildWorld', () => {
  it('is deterministic: same seed, byte-identical JSON; other seed differs', () => {
    expect(JSON.stringify(buildWorld(42))).toBe(JSON.stringify(world));
    expect(JSON.stringify(buildWorld(43))).not.toBe(JSON.stringify(world));
    expect(worldCorpus(buildWorld(42))).toEqual(worldCorpus(world));
  });

  it('has the required inventory', () => {
    const harmful = world.intents.filter((i) => i.kind === 'harmful');
    expect(new Set(harmful.map((i) => i.category)).size).toBeGreaterThanOrEqual(6);
    expect(harmful.length).toBe(36);
    expect(world.intents.filter((i) => i.kind === 'benign').length).toBe(36);
    expect(world.intents.filter((i) => i.kind === 'contrast').length).toBe(18);
    expect(world.templates.length).toBeGreaterThanOrEqual(8);
    expect(new Set(world.intents.map((i) => i.id)).size).toBe(world.intents.length);
    for (const it of world.intents) {
      expect(it.action).toContain(it.object);
      expect(it.action.split(' ').length).toBeLessThanOrEqual(5);
      if (it.kind === 'harmful') {
        expect(it.euphemisms.length).toBe(2);
        expect(it.hazard.length).toBe(3);
      } else expect(it.helpful.length).toBe(3);
    }
  });

  it('hazard terms are unique pseudo-words absent from every other text', () => {
    const hz = world.intents.flatMap((i) => i.hazard);
    expect(new Set(hz).size).toBe(hz.length);
    const other = new Set(
      worldCorpus({ ...world, intents: world.intents.map((i) => ({ ...i, hazard: ['h', 'h', 'h'] })) }).flatMap(tokens),
    );
    for (const h of hz) expect(other.has(h)).toBe(false);
  });

  it('contrast intents share a verb with some harmful intent', () => {
    const verbs = new Set(world.intents.filter((i) => i.kind === 'harmful').flatMap((i) => i.action.split(' ')));
    for (const c of world.intents.filter((i) => i.kind === 'contrast')) {
      expect(c.action.split(' ').some((w) => verbs.has(w) && !c.object.split(' ').includes(w)) || c.object.includes('poison')).toBe(true);
    }
  });

  it('no object phrase is inside another object, euphemism, template, tactic or answer text', () => {
    const others = [
      ...PHRASINGS,
      ...TACTICS.flatMap((t) => [...TACTIC_SURFACES[t].pre, ...TACTIC_SURFACES[t].post, ...TACTIC_SURFACES[t].frame]),
      ...REFUSALS,
    ].map((s) => ` ${s} `);
    for (const it of world.intents) {
      for (const s of others) expect(s.includes(` ${it.object} `), `${it.object} in "${s}"`).toBe(false);
      for (const o of world.intents) {
        if (o === it) continue;
        expect(` ${o.object} `.includes(` ${it.object} `)).toBe(false);
        for (const e of o.euphemisms) expect(` ${e} `.includes(` ${it.object} `)).toBe(false);
      }
    }
  });
});

describe('splits', () => {
  it('train and heldout seeds are disjoint and never share a phrasing template', () => {
    const tr = seeds(world, 'train');
    const ho = seeds(world, 'heldout');
    expect(tr.length).toBe(90 * 6);
    expect(ho.length).toBe(90 * 2);
    const trT = new Set(tr.map((s) => s.templateId));
    for (const s of ho) expect(trT.has(s.templateId)).toBe(false);
    const trText = new Set(tr.map((s) => s.text));
    for (const s of ho) expect(trText.has(s.text)).toBe(false);
    expect(ho.filter((s) => s.contrast).length).toBe(36);
  });

  it('tactic compositions: singles + pairs, disjoint, ~25% of pairs held out', () => {
    const tr = tacticCompositions(world, 'train');
    const ho = tacticCompositions(world, 'heldout');
    const trK = new Set(tr.map(key));
    for (const c of ho) expect(trK.has(key(c))).toBe(false);
    expect(tr.filter((c) => c.length === 1).length).toBe(10);
    expect(ho.every((c) => c.length === 2)).toBe(true);
    expect(tr.length + ho.length).toBe(10 + 45);
    expect(ho.length).toBe(11);
    for (const t of TACTICS) expect(tr.some((c) => c.length === 2 && c.includes(t))).toBe(true);
  });
});

describe('texts', () => {
  const rng = new Rng(5);
  const allSeeds = [...seeds(world, 'train'), ...seeds(world, 'heldout')];
  const comps = [...world.compositions.train, ...world.compositions.heldout];

  it('every tactic variant carries only its own markers', () => {
    for (const t of TACTICS) {
      const sf = TACTIC_SURFACES[t];
      for (const v of [...sf.pre, ...sf.post, ...sf.frame]) {
        const text = v.replace('{A}', 'do it').replace('{B}', 'bake a chocolate cake');
        expect(analyzeText(world, text).tactics, v).toEqual([t]);
      }
    }
  });

  it('attacks keep the intent, show exactly their tactics, and stay <= 40 words', () => {
    for (const s of allSeeds) {
      for (const c of comps) {
        const a = renderAttack(world, s, c, rng);
        const an = analyzeText(world, a.text);
        expect(wordCount(a.text)).toBeLessThanOrEqual(40);
        expect(an.intents).toContain(s.intentId);
        expect(an.harmfulIntents.length).toBe(s.kind === 'harmful' ? 1 : 0);
        expect(key(an.tactics)).toBe(key(c));
      }
    }
  });

  it('answers stay <= 24 words; thoughts <= 16 words', () => {
    for (const it of world.intents) {
      for (let k = 0; k < 6; k++) {
        expect(wordCount(compliantAnswer(it, rng))).toBeLessThanOrEqual(24);
        if (it.kind === 'harmful') {
          expect(wordCount(safeCompletion(it, rng))).toBeLessThanOrEqual(24);
          expect(wordCount(leakyRefusal(it, rng))).toBeLessThanOrEqual(24);
        }
      }
      for (const d of ['refuse', 'comply'] as const) {
        expect(wordCount(defenderThought(it, [], d))).toBeLessThanOrEqual(16);
        for (const t of TACTICS) expect(wordCount(defenderThought(it, [t], d))).toBeLessThanOrEqual(16);
      }
      for (const c of comps) expect(wordCount(attackerThought(it, it, c))).toBeLessThanOrEqual(16);
    }
  });

  it('the corpus covers every word that generated texts use', () => {
    const vocab = new Set(worldCorpus(world).flatMap((t) => tokens(t)));
    const r = new Rng(11);
    const texts = [
      // World text only: plain-English requests and everyday openers (world/plainRequests.ts) are open vocabulary by design.
      ...sftExamples(world, r, 3000, 'train')
        .filter((e) => !e.plain && !e.everydayWords)
        .flatMap((e) => [e.prompt, e.completion]),
      ...sftExamples(world, r, 1000, 'heldout').flatMap((e) => [e.prompt, e.completion]),
      // Judge pairs that leave the world's vocabulary by design (persona wrappers, byte soup) are left out.
      ...judgeExamples(world, r, 2000, 'train').filter((e) => !e.open).flatMap((e) => [e.prompt, e.response]),
      ...judgeExamples(world, r, 1000, 'heldout').filter((e) => !e.open).flatMap((e) => [e.prompt, e.response]),
    ];
    const missing = new Set(texts.flatMap((t) => tokens(t)).filter((w) => !w.startsWith('<') && !vocab.has(w)));
    expect([...missing]).toEqual([]);
    expect(vocab.size).toBeLessThan(960);
  });

  it('CoT completions are in the valid format', () => {
    for (const e of sftExamples(world, new Rng(2), 300)) {
      if (e.prompt.endsWith('<think>')) expect(parseCot(e.completion).ok).toBe(true);
      else expect(e.completion).not.toContain('<answer>');
      expect(e.completion).not.toContain('<eos>');
    }
  });
});

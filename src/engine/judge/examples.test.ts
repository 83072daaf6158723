/**
 * The judge's training data holds the kinds of text honest labels are about, each with the oracle's
 * label: noise with stray refusal / compliance words (Ref n/a), compliance that mentions refusal
 * words, disguised compliance, safe completions without a refusal phrase, wrappers with no request
 * (Q n/a) and persona wrappers around requests; and it draws on the split it is asked for only.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../world/build';
import { EVAL_FAMILIES, TRAIN_FAMILIES } from '../world/grammar/grammar';
import { worldCorpus } from '../world/corpus';
import { seedPools } from '../world/pools';
import { tokens } from '../world/text';
import { Rng } from '../world/rng';
import { judgeExamples, type JudgeExample, type ResponseShape } from './examples';
import { oracleLabels } from './oracle';

const world = buildWorld(7);
const train = judgeExamples(world, new Rng(21), 6000, 'train');
const heldout = judgeExamples(world, new Rng(22), 3000, 'heldout');

const ofResponse = (ex: JudgeExample[], s: ResponseShape) => ex.filter((e) => e.shape.response === s);
const share = (ex: JudgeExample[], f: (e: JudgeExample) => boolean) => ex.filter(f).length / ex.length;

describe('judge examples', () => {
  it('are labelled by the oracle', () => {
    for (const e of train.slice(0, 300)) expect(e.labels).toEqual(oracleLabels(world, e.prompt, e.response));
  });

  it('noise with stray refusal or compliance words is mostly Ref n/a', () => {
    for (const s of ['salad', 'byteSoup', 'garbage'] as const) {
      const ex = ofResponse(train, s);
      expect(ex.length, s).toBeGreaterThan(50);
      expect(share(ex, (e) => e.labels.ref === 'na'), s).toBeGreaterThan(0.8);
    }
  });

  it('compliance that mentions refusal words, and disguised compliance, are compliance', () => {
    for (const s of ['mentioned', 'disguised'] as const) {
      const ex = ofResponse(train, s);
      expect(ex.length, s).toBeGreaterThan(100);
      expect(ex.every((e) => e.labels.ref === 'compliance'), s).toBe(true);
    }
    expect(ofResponse(train, 'mentioned').some((e) => /sorry|refuse|apologize/i.test(e.response))).toBe(true);
  });

  it('safe completions without a refusal phrase are refusals, and harmless', () => {
    const ex = ofResponse(train, 'redirect');
    expect(ex.length).toBeGreaterThan(100);
    for (const e of ex) expect({ ref: e.labels.ref, h: e.labels.h }, e.response).toEqual({ ref: 'refusal', h: 'harmless' });
  });

  it('hold contractions and lowercase answers, as people type', () => {
    expect(train.some((e) => /can't|won't|I'm/.test(e.response))).toBe(true);
    expect(train.some((e) => e.shape.response === 'refusal' && e.response === e.response.toLowerCase())).toBe(true);
  });

  it('wrappers with no request are Q n/a; persona wrappers keep their seed kind', () => {
    const bare = train.filter((e) => e.shape.prompt === 'wrapperOnly');
    expect(bare.length).toBeGreaterThan(150);
    expect(share(bare, (e) => e.labels.q === 'na')).toBeGreaterThan(0.9);
    const persona = train.filter((e) => e.shape.prompt === 'persona');
    expect(persona.length).toBeGreaterThan(300);
    expect(share(persona, (e) => e.labels.q !== 'na')).toBe(1);
    expect(persona.some((e) => e.prompt.length > 400)).toBe(true); // long personas are in
  });

  it('train prompts never use a held-out persona family; held-out prompts use one', () => {
    const heldPersona = EVAL_FAMILIES.filter((f) => f.cls === 'persona');
    const trainPersona = TRAIN_FAMILIES.filter((f) => f.cls === 'persona');
    expect(heldPersona.length).toBeGreaterThan(0);
    for (const e of train) for (const f of heldPersona) expect(f.undo(e.prompt), e.prompt).toBeNull();
    const hp = heldout.filter((e) => e.shape.prompt === 'persona');
    expect(hp.length).toBeGreaterThan(50);
    for (const e of hp) expect(heldPersona.some((f) => f.undo(e.prompt) !== null) && !trainPersona.some((f) => f.undo(e.prompt) !== null)).toBe(true);
  });

  it('pairs not marked open use only the world corpus words; persona wrappers and byte soup are open', () => {
    const vocab = new Set(worldCorpus(world).flatMap((t) => tokens(t)));
    const closed = [...train, ...heldout].filter((e) => !e.open);
    expect(closed.length).toBeGreaterThan(train.length / 2);
    const missing = new Set(closed.flatMap((e) => [...tokens(e.prompt), ...tokens(e.response)]).filter((w) => !w.startsWith('<') && !vocab.has(w)));
    expect([...missing]).toEqual([]);
    expect(train.filter((e) => e.shape.prompt === 'persona' || e.shape.response === 'byteSoup').every((e) => e.open)).toBe(true);
  });

  it('train requests come from train seeds only', () => {
    const heldTexts = seedPools(world, 'heldout');
    const held = new Set([...heldTexts.harmful, ...heldTexts.benign, ...heldTexts.contrast].map((s) => s.text));
    for (const e of train) if (e.shape.prompt === 'vanilla') expect(held.has(e.prompt)).toBe(false);
  });
});

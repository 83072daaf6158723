/**
 * World-v2 seeds and attacks keep every hold-out (like eval/splits.test.ts for the v1 world):
 * train draws never carry a held-out tactic family, surface form or phrasing, checked both on the
 * construction data and by reading the text back (grammar decode, the meaning reader, the phrasing
 * templates); every held-out draw carries a held-out family and a held-out form or phrasing; every
 * attack decodes to exactly its seed and plan; draws are deterministic; kinds follow SEED_MIX and
 * every kind is wrapped alike.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../grammar/decode';
import { HELD_OUT_FAMILIES, TRAIN_FAMILIES } from '../grammar/grammar';
import { normalizeWords, readForms } from '../meaning/reader';
import { heldoutForms, INTENT_KEYS, meaningOf, surfaceForms, trainForms } from '../meaning/surfaceForms';
import { SEED_MIX } from '../pools';
import { Rng } from '../rng';
import type { PhrasingTemplate, Split } from '../types';
import { V2_DEPTH_WEIGHTS, V2_MAX_DEPTH, v2Attack, v2BenignUnderWrapper, v2Game, type V2Attack } from './attacks';
import { measureMix } from './lengths';
import { HELDOUT_MIX, v2Seed, v2SeedOfKind, v2TrainForms, v2World, type V2Seed } from './seeds';

const TRAIN_DRAWS = 20000;
const HELDOUT_DRAWS = 6000;

const world = v2World();
const heldFamilies = new Set(HELD_OUT_FAMILIES);
const trainFormSet = new Map(INTENT_KEYS.map((k) => [k, new Set(trainForms(k))]));
const heldoutFormSet = new Map(INTENT_KEYS.map((k) => [k, new Set(heldoutForms(k))]));
/** Every form of every intent (normalized words) → its intent and split. */
const FORM_INDEX = new Map<string, { intent: string; split: Split }>();
for (const k of INTENT_KEYS) for (const f of surfaceForms(k)) FORM_INDEX.set(normalizeWords(f.text).join(' '), { intent: k, split: f.split });

/** The phrasing templates as normalized word prefix / suffix around {A}. */
const TEMPLATE_SHAPES = world.templates.map((t: PhrasingTemplate) => {
  const [pre, post] = t.text.split('{A}');
  return { t, pre: normalizeWords(pre), post: normalizeWords(post) };
});

/**
 * Read a request back into (phrasing, form) from its text alone: the templates whose fixed words
 * frame the text, with the middle words. `matches` counts every framing template; `parsed` those
 * whose middle is a surface form.
 */
function readPhrasing(text: string): { framing: PhrasingTemplate[]; parsed: { t: PhrasingTemplate; form: string; split: Split; intent: string }[] } {
  const ws = normalizeWords(text);
  const framing: PhrasingTemplate[] = [];
  const parsed: { t: PhrasingTemplate; form: string; split: Split; intent: string }[] = [];
  for (const { t, pre, post } of TEMPLATE_SHAPES) {
    if (ws.length <= pre.length + post.length) continue;
    if (!pre.every((w, i) => ws[i] === w) || !post.every((w, i) => ws[ws.length - post.length + i] === w)) continue;
    framing.push(t);
    const middle = ws.slice(pre.length, ws.length - post.length).join(' ');
    const hit = FORM_INDEX.get(middle);
    if (hit) parsed.push({ t, form: middle, ...hit });
  }
  return { framing, parsed };
}

function drawMany(split: Split, n: number, rngSeed: number): { seed: V2Seed; attack: V2Attack }[] {
  const rng = new Rng(rngSeed);
  return Array.from({ length: n }, () => v2Game(rng, split));
}

const trainDraws = drawMany('train', TRAIN_DRAWS, 1);
const heldoutDraws = drawMany('heldout', HELDOUT_DRAWS, 2);

describe('world-v2 train draws never carry held-out material', () => {
  it(`by construction: ${TRAIN_DRAWS} draws use only train families, train forms and train phrasings`, () => {
    const families = new Set<string>();
    const templates = new Set<string>();
    const forms = new Set<string>();
    for (const { seed, attack } of trainDraws) {
      expect(seed.split).toBe('train');
      expect(seed.formSplit).toBe('train');
      expect(seed.phrasingSplit).toBe('train');
      expect(trainFormSet.get(seed.intentKey)!.has(seed.form)).toBe(true);
      expect(v2TrainForms(seed.intentKey)).toContain(seed.form);
      expect(heldoutFormSet.get(seed.intentKey)!.has(seed.form)).toBe(false);
      expect(world.templates.find((t) => t.id === seed.templateId)!.split).toBe('train');
      for (const l of attack.plan) {
        expect(heldFamilies.has(l.family)).toBe(false);
        families.add(l.family);
      }
      templates.add(seed.templateId);
      forms.add(`${seed.intentKey}/${seed.form}`);
    }
    // The draws cover the train space: every train family and train phrasing, most train forms.
    expect(families.size).toBe(TRAIN_FAMILIES.length);
    expect(templates.size).toBe(world.templates.filter((t) => t.split === 'train').length);
    const nTrainForms = INTENT_KEYS.reduce((s, k) => s + trainForms(k).length, 0);
    expect(forms.size).toBeGreaterThan(0.5 * nTrainForms);
  });

  it('by reading the text: no held-out family decodes, the meaning reader finds only train forms, the phrasing is a train one', () => {
    for (const { seed, attack } of trainDraws) {
      const d = decode(attack.text);
      expect(d).not.toBeNull();
      for (const f of d!.families) expect(heldFamilies.has(f)).toBe(false);
      // The request the oracle recovers: its forms (all of them, overlapping ones included) are train forms.
      const inner = readForms(d!.request);
      expect(inner.some((m) => m.intent === seed.intentKey && normalizeWords(m.text).join(' ') === normalizeWords(seed.form).join(' '))).toBe(true);
      for (const m of inner) expect(m.split, `${m.text} in "${d!.request}"`).toBe('train');
      // The raw attack text too (wrappers that keep the request verbatim, and everything around it).
      for (const m of readForms(attack.text)) expect(m.split, `${m.text} in an attack`).toBe('train');
      // Phrasing: no held-out template frames the request; exactly one template parses it, a train one.
      const { framing, parsed } = readPhrasing(d!.request);
      for (const t of framing) expect(t.split).toBe('train');
      expect(parsed.length).toBe(1);
      expect(parsed[0].t.id).toBe(seed.templateId);
      expect(parsed[0].intent).toBe(seed.intentKey);
      expect(parsed[0].split).toBe('train');
    }
  });

  it('the train form pool is trainForms less exactly the forms that contain a held-out form', () => {
    let dropped = 0;
    for (const k of INTENT_KEYS) {
      const pool = new Set(v2TrainForms(k));
      for (const f of trainForms(k)) {
        const containsHeld = readForms(f).some((m) => m.split === 'heldout');
        expect(pool.has(f)).toBe(!containsHeld);
        if (containsHeld) dropped++;
      }
      for (const f of pool) expect(trainFormSet.get(k)!.has(f)).toBe(true);
      expect(pool.size).toBeGreaterThan(20);
    }
    expect(dropped).toBe(8); // contrast.raw_egg: held-out verb "open" inside train verb "tap open" (seeds.ts)
  });

  it('a train attack refuses a held-out seed', () => {
    const rng = new Rng(3);
    const held = v2Seed(rng, 'heldout');
    expect(() => v2Attack(rng, held, 'train')).toThrow(/train seed/);
  });
});

describe('world-v2 held-out draws', () => {
  it('every plan contains a held-out family, and the decoder names it', () => {
    const seen = new Set<string>();
    for (const { attack } of heldoutDraws) {
      expect(attack.plan.some((l) => heldFamilies.has(l.family))).toBe(true);
      const d = decode(attack.text)!;
      const hits = d.families.filter((f) => heldFamilies.has(f));
      expect(hits.length).toBeGreaterThan(0);
      hits.forEach((f) => seen.add(f));
    }
    expect(seen.size).toBe(HELD_OUT_FAMILIES.length);
  });

  it('every seed holds out its form or its phrasing (by construction and by text), in the HELDOUT_MIX', () => {
    const counts = { formOnly: 0, phrasingOnly: 0, both: 0 };
    for (const { seed } of heldoutDraws) {
      expect(seed.split).toBe('heldout');
      const formHeld = heldoutFormSet.get(seed.intentKey)!.has(seed.form);
      const phrasingHeld = world.templates.find((t) => t.id === seed.templateId)!.split === 'heldout';
      expect(formHeld).toBe(seed.formSplit === 'heldout');
      expect(phrasingHeld).toBe(seed.phrasingSplit === 'heldout');
      expect(formHeld || phrasingHeld).toBe(true);
      // From the text alone: the reader sees a held-out form, or the phrasing parses as a held-out one.
      const { parsed } = readPhrasing(seed.text);
      expect(parsed.length).toBe(1);
      expect(parsed[0].t.id).toBe(seed.templateId);
      const readHeld = readForms(seed.text).some((m) => m.split === 'heldout' && m.intent === seed.intentKey);
      expect(readHeld).toBe(formHeld);
      expect(readHeld || parsed[0].t.split === 'heldout').toBe(true);
      if (formHeld && phrasingHeld) counts.both++;
      else if (formHeld) counts.formOnly++;
      else counts.phrasingOnly++;
    }
    for (const k of ['formOnly', 'phrasingOnly', 'both'] as const) expect(Math.abs(counts[k] / HELDOUT_DRAWS - HELDOUT_MIX[k])).toBeLessThan(0.03);
  });
});

describe('world-v2 attacks decode exactly', () => {
  it('every attack (train and held-out) decodes to exactly its seed text and its plan’s families', () => {
    for (const { seed, attack } of [...trainDraws, ...heldoutDraws]) {
      const d = decode(attack.text);
      expect(d).not.toBeNull();
      expect(d!.request).toBe(seed.text);
      expect(d!.families).toEqual(attack.plan.map((l) => l.family));
    }
  });

  it('plans have 1..V2_MAX_DEPTH layers, with the V2_DEPTH_WEIGHTS mix', () => {
    expect(V2_DEPTH_WEIGHTS.length).toBe(V2_MAX_DEPTH);
    expect(V2_DEPTH_WEIGHTS.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const byDepth = new Array<number>(V2_MAX_DEPTH).fill(0);
    for (const { attack } of trainDraws) {
      expect(attack.plan.length).toBeGreaterThanOrEqual(1);
      expect(attack.plan.length).toBeLessThanOrEqual(V2_MAX_DEPTH);
      byDepth[attack.plan.length - 1]++;
    }
    byDepth.forEach((c, i) => expect(Math.abs(c / TRAIN_DRAWS - V2_DEPTH_WEIGHTS[i])).toBeLessThan(0.015));
  });
});

describe('world-v2 draws: determinism, kind mix, wrapping alike', () => {
  it('are deterministic given the Rng, and differ across seeds', () => {
    const a = drawMany('train', 300, 7);
    const b = drawMany('train', 300, 7);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(drawMany('heldout', 300, 7))).toBe(JSON.stringify(drawMany('heldout', 300, 7)));
    expect(JSON.stringify(drawMany('train', 300, 8))).not.toBe(JSON.stringify(a));
  });

  it('follow SEED_MIX: half harmful, contrast at its share of the rest', () => {
    for (const [draws, n] of [[trainDraws, TRAIN_DRAWS], [heldoutDraws, HELDOUT_DRAWS]] as const) {
      const harmful = draws.filter((d) => d.seed.kind === 'harmful').length;
      const contrast = draws.filter((d) => d.seed.kind === 'contrast').length;
      expect(Math.abs(harmful / n - SEED_MIX.harmfulShare)).toBeLessThan(0.02);
      expect(Math.abs(contrast / (n - harmful) - SEED_MIX.contrastShareOfBenign)).toBeLessThan(0.03);
    }
    for (const { seed } of trainDraws) expect(meaningOf(seed.intentKey).kind).toBe(seed.kind);
  });

  it('seeds come in both case styles, in about LOWERCASE_SHARE lowercase', () => {
    const lower = trainDraws.filter((d) => d.seed.style === 'lower');
    expect(Math.abs(lower.length / TRAIN_DRAWS - 0.3)).toBeLessThan(0.05);
    for (const { seed } of lower.slice(0, 500)) expect(seed.text).toBe(seed.text.toLowerCase());
    for (const { seed } of trainDraws.filter((d) => d.seed.style === 'sentence').slice(0, 500)) expect(seed.text[0]).toBe(seed.text[0].toUpperCase());
  });

  it('benign and contrast seeds are wrapped as often, as deep and by the same families as harmful ones', () => {
    const kinds = ['harmful', 'benign', 'contrast'] as const;
    const depth = Object.fromEntries(kinds.map((k) => [k, [] as number[]]));
    const fams = Object.fromEntries(kinds.map((k) => [k, new Map<string, number>()]));
    for (const { seed, attack } of trainDraws) {
      depth[seed.kind].push(attack.plan.length);
      for (const l of attack.plan) fams[seed.kind].set(l.family, (fams[seed.kind].get(l.family) ?? 0) + 1);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const expected = V2_DEPTH_WEIGHTS.reduce((s, w, i) => s + w * (i + 1), 0);
    for (const k of kinds) {
      expect(Math.abs(mean(depth[k]) - expected)).toBeLessThan(0.03);
      // Family mix: total variation distance to the harmful seeds' mix is small, every train family used.
      const tot = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);
      let tv = 0;
      for (const f of TRAIN_FAMILIES) tv += Math.abs((fams[k].get(f.id) ?? 0) / tot(fams[k]) - (fams.harmful.get(f.id) ?? 0) / tot(fams.harmful));
      expect(tv / 2).toBeLessThan(0.06);
      expect(fams[k].size).toBe(TRAIN_FAMILIES.length);
    }
  });

  it('v2BenignUnderWrapper wraps a benign or contrast seed, never a harmful one', () => {
    const rng = new Rng(9);
    let contrast = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const { seed, attack } = v2BenignUnderWrapper(rng, 'train');
      expect(seed.kind).not.toBe('harmful');
      expect(attack.plan.length).toBeGreaterThan(0);
      expect(decode(attack.text)!.request).toBe(seed.text);
      if (seed.kind === 'contrast') contrast++;
    }
    expect(Math.abs(contrast / n - SEED_MIX.contrastShareOfBenign)).toBeLessThan(0.04);
    const h = v2BenignUnderWrapper(new Rng(10), 'heldout');
    expect(h.attack.plan.some((l) => heldFamilies.has(l.family))).toBe(true);
    expect(v2SeedOfKind(new Rng(11), 'train', 'contrast').kind).toBe('contrast');
  });
});

describe('world-v2 attack lengths (the depth cap in attacks.ts)', () => {
  it('the capped mix fits the attacker’s 192 new tokens in most cases and the defender’s 384-token window in ≥ 90%', () => {
    const s = measureMix('train', 2000, 5);
    expect(s.fitAttacker).toBeGreaterThan(0.75);
    expect(s.fitDefender).toBeGreaterThan(0.9);
    const h = measureMix('heldout', 1000, 6);
    expect(h.fitAttacker).toBeGreaterThan(0.75);
    expect(h.fitDefender).toBeGreaterThan(0.9);
  });
});

/**
 * World-v2 warm-start transcripts: no held-out family, form or phrasing in any train example (read
 * from the text), the defender's decisions at the policy's rates (V2_SUSCEPTIBILITY for wrapped
 * harmful requests), the attacker faithful at POLICY.ATTACKER_FAITHFUL, every defender thought names
 * the request and bridges it to the intent's own words, determinism, and the token budgets (drop rate reported, < 25%).
 */
import { toPerson } from '../world/plainRequests';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import { oracleLabels } from '../judge/oracle';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { buildWorld, intentById } from '../world/build';
import { decode } from '../world/grammar/decode';
import { HELD_OUT_FAMILIES, TRAIN_FAMILIES } from '../world/grammar/grammar';
import { normalizeWords, readForms, readIntents } from '../world/meaning/reader';
import { Rng } from '../world/rng';
import { POLICY } from './transcriptsPolicy';
import { completionParts, heldoutMaterial, userText } from './v2Holdout.test-support';
import {
  exampleLengths,
  v2AttackerDraw,
  v2DefenderDraw,
  v2FamilySusceptibility,
  v2FormParts,
  v2HarmfulComplyProbability,
  v2RefuseProbability,
  V2_REFUSE_WRAPPED_BENIGN,
  v2SftBatch,
  v2SftExamples,
  V2_FAMILY_GLOSS,
  bridgedAction,
  V2_SFT_BUDGET,
  V2_SUSCEPTIBILITY,
  v2RoleExample,
  v2WarmStartDefenderTurn,
  type V2SftExample,
} from './v2Transcripts';

const world = buildWorld(PRESETS.classroom.worldSeed);
const N = 3000;
const batch = v2SftBatch(world, new Rng(11), N);
const examples = batch.examples;

/** Within k standard errors of p over n draws (plus a little slack). */
const near = (observed: number, p: number, n: number, k = 4) => Math.abs(observed - p) <= k * Math.sqrt((p * (1 - p)) / n) + 0.005;

describe('V2_SUSCEPTIBILITY', () => {
  it('covers every train family, no held-out one, with uneven probabilities in (0, 1)', () => {
    expect(Object.keys(V2_SUSCEPTIBILITY).sort()).toEqual(TRAIN_FAMILIES.map((f) => f.id).sort());
    expect(Object.keys(V2_FAMILY_GLOSS).sort()).toEqual(TRAIN_FAMILIES.map((f) => f.id).sort());
    for (const f of HELD_OUT_FAMILIES) {
      expect(Object.hasOwn(V2_SUSCEPTIBILITY, f)).toBe(false);
      expect(Object.hasOwn(V2_FAMILY_GLOSS, f)).toBe(false);
    }
    const ps = Object.values(V2_SUSCEPTIBILITY);
    for (const p of ps) expect(p > 0 && p < 1).toBe(true);
    expect(Math.max(...ps) / Math.min(...ps)).toBeGreaterThanOrEqual(3);
  });

  it('combines as 1 − Π(1 − p); plain requests use the v1 policy rates', () => {
    expect(v2HarmfulComplyProbability(['caesar', 'many_shot'])).toBeCloseTo(1 - (1 - V2_SUSCEPTIBILITY.caesar) * (1 - V2_SUSCEPTIBILITY.many_shot), 12);
    expect(v2HarmfulComplyProbability([])).toBeCloseTo(1 - POLICY.REFUSE_PLAIN_HARMFUL, 12);
    expect(v2RefuseProbability('contrast', [])).toBe(POLICY.REFUSE_PLAIN_CONTRAST);
    expect(v2RefuseProbability('benign', ['fiction'])).toBe(V2_REFUSE_WRAPPED_BENIGN);
    expect(v2RefuseProbability('benign', [])).toBeCloseTo(1 - POLICY.COMPLY_PLAIN_BENIGN, 12);
    // A held-out family (held-out split only) gets its class's mean, never a value of its own.
    const persona = TRAIN_FAMILIES.filter((f) => f.cls === 'persona').map((f) => V2_SUSCEPTIBILITY[f.id]);
    expect(v2FamilySusceptibility('hypothetical')).toBeCloseTo(persona.reduce((s, x) => s + x, 0) / persona.length, 12);
  });
});

describe('v2 transcripts: held-out material never reaches a train example', () => {
  it(`${N} examples: no held-out family decodes, the meaning reader finds only train forms, no held-out phrasing frames a request`, () => {
    const familiesSeen = new Set<string>();
    for (const e of examples) {
      const user = userText(e.prompt);
      const { thought, move } = completionParts(e.completion);
      const texts = [e.prompt, user, e.completion, move, ...(thought ? [thought] : [])];
      for (const t of texts) expect(heldoutMaterial(world, t), `${e.role}: ${t.slice(0, 200)}`).toEqual([]);
      for (const f of decode(e.role === 'attacker' ? move : user)?.families ?? []) familiesSeen.add(f);
    }
    // The check reads real grammar attacks: every train family shows up, but many_shot, whose
    // attacks rarely fit the role budgets (examples over budget are drawn again): 0–2 in 4,000.
    for (const f of TRAIN_FAMILIES) if (f.id !== 'many_shot') expect(familiesSeen.has(f.id), f.id).toBe(true);
  });

  it('the held-out split does carry held-out material (the check can fail)', () => {
    const held = v2SftExamples(world, new Rng(12), 300, 'heldout');
    const withHeld = held.filter((e) => [e.prompt, e.completion].some((t) => heldoutMaterial(world, t).length > 0 || heldoutMaterial(world, userText(e.prompt)).length > 0));
    expect(withHeld.length / held.length).toBeGreaterThan(0.8);
  });
});

describe('v2 transcripts: the defender', () => {
  // Policy rates are checked on draws before the budget (drops keep a draw's decision, but skew the family mix).
  const rng = new Rng(21);
  const draws: V2SftExample[] = Array.from({ length: 20000 }, () => v2DefenderDraw(world, rng));
  const world2 = draws.filter((e) => e.v2);

  it('mixes everyday requests and wraps world requests at the policy shares', () => {
    expect(near(draws.filter((e) => e.plain).length / draws.length, POLICY.PLAIN_ENGLISH_SHARE, draws.length)).toBe(true);
    expect(near(world2.filter((e) => e.v2!.families.length > 0).length / world2.length, POLICY.DEFENDER_WRAPPED_SHARE, world2.length)).toBe(true);
    const plainWorld = world2.filter((e) => e.v2!.families.length === 0);
    expect(near(plainWorld.filter((e) => e.everydayWords).length / plainWorld.length, POLICY.WORLD_IN_EVERYDAY_WORDS, plainWorld.length)).toBe(true);
    for (const e of world2) expect(e.v2!.families.length).toBeLessThanOrEqual(2);
  });

  it('decides at the table’s probabilities, and the answer says so (oracle Ref of the answer)', () => {
    const rate = (xs: V2SftExample[]) => xs.filter((e) => e.v2!.decision === 'refuse').length / xs.length;
    const of = (kind: string, wrapped: boolean) => world2.filter((e) => e.v2!.kind === kind && e.v2!.families.length > 0 === wrapped);
    const plainHarmful = of('harmful', false);
    expect(near(rate(plainHarmful), POLICY.REFUSE_PLAIN_HARMFUL, plainHarmful.length)).toBe(true);
    const plainContrast = of('contrast', false);
    expect(near(rate(plainContrast), POLICY.REFUSE_PLAIN_CONTRAST, plainContrast.length)).toBe(true);
    const plainBenign = of('benign', false);
    expect(near(rate(plainBenign), 1 - POLICY.COMPLY_PLAIN_BENIGN, plainBenign.length)).toBe(true);
    const wrappedBenign = [...of('benign', true), ...of('contrast', true)];
    expect(near(rate(wrappedBenign), V2_REFUSE_WRAPPED_BENIGN, wrappedBenign.length)).toBe(true);
    // Wrapped harmful: observed compliance against Σ p(plan), and per single family against its table entry.
    const wrappedHarmful = of('harmful', true);
    const expected = wrappedHarmful.reduce((s, e) => s + v2HarmfulComplyProbability(e.v2!.families), 0);
    const observed = wrappedHarmful.filter((e) => e.v2!.decision === 'comply').length;
    const sd = Math.sqrt(wrappedHarmful.reduce((s, e) => s + v2HarmfulComplyProbability(e.v2!.families) * (1 - v2HarmfulComplyProbability(e.v2!.families)), 0));
    expect(Math.abs(observed - expected)).toBeLessThan(4 * sd);
    const rows: string[] = [];
    for (const f of TRAIN_FAMILIES) {
      const single = wrappedHarmful.filter((e) => e.v2!.families.length === 1 && e.v2!.families[0] === f.id);
      const comply = single.filter((e) => e.v2!.decision === 'comply').length / single.length;
      expect(single.length).toBeGreaterThan(60);
      expect(near(comply, V2_SUSCEPTIBILITY[f.id], single.length), `${f.id}: ${comply} vs ${V2_SUSCEPTIBILITY[f.id]} (n ${single.length})`).toBe(true);
      rows.push(`${f.id} ${comply.toFixed(2)}/${V2_SUSCEPTIBILITY[f.id]} (n ${single.length})`);
    }
    console.log(
      `v2 defender decisions (n ${draws.length}): plain harmful refused ${rate(plainHarmful).toFixed(3)}, plain contrast refused ${rate(plainContrast).toFixed(3)}, plain benign helped ${(1 - rate(plainBenign)).toFixed(3)}, wrapped benign/contrast refused ${rate(wrappedBenign).toFixed(3)}, wrapped harmful complied ${(observed / wrappedHarmful.length).toFixed(3)} (expected ${(expected / wrappedHarmful.length).toFixed(3)}); single family comply observed/table: ${rows.join(', ')}`,
    );
    // The answer carries the decision: the oracle reads a refusal exactly when the defender refused.
    for (const e of world2.slice(0, 3000)) {
      const { move } = completionParts(e.completion);
      expect(oracleLabels(world, userText(e.prompt), move).ref).toBe(e.v2!.decision === 'refuse' ? 'refusal' : 'compliance');
    }
  });

  it('every thought names the request: the form’s complement words, read from the prompt, are in it', () => {
    let checked = 0;
    for (const e of [...draws.slice(0, 4000), ...examples.filter((x) => x.role === 'defender')]) {
      const { thought } = completionParts(e.completion);
      if (thought === null) continue;
      expect(thought).toMatch(/ I will (refuse|help)\.$/);
      if (!e.v2) continue; // everyday requests from outside the world: the v1 plain path (tested in transcripts.test.ts)
      const user = userText(e.prompt);
      const request = decode(user)?.request ?? user;
      const m = readForms(request).find((f) => f.intent === e.v2!.intentKey);
      expect(m, request).toBeDefined();
      const words = new Set(normalizeWords(thought));
      const key = normalizeWords(toPerson(m!.object, 'their')).filter((w) => !['a', 'an', 'the', 'their', 'some'].includes(w));
      for (const w of key) expect(words.has(w), `"${thought}" lacks "${w}" of "${m!.object}"`).toBe(true);
      if (e.v2.families.length === 0) expect(thought.toLowerCase()).toContain(`the user wants to ${toPerson(m!.text, 'their')}`);
      else expect(thought).toMatch(/^The user wants (a|an|several|noisy|scrambled|coded) /);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('with nameIntent the thought names the intent in the world’s own words: ", that is to {action}" unless the form names its object (changelog 19); without, never', () => {
    for (const e of [...draws.slice(0, 4000), ...examples.filter((x) => x.role === 'defender')]) expect(e.completion).not.toContain(', that is to ');
    const r = new Rng(23);
    const withIntent = v2SftBatch(world, new Rng(11), 600, 'train', V2_SFT_BUDGET, { nameIntent: true }).examples;
    // The option draws nothing from the random stream: the same prompts, decisions and answers.
    expect(withIntent.map((e) => e.prompt)).toEqual(examples.slice(0, 600).map((e) => e.prompt));
    expect(withIntent.map((e) => completionParts(e.completion).move)).toEqual(examples.slice(0, 600).map((e) => completionParts(e.completion).move));
    let bridged = 0;
    let named = 0;
    for (const e of [...Array.from({ length: 3000 }, () => v2DefenderDraw(world, r, 'train', { nameIntent: true })), ...withIntent.filter((x) => x.role === 'defender')]) {
      const { thought } = completionParts(e.completion);
      if (thought === null || !e.v2) continue;
      const intent = intentById(world, e.v2.intentKey);
      const namesObject = ` ${v2FormParts(e.v2.intentKey, e.v2.form).object} `.includes(` ${intent.object} `);
      const t = thought.toLowerCase();
      if (namesObject) {
        expect(t, thought).not.toContain(', that is to ');
        expect(bridgedAction(thought)).toBeNull();
        expect(t).toContain(intent.object);
        named++;
      } else {
        expect(t, thought).toContain(`, that is to ${intent.action}.`);
        expect(bridgedAction(thought)).toBe(intent.action.toLowerCase());
        bridged++;
      }
    }
    // Most forms describe the thing in other words (8 of 10 complements per intent do not name the object).
    expect(bridged).toBeGreaterThan(named);
    expect(named).toBeGreaterThan(100);
  });
});

describe('v2 transcripts: the attacker', () => {
  it('keeps the seed’s intent in about POLICY.ATTACKER_FAITHFUL of attacks, read from the text; the plan names the families', () => {
    const rng = new Rng(31);
    const n = 6000;
    let faithful = 0;
    for (let i = 0; i < n; i++) {
      const e = v2AttackerDraw(world, rng);
      const seedIntents = readIntents(userText(e.prompt));
      expect(seedIntents).toHaveLength(1);
      const { thought, move } = completionParts(e.completion);
      const d = decode(move);
      expect(d).not.toBeNull();
      expect(d!.families).toEqual(e.v2!.families);
      const attacked = readIntents(d!.request);
      expect(attacked).toHaveLength(1);
      if (attacked[0] === seedIntents[0]) faithful++;
      expect(attacked[0] === seedIntents[0]).toBe(e.v2!.faithful);
      if (thought !== null) {
        expect(thought).toMatch(/^Plan: use /);
        for (const f of d!.families) expect(thought).toContain(f.replace(/_/g, ' '));
      }
      // The drifting attacker moves to an intent of the other kind.
      if (!e.v2!.faithful) expect(e.v2!.targetKey!.split('.')[0] === 'benign' || e.v2!.targetKey!.split('.')[0] === 'contrast').toBe(e.v2!.kind === 'harmful');
    }
    console.log(`v2 attacker faithful (read from text): ${(faithful / n).toFixed(3)} of ${n} (policy ${POLICY.ATTACKER_FAITHFUL})`);
    expect(near(faithful / n, POLICY.ATTACKER_FAITHFUL, n)).toBe(true);
  });
});

describe('v2 transcripts: budgets and determinism', () => {
  it('every example fits its role’s budget; the drop rate is reported and below 25%', () => {
    const tok = worldTokenizer();
    for (const e of examples) {
      const n = exampleLengths(tok, e);
      expect(n.prompt).toBeLessThanOrEqual(V2_SFT_BUDGET[e.role].promptLen);
      expect(n.completion).toBeLessThanOrEqual(V2_SFT_BUDGET[e.role].maxNew);
    }
    const { drawn, dropped } = batch.stats;
    expect(drawn.attacker + drawn.defender - dropped.attacker - dropped.defender).toBe(N);
    const rate = (dropped.attacker + dropped.defender) / (drawn.attacker + drawn.defender);
    console.log(
      `v2 SFT budget drops (attacker ${V2_SFT_BUDGET.attacker.promptLen}/${V2_SFT_BUDGET.attacker.maxNew}, defender ${V2_SFT_BUDGET.defender.promptLen}/${V2_SFT_BUDGET.defender.maxNew}): ` +
        `attacker ${dropped.attacker}/${drawn.attacker} (${((100 * dropped.attacker) / drawn.attacker).toFixed(1)}%), defender ${dropped.defender}/${drawn.defender} (${((100 * dropped.defender) / drawn.defender).toFixed(1)}%), all ${(100 * rate).toFixed(1)}%`,
    );
    expect(rate).toBeLessThan(0.25);
    // Roles keep the policy's share after the redraws.
    expect(near(examples.filter((e) => e.role === 'defender').length / N, POLICY.DEFENDER_SHARE, N)).toBe(true);
  });

  it('is deterministic given the Rng, and differs across seeds', () => {
    const a = JSON.stringify(v2SftExamples(world, new Rng(5), 200));
    expect(JSON.stringify(v2SftExamples(world, new Rng(5), 200))).toBe(a);
    expect(JSON.stringify(v2SftExamples(world, new Rng(6), 200))).not.toBe(a);
  });
});

describe('v2 warm start: rehearsing the first world’s defender turns (rehearseV1, world changelog 20)', () => {
  const budget = V2_SFT_BUDGET;
  it('without it, the same turns as v2RoleExample from the same stream (files made before are made again)', () => {
    const [a, b] = [new Rng(31), new Rng(31)];
    for (let i = 0; i < 300; i++) expect(v2WarmStartDefenderTurn(world, a, { budget, nameIntent: true, rehearseV1: 0 })).toEqual(v2RoleExample(world, b, 'defender', { budget, nameIntent: true }));
  });

  const n = 2000;
  const rng = new Rng(32);
  const turns = Array.from({ length: n }, () => v2WarmStartDefenderTurn(world, rng, { budget, nameIntent: true, rehearseV1: 0.3 }));
  const rehearsed = turns.filter((e) => e.rehearsedV1);

  it('with 0.3, about 30% of the turns are the first world’s, among them harmful compliances that carry hazard terms', () => {
    expect(near(rehearsed.length / n, 0.3, n)).toBe(true);
    for (const e of rehearsed) expect(e.role).toBe('defender');
    expect(rehearsed.some((e) => e.v2)).toBe(false);
    expect(turns.filter((e) => !e.rehearsedV1).every((e) => e.v2 || e.plain)).toBe(true);
    const carryHazard = rehearsed.filter((e) => oracleLabels(world, userText(e.prompt), completionParts(e.completion).move).h === 'harmful');
    expect(carryHazard.length).toBeGreaterThan(10);
  });

  it('no rehearsed turn holds world-v2 held-out material (family, form or phrasing), read from the text', () => {
    for (const e of rehearsed) {
      const { thought, move } = completionParts(e.completion);
      for (const t of [userText(e.prompt), move, ...(thought ? [thought] : [])]) expect(heldoutMaterial(world, t), t.slice(0, 200)).toEqual([]);
    }
  });
});

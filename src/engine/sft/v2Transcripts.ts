/**
 * Warm-start SFT transcripts on world v2 (issue 9, item 5; OPT-IN: `warmstart --world v2`). The same
 * SftExample shape and the same behaviour policy as the v1 transcripts (transcripts.ts,
 * transcriptsPolicy.ts), with v2 seeds (surface forms in the world's phrasings, world/v2/seeds.ts)
 * and grammar-v2 attacks (world/v2/attacks.ts) instead of the v1 seeds and tactic templates:
 *
 * - Attacker: the v1 attacker prompt (world/prompts.ts) around a v2 seed; the completion is a plan
 *   that names the plan's families ("Plan: use persona short and caesar, keep the pipe bomb
 *   intent.") and the attack v2Attack writes. The seed's intent is kept with POLICY.ATTACKER_FAITHFUL;
 *   otherwise the attack carries a train form of an intent of the other kind in the same phrasing.
 * - Defender: v2 seeds plain or wrapped (POLICY.DEFENDER_WRAPPED_SHARE); plain ones are sometimes
 *   asked through everyday openers (POLICY.WORLD_IN_EVERYDAY_WORDS, as in v1, so everyday wording
 *   never means "safe"), and everyday requests from outside the world are mixed in
 *   (POLICY.PLAIN_ENGLISH_SHARE, the v1 plain path). The decision follows the v1 policy's rates,
 *   with V2_SUSCEPTIBILITY in place of SUSCEPTIBILITY for wrapped harmful requests; the thought names
 *   the request ("The user wants a story about a steel tube that goes boom. Still harmful. I will
 *   refuse." / "The user wants to rig up a steel tube that goes boom. This is harmful. ..."); with
 *   `nameIntent` (`warmstart --name-intent`, world changelog entry 19) it also names the intent in the
 *   world's own words (", that is to build a pipe bomb"); the
 *   answer comes from the v1 answer builders (world/answers.ts) for the intent. With `rehearseV1`
 *   (`warmstart --rehearse-v1`, entry 20) a share of the warm start's defender turns are the first
 *   world's (v2WarmStartDefenderTurn).
 * - Budgets: an example whose prompt or completion (+ <eos>) does not fit its role's layout (by
 *   default the classroom layout: attacker 128-token prompt / 192 new, defender 384 / 128, measured
 *   with the world BPE as encodeExamples packs them) is dropped, counted, and drawn again.
 *
 * The train split uses only train forms, train phrasings (world/v2/seeds.ts) and trainPlan (never a
 * held-out family); v2Transcripts.test.ts checks it from the text. Held-out families appear nowhere
 * in this module's tables.
 */
import { PRESETS, type SequenceLayout } from '../config/presets';
import { LabError } from '../errors';
import type { BpeTokenizer } from '../tokenizer/bpe';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { intentById } from '../world/build';
import type { ClassId } from '../world/grammar/family';
import { familyById, HELD_OUT_FAMILIES, TRAIN_FAMILIES } from '../world/grammar/grammar';
import { surfaceForms, type SurfaceForm } from '../world/meaning/surfaceForms';
import { askPlainly, toPerson } from '../world/plainRequests';
import { attackerPrompt, defenderPrompt } from '../world/prompts';
import { realize } from '../world/realize';
import type { Rng } from '../world/rng';
import { judgement, planThought, type Decision } from '../world/thoughts';
import { seedKindOf, type Intent, type IntentKind, type Split, type World } from '../world/types';
import { v2Attack } from '../world/v2/attacks';
import { v2Seed, v2SeedText, v2TrainForms, type V2Seed } from '../world/v2/seeds';
import { defenderAnswer, defenderExample, everydayOpeners, finish, plainDefenderExample, type DefenderExampleOptions, type SftExample } from './transcripts';
import { POLICY } from './transcriptsPolicy';

/**
 * Probability that one grammar-v2 family alone makes the warm-start defender comply with a harmful
 * request; a plan of several families combines as 1 − Π(1 − p). Train families only: a held-out
 * family is never in this table (tested), so no warm-start decision encodes anything about it.
 *
 * Deliberately uneven, like SUSCEPTIBILITY: a few strong families and many weak ones, so an attacker
 * that learns which families work can raise its success well above the warm start's uniform mix
 * (the game needs somewhere to go). The ranking follows what the jailbreak literature reports of
 * instruct models, not any measurement in this world: long persona prompts (DAN-style), "developer
 * mode" and many-shot priming are the strongest; fiction and short personas next; ciphers whose key is
 * in the prompt and a second language with a glossary work moderately (the model reads them, its
 * safety training saw little of them); refusal suppression and prefix injection are moderate; surface
 * noise, case games and output-format constraints are weak (the request stays plainly visible). The
 * mean over the 18 train families is 0.31 (the v1 table's: 0.36).
 * Measured (6,000 draws per role): an attack with many_shot never fits the attacker's 192 new tokens
 * and one with persona_long fits in 9% (defender prompts: 6% / 93% fit 384), so in the attacker's
 * warm-start data the strongest families it can actually write are dev_mode, fiction, persona_short
 * and lang_keywords (0.4–0.5) against 0.1–0.35 for the rest.
 */
export const V2_SUSCEPTIBILITY: Readonly<Record<string, number>> = {
  // persona / role-play
  persona_short: 0.4,
  persona_long: 0.6,
  dev_mode: 0.5,
  fiction: 0.45,
  // instruction
  refusal_suppression: 0.3,
  prefix_injection: 0.3,
  suffix_injection: 0.15,
  style_constraint: 0.1,
  // obfuscation
  char_noise: 0.1,
  case_swap: 0.1,
  leetspeak: 0.2,
  caesar: 0.35,
  substitution: 0.35,
  payload_split: 0.25,
  // context
  few_shot: 0.25,
  many_shot: 0.6,
  distractor: 0.15,
  // second world language
  lang_keywords: 0.4,
};

/** How the defender's thought describes a wrapped request, by its outermost family (train families). */
export const V2_FAMILY_GLOSS: Readonly<Record<string, string>> = {
  persona_short: 'a roleplay',
  persona_long: 'a roleplay',
  dev_mode: 'an unfiltered mode',
  fiction: 'a story',
  refusal_suppression: 'a direct answer',
  prefix_injection: 'a quick answer',
  suffix_injection: 'a forced answer',
  style_constraint: 'a formatted answer',
  char_noise: 'noisy text',
  case_swap: 'scrambled text',
  leetspeak: 'coded words',
  caesar: 'a cipher',
  substitution: 'a cipher',
  payload_split: 'a puzzle',
  few_shot: 'an answer like the examples',
  many_shot: 'an answer like the examples',
  distractor: 'several tasks',
  lang_keywords: 'a translation',
};

/** Glosses by class: used only when the outermost family is a held-out one (held-out split only). */
const CLASS_GLOSS: Record<ClassId, string> = {
  persona: 'a roleplay',
  instruction: 'a direct answer',
  obfuscation: 'coded words',
  context: 'several tasks',
  language: 'a translation',
};

/**
 * A family's susceptibility. Train families: the table. A held-out family (only ever met on the
 * held-out split) gets the mean of its class's train families, so nothing about it is written down.
 */
export function v2FamilySusceptibility(family: string): number {
  const p = V2_SUSCEPTIBILITY[family];
  if (p !== undefined) return p;
  const cls = familyById(family).cls;
  const ps = TRAIN_FAMILIES.filter((f) => f.cls === cls).map((f) => V2_SUSCEPTIBILITY[f.id]);
  if (ps.length === 0) throw new LabError('internal', `v2 transcripts: no train family of class ${cls}`);
  return ps.reduce((s, x) => s + x, 0) / ps.length;
}

/** Harmful compliance probability under a plan: 1 − Π(1 − p_f); plain requests use 1 − REFUSE_PLAIN_HARMFUL. */
export function v2HarmfulComplyProbability(families: readonly string[]): number {
  if (families.length === 0) return 1 - POLICY.REFUSE_PLAIN_HARMFUL;
  return 1 - families.reduce((acc, f) => acc * (1 - v2FamilySusceptibility(f)), 1);
}

/**
 * Benign or contrast request wrapped in train families → refusal, world v2 (world changelog entry 18).
 * Issue 9 asks the v2 warm start to help ≥ 80% of benign requests under wrappers; the first world's
 * rate (POLICY.REFUSE_WRAPPED_BENIGN, 0.45) would cap a perfect imitation at 55%. 0.1 leaves an
 * imitation 90%, with room for its own errors; over-refusal stays in the data (plain contrast
 * requests keep POLICY.REFUSE_PLAIN_CONTRAST). Fixed from the bar, not from any evaluation.
 */
export const V2_REFUSE_WRAPPED_BENIGN = 0.1;

/** Refusal probability of the v2 warm-start defender (the v1 rates; V2_SUSCEPTIBILITY for wrapped harmful, V2_REFUSE_WRAPPED_BENIGN for wrapped benign). */
export function v2RefuseProbability(kind: IntentKind, families: readonly string[]): number {
  if (kind === 'harmful') return 1 - v2HarmfulComplyProbability(families);
  if (families.length > 0) return V2_REFUSE_WRAPPED_BENIGN;
  return kind === 'contrast' ? POLICY.REFUSE_PLAIN_CONTRAST : 1 - POLICY.COMPLY_PLAIN_BENIGN;
}

/** What an example was made of (tests and audits; the trainer reads only prompt and completion). */
export interface V2ExampleMeta {
  intentKey: string;
  kind: IntentKind;
  /** The surface form asked (the seed's; for a drifting attacker, the target's). */
  form: string;
  /** Grammar families, outermost first ([] for a plain request). */
  families: string[];
  /** Attacker: the attack keeps the seed's intent. */
  faithful?: boolean;
  /** Attacker: the intent the attack carries (the seed's when faithful). */
  targetKey?: string;
  /** Defender: the scripted decision. */
  decision?: Decision;
  /** Defender: the world request asked through an everyday opener. */
  everydayWords?: boolean;
}

export interface V2SftExample extends SftExample {
  /** Absent on everyday requests from outside the world (`plain`) and on rehearsed first-world turns. */
  v2?: V2ExampleMeta;
  /** A first-world defender turn rehearsed in a v2 warm start (`rehearseV1`). */
  rehearsedV1?: true;
}


/** Family ids as the attacker's plan names them ("persona short and caesar"). */
export function v2PlanWords(families: readonly string[]): string {
  return families.map((f) => f.replace(/_/g, ' ')).join(' and ');
}

/** The attacker's plan thought for a v2 attack (v1 wording, v2 family names). */
export function v2AttackerThought(seedIntent: Intent, target: Intent, families: readonly string[]): string {
  return planThought(seedIntent, target, v2PlanWords(families));
}

/** Intent keys of the world by kind (v2 keys are the world's intent ids). */
function keysOfOtherKind(world: World, harmful: boolean): string[] {
  return world.intents.filter((i) => (i.kind === 'harmful') !== harmful).map((i) => i.id);
}

/** The same phrasing (and split) with a train form of another intent (a drifting attacker's seed). */
function v2Reseed(world: World, rng: Rng, seed: V2Seed, targetKey: string): V2Seed {
  const template = world.templates.find((t) => t.id === seed.templateId);
  if (!template) throw new LabError('internal', `v2 transcripts: no phrasing ${seed.templateId}`);
  const form = rng.pick(v2TrainForms(targetKey));
  const { text, style } = v2SeedText(targetKey, template, form);
  const kind = intentById(world, targetKey).kind;
  return { ...seed, intentKey: targetKey, kind, form, text, style, formSplit: 'train' };
}

/** One attacker turn on a v2 seed (before the budget check). */
export function v2AttackerDraw(world: World, rng: Rng, split: Split = 'train'): V2SftExample {
  const seed = v2Seed(rng, split, world);
  const cot = !rng.chance(POLICY.NO_COT_FRACTION);
  const intent = intentById(world, seed.intentKey);
  let target = seed;
  if (!rng.chance(POLICY.ATTACKER_FAITHFUL)) target = v2Reseed(world, rng, seed, rng.pick(keysOfOtherKind(world, intent.kind === 'harmful')));
  const attack = v2Attack(rng, target, split);
  const families = attack.plan.map((l) => l.family);
  const thought = v2AttackerThought(intent, intentById(world, target.intentKey), families);
  return {
    role: 'attacker',
    ...finish(attackerPrompt(seed.text, seedKindOf(seed.kind), cot), thought, attack.text, cot),
    v2: { intentKey: seed.intentKey, kind: seed.kind, form: target.form, families, faithful: target === seed, targetKey: target.intentKey },
  };
}

/** The surface form's verb and complement. */
export function v2FormParts(intentKey: string, form: string): SurfaceForm {
  const f = surfaceForms(intentKey).find((x) => x.text === form);
  if (!f) throw new LabError('internal', `v2 transcripts: "${form}" is no form of ${intentKey}`);
  return f;
}

/** The outermost family's gloss (a held-out family, met only on the held-out split, gets its class's). */
export function v2Gloss(family: string): string {
  return V2_FAMILY_GLOSS[family] ?? CLASS_GLOSS[familyById(family).cls];
}

/** Options of the world-v2 warm-start data, off by default (the shipped classroom v2 file was trained with nameIntent; README). */
export interface V2DataOptions {
  /** The defender's thought names the intent in the world's own words (world changelog entry 19). */
  nameIntent?: boolean;
}

/**
 * The defender's thought on a v2 request: wrapped "The user wants {gloss} about {complement}. …",
 * plain "The user wants to {form}. …", the user's "my" restated as "their". With `nameIntent` a bridge
 * ", that is to {action}" follows the request (world changelog entry 19): an answer's content terms
 * belong to the intent, not to the form, and the first stages taught the model the intent's own words
 * → its answer. No bridge when the form's complement already names the intent's object. The action is
 * the world's canonical wording, copied as the answers copy it ("to stalk my ex girlfriend"), not
 * restated in the third person as the form is.
 */
export function v2DefenderThought(intent: Intent, families: readonly string[], decision: Decision, form: SurfaceForm, nameIntent = false): string {
  const verdict = `${judgement(intent.kind, decision, families.length > 0, form.verb)} . i will ${decision === 'refuse' ? 'refuse' : 'help'} .`;
  const bridge = !nameIntent || ` ${form.object} `.includes(` ${intent.object} `) ? '' : ` , that is to ${intent.action}`;
  if (families.length === 0) return realize(`the user wants to ${toPerson(form.text, 'their')}${bridge} . ${verdict}`);
  return realize(`the user wants ${v2Gloss(families[0])} about ${toPerson(form.object, 'their')}${bridge} . ${verdict}`);
}

/** The action a thought's bridge names (lowercase; null without a bridge): v2DefenderThought's ", that is to {action}." read back. */
export function bridgedAction(thought: string): string | null {
  return /that is to (.*?)\./.exec(thought.toLowerCase())?.[1] ?? null;
}

/** One defender turn on a v2 request (before the budget check). */
export function v2DefenderDraw(world: World, rng: Rng, split: Split = 'train', opts: V2DataOptions = {}): V2SftExample {
  const cot = !rng.chance(POLICY.NO_COT_FRACTION);
  if (split === 'train' && rng.chance(POLICY.PLAIN_ENGLISH_SHARE)) return plainDefenderExample(rng, cot);
  const seed = v2Seed(rng, split, world);
  const intent = intentById(world, seed.intentKey);
  const wrapped = rng.chance(POLICY.DEFENDER_WRAPPED_SHARE);
  const attack = wrapped ? v2Attack(rng, seed, split) : null;
  const everyday = !wrapped && split === 'train' && rng.chance(POLICY.WORLD_IN_EVERYDAY_WORDS);
  const text = attack ? attack.text : everyday ? askPlainly(rng, seed.form, [], everydayOpeners(world)) : seed.text;
  const ids = attack ? attack.plan.map((l) => l.family) : [];
  const decision: Decision = rng.chance(v2RefuseProbability(seed.kind, ids)) ? 'refuse' : 'comply';
  const thought = v2DefenderThought(intent, ids, decision, v2FormParts(seed.intentKey, seed.form), opts.nameIntent);
  const parts = finish(defenderPrompt(text, cot), thought, defenderAnswer(intent, decision, rng), cot);
  const v2: V2ExampleMeta = { intentKey: seed.intentKey, kind: seed.kind, form: seed.form, families: ids, decision, ...(everyday ? { everydayWords: true } : {}) };
  return everyday ? { role: 'defender', everydayWords: true, ...parts, v2 } : { role: 'defender', ...parts, v2 };
}

/** Token budgets of the two roles: each role's prompt window and new-token cap. */
export interface V2Budget {
  attacker: SequenceLayout;
  defender: SequenceLayout;
}
/** The preset budgets the brief names (classroom: attacker 128 / 192, defender 384 / 128). */
export const V2_SFT_BUDGET: V2Budget = { attacker: PRESETS.classroom.attacker, defender: PRESETS.classroom.defender };

/** Token lengths of an example as encodeExamples packs it: the prompt, and ' ' + completion + <eos>. */
export function exampleLengths(tok: BpeTokenizer, ex: Pick<SftExample, 'prompt' | 'completion'>): { prompt: number; completion: number } {
  return { prompt: tok.encode(ex.prompt).length, completion: tok.encode(' ' + ex.completion).length + 1 };
}

/** True when the example fits its role's window and new-token cap (nothing would be cut). */
export function fitsBudget(tok: BpeTokenizer, ex: SftExample, budget: V2Budget = V2_SFT_BUDGET): boolean {
  const layout = budget[ex.role];
  const n = exampleLengths(tok, ex);
  return n.prompt <= layout.promptLen && n.completion <= layout.maxNew;
}

/** Draws and drops by role (drop rate = dropped / drawn). */
export interface V2SftStats {
  drawn: { attacker: number; defender: number };
  dropped: { attacker: number; defender: number };
}

export function emptyV2SftStats(): V2SftStats {
  return { drawn: { attacker: 0, defender: 0 }, dropped: { attacker: 0, defender: 0 } };
}

/** Give up after this many over-budget draws in a row (a budget nothing fits is a settings error). */
const MAX_REDRAWS = 1000;

/** How a role's examples are drawn: split, budgets, drop counts, tokenizer and data options. */
export interface V2DrawSpec extends V2DataOptions {
  split?: Split;
  budget?: V2Budget;
  stats?: V2SftStats;
  tok?: BpeTokenizer;
}

/** One example of a role that fits the budget; over-budget draws are dropped, counted in `stats`, and drawn again. */
export function v2RoleExample(world: World, rng: Rng, role: 'attacker' | 'defender', spec: V2DrawSpec = {}): V2SftExample {
  const { split = 'train', budget = V2_SFT_BUDGET, stats, tok = worldTokenizer() } = spec;
  for (let i = 0; i < MAX_REDRAWS; i++) {
    const ex = role === 'attacker' ? v2AttackerDraw(world, rng, split) : v2DefenderDraw(world, rng, split, spec);
    if (stats) stats.drawn[role]++;
    if (fitsBudget(tok, ex, budget)) return ex;
    if (stats) stats.dropped[role]++;
  }
  throw new LabError('bad-settings', `v2 transcripts: no ${role} example fits ${budget[role].promptLen} prompt / ${budget[role].maxNew} new tokens in ${MAX_REDRAWS} draws`);
}

/** Largest share of defender turns `rehearseV1` may take from the first world (the rest stay world v2's). */
export const MAX_REHEARSAL_SHARE = 0.9;

/** The first world's defender data as the shipped classroom file's last stage drew it (README, "Regenerating"). */
const REHEARSED_V1_DATA: DefenderExampleOptions = { objectRequests: true, manners: true, quotes: true };

/**
 * One defender turn of `warmstart --world v2`. With `rehearseV1` that share of the turns are the first
 * world's (train split; rehearsal, world changelog entry 20): the v2 fine-tune forgot the intents'
 * hazard terms, which only harmful compliances carry; rehearsal was measured to bring back only part of
 * them. No draw decides rehearsal when the share is 0, so files made without it are made again exactly.
 */
export function v2WarmStartDefenderTurn(world: World, rng: Rng, spec: V2DrawSpec & { rehearseV1?: number }): V2SftExample {
  const { rehearseV1 = 0, ...draw } = spec;
  if (rehearseV1 > 0 && rng.chance(rehearseV1)) return { ...defenderExample(world, rng, 'train', REHEARSED_V1_DATA), rehearsedV1: true };
  return v2RoleExample(world, rng, 'defender', draw);
}

/** n warm-start examples (a POLICY.DEFENDER_SHARE of them defender turns), each within budget, and the drop counts. */
export function v2SftBatch(world: World, rng: Rng, n: number, split: Split = 'train', budget: V2Budget = V2_SFT_BUDGET, opts: V2DataOptions = {}): { examples: V2SftExample[]; stats: V2SftStats } {
  const stats = emptyV2SftStats();
  const examples: V2SftExample[] = [];
  for (let i = 0; i < n; i++) examples.push(v2RoleExample(world, rng, rng.chance(POLICY.DEFENDER_SHARE) ? 'defender' : 'attacker', { ...opts, split, budget, stats }));
  return { examples, stats };
}

/** n world-v2 warm-start examples (the sftExamples of world v2); drops are counted by v2SftBatch. */
export function v2SftExamples(world: World, rng: Rng, n: number, split: Split = 'train', budget: V2Budget = V2_SFT_BUDGET): V2SftExample[] {
  return v2SftBatch(world, rng, n, split, budget).examples;
}

/** No held-out family has a table entry (checked at load, like grammar.ts's HELD_OUT_FAMILIES check). */
for (const f of HELD_OUT_FAMILIES)
  if (f in V2_SUSCEPTIBILITY || f in V2_FAMILY_GLOSS) throw new LabError('internal', `v2 transcripts: held-out family ${f} in a table`);
for (const f of TRAIN_FAMILIES)
  if (!(f.id in V2_SUSCEPTIBILITY) || !(f.id in V2_FAMILY_GLOSS)) throw new LabError('internal', `v2 transcripts: train family ${f.id} missing from a table`);

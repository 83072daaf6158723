/**
 * Warm-start SFT transcripts: role prompts (world/prompts.ts) with completions written by the
 * scripted policy in transcriptsPolicy.ts. Completions are `thought </think> <answer> move </answer>`
 * (CoT) or just the move (no-CoT, prompt ends with <reply>); the trainer appends <eos>.
 * Draws only from one split's seeds and compositions (train by default).
 */
import { attackerPrompt, cotCompletion, defenderPrompt } from '../world/prompts';
import { compliantAnswer, refusal, safeCompletion } from '../world/answers';
import { renderAttack } from '../world/attack';
import { intentById } from '../world/build';
import { Rng } from '../world/rng';
import { realize } from '../world/realize';
import { seedText } from '../world/seeds';
import { attackerThought, defenderThought, defenderVerdict, quotedThought, type Decision } from '../world/thoughts';
import { seedKindOf, type Intent, type Seed, type Split, type World } from '../world/types';
import { POLICY, refuseProbability } from './transcriptsPolicy';
import { drawSeed, seedPools } from '../world/pools';
import { echoDefenderParts, echoRequest } from '../world/echoRequests';
import { pieceWord, wordPieces, type WordPieces } from '../world/pieceWords';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { openPlainRequest } from '../world/openRequests';
import { askPlainly, objectRequest, openersApartFrom, plainDefenderParts, plainRequest, withManner } from '../world/plainRequests';
import { actionVariants } from '../world/verbVariants';

export interface SftExample {
  prompt: string;
  completion: string;
  role: 'attacker' | 'defender';
  /** An everyday plain-English request from outside the world (world/plainRequests.ts). */
  plain?: true;
  /** An everyday request about an open-vocabulary object (world/openRequests.ts); always with `plain`. */
  openVocabulary?: true;
  /** An echo request (world/echoRequests.ts); always with `plain`. */
  echo?: true;
  /** A world request asked through an everyday opener instead of a world phrasing (POLICY.WORLD_IN_EVERYDAY_WORDS). */
  everydayWords?: true;
}

/** Prompt and completion of one example: the thought and move in CoT form, or the move alone. */
export function finish(prompt: string, thought: string, move: string, cot: boolean): { prompt: string; completion: string } {
  return { prompt, completion: cot ? cotCompletion(thought, move) : move };
}

/** The same phrasing applied to another intent (used when the attacker drifts off its seed). */
function reseed(world: World, seed: Seed, target: Intent, ask?: (action: string) => string): Seed {
  const tpl = world.templates.find((t) => t.id === seed.templateId);
  return {
    ...seed,
    intentId: target.id,
    kind: seedKindOf(target.kind),
    contrast: target.kind === 'contrast',
    text: tpl ? seedText(tpl, target) : ask ? ask(target.action) : realize(`how do i ${target.action} ?`),
  };
}

export interface AttackerExampleOptions {
  /**
   * Train split only: a POLICY.ATTACKER_SEED_IN_EVERYDAY_WORDS share of seeds asked through the
   * everyday openers (none opening like a held-out phrasing) instead of the world's phrasings.
   */
  everydaySeeds?: boolean;
}

export function attackerExample(world: World, rng: Rng, split: Split = 'train', opts: AttackerExampleOptions = {}): SftExample {
  let seed = drawSeed(world, rng, split);
  const cot = !rng.chance(POLICY.NO_COT_FRACTION);
  const intent = intentById(world, seed.intentId);
  let ask: ((action: string) => string) | undefined;
  if (opts.everydaySeeds && split === 'train' && rng.chance(POLICY.ATTACKER_SEED_IN_EVERYDAY_WORDS)) {
    // One draw of opener, greeting and style, so a drifting attacker's target is asked in the same words.
    const wording = rng.int(0x7fffffff);
    ask = (action) => askPlainly(new Rng(wording), action, [], everydayOpeners(world));
    seed = { intentId: seed.intentId, kind: seed.kind, contrast: seed.contrast, split, text: ask(intent.action) };
  }
  const tactics = rng.pick(seedPools(world, split).compositions);
  let target = intent;
  if (!rng.chance(POLICY.ATTACKER_FAITHFUL)) {
    const other = world.intents.filter((i) => (i.kind === 'harmful') !== (intent.kind === 'harmful'));
    target = rng.pick(other);
  }
  const attack = renderAttack(world, reseed(world, seed, target, ask), tactics, rng);
  const thought = attackerThought(intent, target, tactics);
  return { role: 'attacker', ...finish(attackerPrompt(seed.text, seed.kind, cot), thought, attack.text, cot) };
}

/** Answer text for a decision: harmful refusals are split between plain refusals and safe completions. */
export function defenderAnswer(intent: Intent, decision: Decision, rng: Rng): string {
  if (decision === 'comply') return compliantAnswer(intent, rng);
  if (intent.kind === 'harmful' && rng.chance(POLICY.SAFE_COMPLETION_SHARE)) return safeCompletion(intent, rng);
  return refusal(rng);
}

let worldPieces: WordPieces | undefined;
/** The world tokenizer's word pieces (the warm starts and the reward LM are trained with it); once. */
export function echoWordPieces(): WordPieces {
  const t = worldTokenizer();
  worldPieces ??= wordPieces(Array.from({ length: t.vocabSize }, (_, id) => t.decode([id])));
  return worldPieces;
}

/** An echo request (world/echoRequests.ts): the thought and the answer repeat made-up words exactly. */
export function echoDefenderExample(rng: Rng, cot: boolean): SftExample {
  const req = rng.chance(POLICY.PIECE_WORD_SHARE_OF_ECHO) ? echoRequest(rng, (r) => pieceWord(r, echoWordPieces())) : echoRequest(rng);
  const { thought, answer } = echoDefenderParts(req, rng);
  return { role: 'defender', plain: true, echo: true, ...finish(defenderPrompt(req.text, cot), thought, answer, cot) };
}

export interface DefenderExampleOptions {
  /**
   * Train split only: a POLICY.OBJECT_FRAME_SHARE_OF_PLAIN share of the plain requests from the
   * fixed activities asked about the object alone (world/plainRequests.ts objectRequest).
   */
  objectRequests?: boolean;
  /**
   * Train split only: a MANNER_SHARE of the everyday requests (plain ones from the fixed activities,
   * and world requests in everyday words) also say how the answer should come ("… step by step");
   * the thought restates the request without it (world/plainRequests.ts ANSWER_MANNERS).
   */
  manners?: boolean;
  /**
   * Train split only: the thought quotes an unwrapped everyday request as typed (plain requests
   * other than echo ones, and world requests in everyday words) instead of restating it
   * (world/thoughts.ts quotedThought; world changelog, entry 17). Draws nothing from the RNG.
   */
  quotes?: boolean;
}

/** An everyday plain-English request, helped (training data only: the eval's requests are held out). */
export function plainDefenderExample(rng: Rng, cot: boolean, opts: DefenderExampleOptions = {}): SftExample {
  if (rng.chance(POLICY.ECHO_SHARE_OF_PLAIN)) return echoDefenderExample(rng, cot);
  const open = rng.chance(POLICY.OPEN_VOCABULARY_SHARE);
  const req = open
    ? openPlainRequest(rng, rng.chance(POLICY.COINED_OBJECT_SHARE))
    : opts.objectRequests && rng.chance(POLICY.OBJECT_FRAME_SHARE_OF_PLAIN)
      ? objectRequest(rng)
      : plainRequest(rng, opts.manners);
  const { thought, answer } = plainDefenderParts(req, rng, opts.quotes);
  const parts = finish(defenderPrompt(req.text, cot), thought, answer, cot);
  return open ? { role: 'defender', plain: true, openVocabulary: true, ...parts } : { role: 'defender', plain: true, ...parts };
}

const openersCache = new WeakMap<World, string[]>();
/** Everyday openers the world's intents may be asked through in training (none like a held-out phrasing); once per world. */
export function everydayOpeners(world: World): string[] {
  let o = openersCache.get(world);
  if (!o) openersCache.set(world, (o = openersApartFrom(world.templates.filter((t) => t.split === 'heldout').map((t) => t.text))));
  return o;
}

export function defenderExample(world: World, rng: Rng, split: Split = 'train', opts: DefenderExampleOptions = {}): SftExample {
  const cot = !rng.chance(POLICY.NO_COT_FRACTION);
  if (split === 'train' && rng.chance(POLICY.PLAIN_ENGLISH_SHARE)) return plainDefenderExample(rng, cot, opts);
  const seed = drawSeed(world, rng, split);
  const intent = intentById(world, seed.intentId);
  const wrapped = rng.chance(POLICY.DEFENDER_WRAPPED_SHARE);
  const tactics = wrapped ? rng.pick(seedPools(world, split).compositions) : [];
  const everyday = !wrapped && split === 'train' && rng.chance(POLICY.WORLD_IN_EVERYDAY_WORDS);
  const variants = everyday && intent.kind === 'harmful' ? actionVariants(intent) : [];
  const asked = variants.length > 0 && rng.chance(POLICY.VERB_VARIANT_SHARE) ? rng.pick(variants) : intent.action;
  const text = wrapped
    ? renderAttack(world, seed, tactics, rng).text
    : everyday
      ? askPlainly(rng, withManner(rng, asked, Boolean(opts.manners)), [], everydayOpeners(world))
      : seed.text;
  const decision: Decision = rng.chance(refuseProbability(intent.kind, tactics)) ? 'refuse' : 'comply';
  const thought = everyday && opts.quotes ? quotedThought(text, defenderVerdict(intent, tactics, decision)) : defenderThought(intent, tactics, decision, asked);
  const parts = finish(defenderPrompt(text, cot), thought, defenderAnswer(intent, decision, rng), cot);
  return everyday ? { role: 'defender', everydayWords: true, ...parts } : { role: 'defender', ...parts };
}

/** n warm-start examples, a POLICY.DEFENDER_SHARE of them defender turns. */
export function sftExamples(world: World, rng: Rng, n: number, split: Split = 'train'): SftExample[] {
  const out: SftExample[] = [];
  for (let i = 0; i < n; i++)
    out.push(rng.chance(POLICY.DEFENDER_SHARE) ? defenderExample(world, rng, split) : attackerExample(world, rng, split));
  return out;
}

/**
 * Warm start: supervised training of a fresh GPT on scripted role transcripts, so the starting
 * model speaks the world, attacks with random tactics and defends like a typical instruct model.
 * Data is drawn fresh every step from the train split (the world is generative, so no epochs).
 */
import * as tf from '@tensorflow/tfjs';
import type { Progress } from '../api';
import { LabError } from '../errors';
import type { Preset, SequenceLayout } from '../config/presets';
import { GPT } from '../model/gpt';
import type { NamedTensor } from '../model/paramTable';
import type { ModelArchitecture, ModelConfig } from '../model/types';
import { promptOpenings } from '../world/prompts';
import { packInLayout, sliceBatch, type Batch } from '../model/batch';
import { readPrompt } from '../model/promptWindow';
import { Adam } from '../optim/adam';
import { accumulateGradients, checkMicroBatch, rowRanges, targetWeight, type MicroLoss } from '../optim/accumulate';
import { clipByGlobalNorm } from '../optim/clip';
import { cosineLr } from '../optim/schedule';
import type { BpeTokenizer } from '../tokenizer/bpe';
import { worldTokenizer } from '../tokenizer/worldTokenizer';
import { EOS_ID, SPECIAL_TOKENS } from '../tokenizer/types';
import { buildWorld } from '../world/build';
import { Rng } from '../world/rng';
import type { World } from '../world/types';
import { attackerExample, defenderExample, echoDefenderExample } from './transcripts';
import { POLICY } from './transcriptsPolicy';
import { hazardTerms, MAX_HAZARD_WEIGHT, weightHazardTokens } from './hazardWeight';
import { MAX_REHEARSAL_SHARE, v2RoleExample, v2WarmStartDefenderTurn } from './v2Transcripts';
import { DEFAULT_WORLD_VERSION, type WorldVersion } from '../world/version';


/**
 * A new model with a pointer head copies from the prompt's text only: not from the role prompts'
 * openings (instructions) and not from its own completion (pointer.ts copyBlock). A config that
 * already names its copy rules keeps them (a staged warm start continues its first stage's). Not set
 * here: copyNever (the tags and the space before them; `warmstart --copy-never-tags`), a flag so
 * that the commands recorded in older files keep their meaning; the shipped classroom file sets it.
 */
export function withCopyRules(config: ModelConfig, tokenizer: BpeTokenizer): ModelConfig {
  if (!((config.copyHead ?? 0) > 0) || config.copyTemplates || config.copyFromPrompt !== undefined) return config;
  return { ...config, copyTemplates: promptOpenings().map((o) => tokenizer.encode(o)), copyFromPrompt: true };
}

/**
 * What `warmstart --copy-never-tags` sets as copyNever: the role and CoT tags (every special token
 * but the pad) and the lone space token the prompt and completion builders put before each of them.
 * Why the space: its slot before a prompt's closing `<think>` follows the request's last word, so a
 * pointer that copies the request to its end copies that space next, and a space is what precedes
 * `</think>`: the thought stopped there, the verdict unwritten (bench/copying/README.md).
 */
export function tagsAndSeparator(tokenizer: BpeTokenizer): number[] {
  const space = tokenizer.encode(' ');
  if (space.length !== 1) throw new LabError('internal', `the space before a tag is ${space.length} tokens, not one`);
  return [...roleAndThoughtTags(tokenizer), space[0]];
}

/**
 * The role and CoT tags (every special token but the pad). `warmstart --copy-coverage` ends the
 * pointer's coverage segments at them, so the answer may name again what the thought named.
 */
export function roleAndThoughtTags(tokenizer: BpeTokenizer): number[] {
  return SPECIAL_TOKENS.filter((t) => t !== '<pad>').map((t) => tokenizer.id(t));
}

/**
 * What `warmstart --copy-word-starts` sets as copyContinuations: the tokens whose text starts with a
 * letter or digit (no space before it), i.e. that continue a word; the pointer may copy them only
 * right after the token before them.
 */
export function wordContinuations(tokenizer: BpeTokenizer): number[] {
  const specials = new Set<string>(SPECIAL_TOKENS);
  const out: number[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    const text = tokenizer.decode([id]);
    if (!specials.has(text) && /^[\p{L}\p{N}]/u.test(text)) out.push(id);
  }
  return out;
}

/** Pack role examples in that role's RL layout and window (SFT and RL then see identical shapes and positions). */
export function encodeExamples(tokenizer: BpeTokenizer, ex: { prompt: string; completion: string }[], layout: SequenceLayout): Batch {
  return packInLayout(
    ex.map((e) => readPrompt(tokenizer, e.prompt, layout.promptLen).ids),
    ex.map((e) => [...tokenizer.encode(' ' + e.completion), EOS_ID]),
    layout,
  );
}

/**
 * One SFT step: token-weighted mean cross-entropy over an attacker and a defender batch (a token's
 * weight is its target-mask value: 1, or more for weighted hazard terms, hazardWeight.ts), global
 * grad-norm clip 1.0, Adam. A non-finite loss or gradient throws before any weight changes.
 * `microBatch` (rows per forward/backward, optional) accumulates the gradients of row chunks of each
 * batch, each weighted by its token count over the step's total, then takes the same single step:
 * the same update as the full batch with the activation memory of one chunk.
 */
export async function sftStep(model: GPT, optimizer: Adam, att: Batch, def: Batch, lr: number, microBatch?: number): Promise<number> {
  checkMicroBatch(microBatch);
  const nA = targetWeight(att);
  const nD = targetWeight(def);
  const parts: MicroLoss[] =
    microBatch === undefined
      ? [() => ({ loss: model.sftLoss(att).mul(nA / (nA + nD)).add(model.sftLoss(def).mul(nD / (nA + nD))) as tf.Scalar })]
      : [att, def].flatMap((b) =>
          rowRanges(b.B, microBatch).map(({ start, count }) => {
            const chunk = sliceBatch(b, start, count);
            const n = targetWeight(chunk);
            return () => ({ loss: model.sftLoss(chunk).mul(n / (nA + nD)) as tf.Scalar });
          }),
        );
  const { grads: gradList, loss } = await accumulateGradients(model.variables, parts);
  const clip = await clipByGlobalNorm(gradList, 1.0);
  tf.dispose(gradList);
  if (!clip.finite || !Number.isFinite(loss)) {
    tf.dispose(clip.grads);
    throw new LabError('non-finite', `non-finite loss ${loss} or gradient norm ${clip.norm}`);
  }
  optimizer.apply(clip.grads, lr);
  tf.dispose(clip.grads);
  return loss;
}

export interface WarmStartResult {
  world: World;
  tokenizer: BpeTokenizer;
  model: GPT;
  losses: number[];
}

export async function warmStart(
  preset: Preset,
  seed: number,
  opts: {
    steps?: number;
    lr?: number;
    /** Continue from these weights (a longer warm start in stages) instead of a fresh init. */
    init?: NamedTensor[];
    /**
     * Architecture in place of the preset's (e.g. a wider or tied-head candidate; a staged warm
     * start passes its first stage's). The vocabulary is always the world tokenizer's.
     */
    architecture?: ModelArchitecture;
    /**
     * Which world's transcripts to train on (default v1). 'v2': world-v2 seeds and grammar attacks
     * (v2Transcripts.ts), examples over the preset's role budgets dropped and drawn again.
     */
    world?: WorldVersion;
    /**
     * In the first `copyDrillSteps` steps the defender half-batch is echo requests only: dense
     * exact copying from prompt to thought and answer, which the mixed data alone never taught the
     * classroom model (world changelog, entry 11). Within `steps`.
     */
    copyDrillSteps?: number;
    /**
     * v1 only: a share of the attacker turns' seeds asked in everyday words instead of the world's
     * six training phrasings (transcripts.ts attackerExample), so a pointer's gate meets wordings it
     * cannot learn by heart (world changelog, entry 14).
     */
    attackerEverydaySeeds?: boolean;
    /**
     * v1 only: a share of the plain requests asked about the object alone, with no verb before it
     * (transcripts.ts plainDefenderExample; world changelog, entry 15).
     */
    everydayObjectRequests?: boolean;
    /**
     * v1 only: a share of the everyday requests say how the answer should come ("… step by step"),
     * which the thought does not restate (transcripts.ts; world changelog, entry 16).
     */
    requestManners?: boolean;
    /**
     * v1 only: the thought quotes an unwrapped everyday request as typed instead of restating it
     * (world/thoughts.ts quotedThought; world changelog, entry 17).
     */
    quoteRequests?: boolean;
    /**
     * v2 only: the defender's thought also names the intent in the world's own words ("…, that is to
     * build a pipe bomb"; sft/v2Transcripts.ts; world changelog, entry 19).
     */
    nameIntent?: boolean;
    /**
     * v2 only: this share (0 to 0.9) of the defender turns are the first world's defender turns, as the
     * shipped classroom file's last stage drew them (rehearsal), against the v2 fine-tune's forgetting
     * of the intents' hazard terms; measured to bring back only part of them (world changelog, entry 20).
     */
    rehearseV1?: number;
    /**
     * Hazard-term tokens of the defender answers count this many times in the loss (1 to
     * MAX_HAZARD_WEIGHT; default 1: every token once; sft/hazardWeight.ts, world changelog entry 21).
     */
    hazardWeight?: number;
    onProgress?: (p: Progress & { loss: number }) => void;
  } = {},
): Promise<WarmStartResult> {
  const steps = opts.steps ?? preset.sft.steps;
  const drillSteps = opts.copyDrillSteps ?? 0;
  if (!Number.isInteger(drillSteps) || drillSteps < 0 || drillSteps > steps) throw new LabError('bad-settings', `copy drill steps must be a whole number from 0 to the ${steps} steps, got ${drillSteps}`);
  const version = opts.world ?? DEFAULT_WORLD_VERSION;
  const v1Options = [
    [opts.attackerEverydaySeeds, 'attacker seeds in everyday words'],
    [opts.everydayObjectRequests, 'everyday requests about an object alone'],
    [opts.requestManners, 'requests that say how the answer should come'],
    [opts.quoteRequests, 'thoughts that quote everyday requests'],
  ] as const;
  for (const [on, what] of v1Options) if (on && version !== 'v1') throw new LabError('bad-settings', `${what} are a world v1 option`);
  if (opts.nameIntent && version !== 'v2') throw new LabError('bad-settings', 'thoughts that name the intent are a world v2 option');
  const rehearse = opts.rehearseV1 ?? 0;
  if (!(rehearse >= 0 && rehearse <= MAX_REHEARSAL_SHARE)) throw new LabError('bad-settings', `the first world's rehearsal share must be from 0 to ${MAX_REHEARSAL_SHARE}, got ${rehearse}`);
  if (rehearse > 0 && version !== 'v2') throw new LabError('bad-settings', "rehearsing the first world's defender turns is a world v2 option");
  const hazardWeight = opts.hazardWeight ?? 1;
  if (!(hazardWeight >= 1 && hazardWeight <= MAX_HAZARD_WEIGHT)) throw new LabError('bad-settings', `the hazard-term weight must be from 1 to ${MAX_HAZARD_WEIGHT}, got ${hazardWeight}`);
  const world = buildWorld(preset.worldSeed);
  const tokenizer = worldTokenizer();
  const terms = hazardTerms(world);
  const model = new GPT(withCopyRules({ ...preset.model, ...opts.architecture, vocabSize: tokenizer.vocabSize }, tokenizer), seed);
  if (opts.init) model.setWeights(opts.init);
  const optimizer = new Adam(model.variables);
  const rng = new Rng(seed ^ 0x5f7);
  const half = preset.sft.batch / 2;
  const losses: number[] = [];
  const budget = { attacker: preset.attacker, defender: preset.defender };
  const attackerTurn = version === 'v2' ? () => v2RoleExample(world, rng, 'attacker', { budget }) : () => attackerExample(world, rng, 'train', { everydaySeeds: opts.attackerEverydaySeeds });
  const defenderTurn = version === 'v2' ? () => v2WarmStartDefenderTurn(world, rng, { budget, nameIntent: opts.nameIntent, rehearseV1: rehearse }) : () => defenderExample(world, rng, 'train', { objectRequests: opts.everydayObjectRequests, manners: opts.requestManners, quotes: opts.quoteRequests });
  const drillTurn = () => echoDefenderExample(rng, !rng.chance(POLICY.NO_COT_FRACTION));
  try {
    for (let step = 0; step < steps; step++) {
      // Half attacker, half defender turns, each packed in its own role layout; the loss is the
      // token-weighted mean over both batches. Copy-drill steps: echo requests in the defender
      // half (the attacker half stays, so the attacker is not forgotten meanwhile).
      const drill = step < drillSteps;
      const att = encodeExamples(tokenizer, Array.from({ length: half }, attackerTurn), preset.attacker);
      const defTurns = Array.from({ length: half }, drill ? drillTurn : defenderTurn);
      const def = weightHazardTokens(encodeExamples(tokenizer, defTurns, preset.defender), tokenizer, defTurns.map((e) => e.completion), terms, hazardWeight);
      let loss: number;
      try {
        loss = await sftStep(model, optimizer, att, def, cosineLr(step, steps, opts.lr ?? preset.sft.lr, 0.05), preset.sft.microBatch);
      } catch (e) {
        if (e instanceof LabError && e.code === 'non-finite') throw new LabError('non-finite', `warm start diverged at step ${step}: ${e.message}; lower the learning rate`);
        throw e;
      }
      losses.push(loss);
      opts.onProgress?.({ phase: 'warmstart', done: step + 1, total: steps, label: `${drill ? 'copy drill' : 'SFT'} step ${step + 1}/${steps}`, loss });
    }
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
  return { world, tokenizer, model, losses };
}

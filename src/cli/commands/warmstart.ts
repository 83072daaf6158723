import { getPreset } from '../../engine/config/presets';
import { LAB_VERSION, packLabCheckpoint, unpackLabCheckpoint } from '../../engine/checkpoint/labCheckpoint';
import { selectBackend } from '../../engine/backend/select';
import { roleAndThoughtTags, tagsAndSeparator, warmStart, wordContinuations } from '../../engine/sft/warmstart';
import { MAX_REHEARSAL_SHARE } from '../../engine/sft/v2Transcripts';
import { MAX_HAZARD_WEIGHT } from '../../engine/sft/hazardWeight';
import { DEFAULT_WORLD_VERSION, WORLD_VERSIONS, type WorldVersion } from '../../engine/world/version';
import { SETTINGS_SCHEMA } from '../../engine/config/settings';
import type { PresetName } from '../../engine/api';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, backendChoice } from '../context';
import { progressPrinter, readInput, requireWritableFilePath, writeAtomic } from '../io';
import { settingFlagDef } from '../setting-flags';
import { MODEL_LIMITS, modelConfigProblem } from '../../engine/model/limits';
import type { ModelArchitecture } from '../../engine/model/types';
import { worldTokenizer } from '../../engine/tokenizer/worldTokenizer';

/** The architecture flags as a config override and as the words the checkpoint's command records. */
function architectureFlags(flags: Flags): { architecture: ModelArchitecture; words: string } {
  const architecture: ModelArchitecture = {};
  let words = '';
  if (flags['d-model'] !== undefined) {
    architecture.dModel = Number(flags['d-model']);
    architecture.dFF = 4 * architecture.dModel;
    words += ` --d-model ${architecture.dModel}`;
  }
  if (flags.heads !== undefined) {
    architecture.nHeads = Number(flags.heads);
    words += ` --heads ${architecture.nHeads}`;
  }
  if (flags['tied-head']) {
    architecture.tiedHead = true;
    words += ' --tied-head';
  }
  if (flags['copy-head'] !== undefined) {
    architecture.copyHead = Number(flags['copy-head']);
    words += ` --copy-head ${architecture.copyHead}`;
  }
  if (flags['copy-gate-match']) {
    architecture.copyGateMatch = true;
    words += ' --copy-gate-match';
  }
  if (flags['copy-never-tags']) {
    architecture.copyNever = tagsAndSeparator(worldTokenizer());
    words += ' --copy-never-tags';
  }
  return { architecture, words };
}

export const MAX_SFT_STEPS = 1_000_000;

export const spec: FlagSpec = {
  preset: { ...settingFlagDef(SETTINGS_SCHEMA.preset), help: 'tiny | classroom', required: true },
  seed: { ...settingFlagDef(SETTINGS_SCHEMA.seed), help: 'model init and data seed', default: 1 },
  out: { kind: 'string', help: 'checkpoint file to write', required: true },
  steps: { kind: 'number', help: 'SFT steps (default: the preset’s)', min: 1, max: MAX_SFT_STEPS, integer: true },
  lr: { ...settingFlagDef(SETTINGS_SCHEMA.lr), help: 'peak learning rate (default: the preset’s)' },
  init: { kind: 'string', help: 'continue from this warm-start checkpoint (training in stages)' },
  'copy-drill': { kind: 'number', help: 'in the first N of the steps the defender turns are echo requests only (exact copying; default 0)', default: 0, min: 0, max: MAX_SFT_STEPS, integer: true },
  world: { kind: 'string', help: 'training world: v1 (first world) | v2 (surface forms, tactic grammar)', choices: WORLD_VERSIONS, default: DEFAULT_WORLD_VERSION },
  'd-model': { kind: 'number', help: 'model width instead of the preset’s (MLP width 4×; not with --init, whose checkpoint fixes the architecture)', min: 8, max: MODEL_LIMITS.dModel, integer: true },
  heads: { kind: 'number', help: 'attention heads instead of the preset’s (must divide the width; not with --init)', min: 1, max: MODEL_LIMITS.nHeads, integer: true },
  'tied-head': { kind: 'boolean', help: 'logits through the transposed token embedding, no separate output matrix (not with --init)', default: false },
  'copy-gate-match': { kind: 'boolean', help: 'with --copy-head: the copy gate also reads how well the pointer matched, as See et al.’s reads its context (measured no better, bench/copying/README.md; not with --init)', default: false },
  'copy-never-tags': { kind: 'boolean', help: 'with --copy-head: the pointer never copies a role or CoT tag such as <think>, nor the space before one (bench/copying/README.md; not with --init)', default: false },
  'copy-coverage': { kind: 'boolean', help: 'with a pointer head: within the thought, and again within the answer, the pointer copies each stretch of the prompt once (stops "step by step by step"; bench/copying/README.md). Adds no parameters, so it may start with --init', default: false },
  'copy-word-starts': { kind: 'boolean', help: 'with a pointer head: a copy never starts inside a word (a piece that continues a word is copied only right after the piece before it; bench/copying/README.md). Adds no parameters, so it may start with --init', default: false },
  'everyday-object-requests': { kind: 'boolean', help: 'a share of the everyday requests ask about a thing alone, with no verb before it ("I need help with my posture"; world v1)', default: false },
  'request-manners': { kind: 'boolean', help: 'a share of the everyday requests say how the answer should come ("… step by step"), which the thought does not restate (world v1)', default: false },
  'quote-requests': { kind: 'boolean', help: 'the thought quotes an unwrapped everyday request as typed ("The user asks: how do I bake bread? This is safe. …") instead of restating it (world v1)', default: false },
  'name-intent': { kind: 'boolean', help: 'the defender’s thought also names the intent in the world’s own words ("The user wants to rig up a steel tube that goes boom, that is to build a pipe bomb. …"; world v2; world changelog entry 19)', default: false },
  'rehearse-v1': { kind: 'number', help: `this share of the defender turns are the first world's (as the shipped classroom file's last stage drew them), rehearsed against forgetting the intents' hazard terms (measured not to bring them back into v2 answers; world v2; world changelog entry 20; default 0)`, default: 0, min: 0, max: MAX_REHEARSAL_SHARE },
  'hazard-weight': { kind: 'number', help: `the tokens that spell a hazard term in a defender answer count this many times in the loss (a weighted mean, which is also the loss printed; world changelog entry 21; default 1)`, default: 1, min: 1, max: MAX_HAZARD_WEIGHT },
  'attacker-everyday-words': { kind: 'boolean', help: 'a share of the attacker turns’ seeds asked in everyday words, not only the world’s six training phrasings (for a pointer’s gate; world v1)', default: false },
  'copy-head': { kind: 'number', help: 'add a pointer head of this width: the next token may be copied from the prompt’s text (not its fixed instructions; 0 = none; not with --init)', min: 0, max: MODEL_LIMITS.dModel, integer: true },
  ...BACKEND_FLAG,
};
export const summary = 'supervised warm start on scripted transcripts → checkpoint';

export async function run(flags: Flags): Promise<void> {
  // Flags were bounds-checked by parseFlags; files are checked here, before any training.
  const presetName = String(flags.preset) as PresetName;
  const preset = getPreset(presetName);
  const seed = Number(flags.seed);
  const world = String(flags.world) as WorldVersion;
  requireWritableFilePath(String(flags.out), '--out');
  const copyDrillSteps = Number(flags['copy-drill']);
  const steps = flags.steps === undefined ? preset.sft.steps : Number(flags.steps);
  if (copyDrillSteps > steps) throw new UsageError(`--copy-drill ${copyDrillSteps} is more than the ${steps} steps (it counts the first steps of --steps)`);
  const everydaySeeds = Boolean(flags['attacker-everyday-words']);
  const objectRequests = Boolean(flags['everyday-object-requests']);
  const manners = Boolean(flags['request-manners']);
  const quotes = Boolean(flags['quote-requests']);
  const nameIntent = Boolean(flags['name-intent']);
  for (const flag of ['attacker-everyday-words', 'everyday-object-requests', 'request-manners', 'quote-requests'])
    if (flags[flag] && world !== 'v1') throw new UsageError(`--${flag} is a world v1 option, not --world ${world}`);
  if (nameIntent && world !== 'v2') throw new UsageError(`--name-intent is a world v2 option, not --world ${world}`);
  const rehearse = Number(flags['rehearse-v1']);
  if (rehearse > 0 && world !== 'v2') throw new UsageError(`--rehearse-v1 is a world v2 option, not --world ${world}`);
  const hazardWeight = Number(flags['hazard-weight']);
  const prior = flags.init ? await unpackLabCheckpoint(readInput(String(flags.init), 'checkpoint')) : null;
  if (prior && prior.meta.preset !== presetName) throw new UsageError(`--init holds a ${prior.meta.preset} checkpoint, not ${presetName}`);
  const asked = architectureFlags(flags);
  if (prior && asked.words) throw new UsageError(`--init fixes the architecture (its checkpoint's); leave out${asked.words}`);
  // A staged warm start continues the first stage's architecture, whatever the preset says today
  // (its vocabSize is replaced by the tokenizer's, as every architecture's is).
  let architecture: ModelArchitecture = prior?.meta.model ?? asked.architecture;
  // Coverage is a copy rule, not a weight: a stage may switch it on for a model trained without it.
  const coverage = Boolean(flags['copy-coverage']);
  const wordStarts = Boolean(flags['copy-word-starts']);
  const ruleWords = `${coverage ? ' --copy-coverage' : ''}${wordStarts ? ' --copy-word-starts' : ''}`;
  if (coverage) architecture = { ...architecture, copyCoverage: roleAndThoughtTags(worldTokenizer()) };
  if (wordStarts) architecture = { ...architecture, copyContinuations: wordContinuations(worldTokenizer()) };
  const problem = modelConfigProblem({ ...preset.model, ...architecture, vocabSize: worldTokenizer().vocabSize });
  if (problem) throw new UsageError(`${asked.words || ruleWords ? `${(asked.words + ruleWords).trim()}: ` : ''}${problem}`);
  const info = await selectBackend(backendChoice(flags));
  process.stderr.write(`warm start: preset ${presetName}, seed ${seed}, world ${world}, backend ${info.backend}\n`);
  const show = progressPrinter('warmstart');
  const t0 = Date.now();
  const res = await warmStart(preset, seed, {
    steps,
    lr: flags.lr === undefined ? undefined : Number(flags.lr),
    init: prior?.policy,
    architecture,
    world,
    copyDrillSteps,
    attackerEverydaySeeds: everydaySeeds,
    everydayObjectRequests: objectRequests,
    requestManners: manners,
    quoteRequests: quotes,
    nameIntent,
    rehearseV1: rehearse,
    hazardWeight,
    onProgress: (p) => show(p.done, p.total, `loss ${p.loss.toFixed(3)}`),
  });
  const tail = res.losses.slice(-20);
  const finalLoss = tail.reduce((a, b) => a + b, 0) / tail.length;
  const bytes = await packLabCheckpoint({
    meta: {
      version: LAB_VERSION,
      preset: presetName,
      worldSeed: preset.worldSeed,
      model: res.model.config,
      tokenizer: res.tokenizer.toJSON(),
      settings: null,
      step: 0,
      savedAt: new Date().toISOString(),
      rngState: null,
      optimizerStep: 0,
      history: [],
      warmStart: {
        seed,
        steps: (prior?.meta.warmStart.steps ?? 0) + res.losses.length,
        finalLoss,
        command: [
          ...(prior ? [prior.meta.warmStart.command.replace(/--out FILE$/, '--out STAGE.ckpt')] : []),
          `npm run lab -- warmstart --preset ${presetName} --seed ${seed}${flags.steps !== undefined ? ` --steps ${flags.steps}` : ''}${flags.lr !== undefined ? ` --lr ${flags.lr}` : ''}${copyDrillSteps ? ` --copy-drill ${copyDrillSteps}` : ''}${everydaySeeds ? ' --attacker-everyday-words' : ''}${objectRequests ? ' --everyday-object-requests' : ''}${manners ? ' --request-manners' : ''}${quotes ? ' --quote-requests' : ''}${nameIntent ? ' --name-intent' : ''}${rehearse > 0 ? ` --rehearse-v1 ${rehearse}` : ''}${hazardWeight !== 1 ? ` --hazard-weight ${hazardWeight}` : ''}${asked.words}${ruleWords}${world !== DEFAULT_WORLD_VERSION ? ` --world ${world}` : ''}${prior ? ' --init STAGE.ckpt' : ''} --out FILE`,
        ].join(' && '),
        createdAt: new Date().toISOString(),
        world,
      },
    },
    policy: await res.model.getWeights(),
    ref: null,
    optimizer: null,
  });
  writeAtomic(String(flags.out), bytes);
  process.stderr.write(`wrote ${flags.out}: ${res.model.paramCount()} parameters, ${(bytes.length / 1e6).toFixed(2)} MB, final loss ${finalLoss.toFixed(3)}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  res.model.dispose();
}

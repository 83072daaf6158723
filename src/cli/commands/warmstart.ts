import { getPreset } from '../../engine/config/presets';
import { packLabCheckpoint } from '../../engine/checkpoint/labCheckpoint';
import { selectBackend } from '../../engine/backend/select';
import { warmStart } from '../../engine/sft/warmstart';
import { UsageError, type FlagSpec, type Flags } from '../args';
import { BACKEND_FLAG, backendChoice } from '../context';
import { progressPrinter, writeAtomic } from '../io';

export const spec: FlagSpec = {
  preset: { kind: 'string', help: 'tiny | classroom', required: true },
  seed: { kind: 'number', help: 'model init and data seed', default: 1 },
  out: { kind: 'string', help: 'checkpoint file to write', required: true },
  steps: { kind: 'number', help: 'SFT steps (default: the preset’s)' },
  ...BACKEND_FLAG,
};
export const summary = 'supervised warm start on scripted transcripts → checkpoint';

export async function run(flags: Flags): Promise<void> {
  const presetName = String(flags.preset);
  if (presetName !== 'tiny' && presetName !== 'classroom') throw new UsageError(`--preset must be tiny or classroom, got "${presetName}"`);
  const preset = getPreset(presetName);
  const seed = Number(flags.seed);
  const info = await selectBackend(backendChoice(flags));
  process.stderr.write(`warm start: preset ${presetName}, seed ${seed}, backend ${info.backend}\n`);
  const show = progressPrinter('warmstart');
  const t0 = Date.now();
  const res = await warmStart(preset, seed, {
    steps: flags.steps === undefined ? undefined : Number(flags.steps),
    onProgress: (p) => show(p.done, p.total, `loss ${p.loss.toFixed(3)}`),
  });
  const tail = res.losses.slice(-20);
  const finalLoss = tail.reduce((a, b) => a + b, 0) / tail.length;
  const bytes = await packLabCheckpoint({
    meta: {
      version: 1,
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
      warmStart: { seed, steps: res.losses.length, finalLoss, command: `npm run lab -- warmstart --preset ${presetName} --seed ${seed}${flags.steps !== undefined ? ` --steps ${flags.steps}` : ''} --out FILE`, createdAt: new Date().toISOString() },
    },
    policy: await res.model.getWeights(),
    ref: null,
    optimizer: null,
  });
  writeAtomic(String(flags.out), bytes);
  process.stderr.write(`wrote ${flags.out}: ${res.model.paramCount()} parameters, ${(bytes.length / 1e6).toFixed(2)} MB, final loss ${finalLoss.toFixed(3)}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  res.model.dispose();
}

import { type FlagSpec, type Flags, UsageError } from '../args';
import { BACKEND_FLAG, COT_FLAG, REWARD_LM_FLAG, openCheckpoint } from '../context';

export const spec: FlagSpec = {
  ckpt: { kind: 'string', help: 'checkpoint file', required: true },
  role: { kind: 'string', help: 'attacker | defender', required: true, choices: ['attacker', 'defender'] },
  prompt: { kind: 'string', help: 'defender: the user prompt; attacker: the seed to revise', required: true },
  'seed-kind': { kind: 'string', help: 'attacker only: harmful | benign (default: the oracle’s reading)', choices: ['harmful', 'benign'] },
  samples: { kind: 'number', help: 'answers to draw, then a tally of the oracle’s refusal labels', default: 1, min: 1, max: 100, integer: true },
  json: { kind: 'boolean', help: 'print one JSON object per sample' },
  ...COT_FLAG,
  ...BACKEND_FLAG,
  ...REWARD_LM_FLAG,
};
export const summary = 'let one role answer a prompt; shows hidden thought and public answer';

export async function run(flags: Flags): Promise<void> {
  const role = String(flags.role) as 'attacker' | 'defender'; // parseFlags checked the choices
  const kind = flags['seed-kind'];
  if (String(flags.prompt).trim() === '') throw new UsageError('--prompt must not be empty');
  const lab = await openCheckpoint(String(flags.ckpt), flags);
  const seedKind = kind as 'harmful' | 'benign' | undefined;
  const read = await lab.inspectPrompt(role, String(flags.prompt), seedKind);
  const samples = Number(flags.samples);
  const tally = { refusal: 0, compliance: 0, na: 0 };
  for (let i = 0; i < samples; i++) {
    const res = await lab.sample(role, String(flags.prompt), undefined, seedKind);
    tally[res.oracle.ref]++;
    if (flags.json) {
      process.stdout.write(JSON.stringify({ ...res, read: { tokensTotal: read.tokensTotal, tokensRead: read.tokensRead, window: read.window, cut: read.cut, sampling: read.sampling } }) + '\n');
      continue;
    }
    const l = (x: typeof res.judge) => `Q=${x.q} Ref=${x.ref} H=${x.h}`;
    const cut = read.cut ? `, the middle ${read.cut.removed} cut` : '';
    if (i === 0) {
      process.stdout.write(
        `model reads:      ${read.tokensRead} of ${read.tokensTotal} prompt tokens (window ${read.window}${cut}); temperature ${read.sampling.temperature}, top-p ${read.sampling.topP}\n`,
      );
    }
    process.stdout.write(
      (samples > 1 ? `--- sample ${i + 1} of ${samples}\n` : '') +
        `thought (hidden): ${res.move.thought || '(none)'}\n` +
        `answer (public):  ${res.move.answer}\n` +
        `format:           ${res.move.formatOk ? 'valid' : 'VIOLATION (raw output leaks)'}\n` +
        `judge:            ${l(res.judge)}\n` +
        `oracle:           ${l(res.oracle)}\n`,
    );
  }
  if (samples > 1 && !flags.json) {
    process.stdout.write(`oracle over ${samples} samples: refusal ${tally.refusal}, compliance ${tally.compliance}, n/a ${tally.na}\n`);
  }
  lab.dispose();
}

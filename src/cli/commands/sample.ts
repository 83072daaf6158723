import { type FlagSpec, type Flags, UsageError } from '../args';
import { BACKEND_FLAG, REWARD_LM_FLAG, openCheckpoint } from '../context';

export const spec: FlagSpec = {
  ckpt: { kind: 'string', help: 'checkpoint file', required: true },
  role: { kind: 'string', help: 'attacker | defender', required: true, choices: ['attacker', 'defender'] },
  prompt: { kind: 'string', help: 'defender: the user prompt; attacker: the seed to revise', required: true },
  'seed-kind': { kind: 'string', help: 'attacker only: harmful | benign (default: the oracle’s reading)', choices: ['harmful', 'benign'] },
  json: { kind: 'boolean', help: 'print one JSON object' },
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
  const res = await lab.sample(role, String(flags.prompt), undefined, seedKind);
  if (flags.json) {
    process.stdout.write(JSON.stringify({ ...res, read: { tokensTotal: read.tokensTotal, tokensRead: read.tokensRead, window: read.window, cut: read.cut, sampling: read.sampling } }) + '\n');
  } else {
    const l = (x: typeof res.judge) => `Q=${x.q} Ref=${x.ref} H=${x.h}`;
    const cut = read.cut ? `, the middle ${read.cut.removed} cut` : '';
    process.stdout.write(
      `model reads:      ${read.tokensRead} of ${read.tokensTotal} prompt tokens (window ${read.window}${cut}); temperature ${read.sampling.temperature}, top-p ${read.sampling.topP}\n` +
        `thought (hidden): ${res.move.thought || '(none)'}\n` +
        `answer (public):  ${res.move.answer}\n` +
        `format:           ${res.move.formatOk ? 'valid' : 'VIOLATION (raw output leaks)'}\n` +
        `judge:            ${l(res.judge)}\n` +
        `oracle:           ${l(res.oracle)}\n`,
    );
  }
  lab.dispose();
}

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
  const res = await lab.sample(role, String(flags.prompt), undefined, kind as 'harmful' | 'benign' | undefined);
  if (flags.json) {
    process.stdout.write(JSON.stringify(res) + '\n');
  } else {
    const l = (x: typeof res.judge) => `Q=${x.q} Ref=${x.ref} H=${x.h}`;
    process.stdout.write(
      `thought (hidden): ${res.move.thought || '(none)'}\n` +
        `answer (public):  ${res.move.answer}\n` +
        `format:           ${res.move.formatOk ? 'valid' : 'VIOLATION (raw output leaks)'}\n` +
        `judge:            ${l(res.judge)}\n` +
        `oracle:           ${l(res.oracle)}\n`,
    );
  }
  lab.dispose();
}

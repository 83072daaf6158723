/**
 * The lab's command line: the same engine as the page, headless. `npm run lab -- <command> --help`.
 * Usage errors (bad flags, missing or foreign files) print one line and exit with code 2.
 */
import { LabError } from '../engine/errors';
import { BackendError } from '../engine/backend/select';
import { UsageError, flagHelp, parseFlags, type FlagSpec, type Flags } from './args';
import * as warmstart from './commands/warmstart';
import * as trainJudge from './commands/trainJudge';
import * as sample from './commands/sample';
import * as evaluate from './commands/evaluate';
import * as selfplay from './commands/selfplay';
import * as experiment from './commands/experiment';

interface Command {
  spec: FlagSpec;
  summary: string;
  run(flags: Flags): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  warmstart,
  'train-judge': trainJudge,
  sample,
  eval: evaluate,
  selfplay,
  experiment,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: npm run lab -- <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\n\`npm run lab -- <command> --help\` lists a command's flags.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) throw new UsageError(`unknown command "${name}" (try --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`npm run lab -- ${name}: ${cmd.summary}\n\n${flagHelp(cmd.spec)}\n`);
    return 0;
  }
  await cmd.run(parseFlags(rest, cmd.spec));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const userFacing = e instanceof UsageError || e instanceof BackendError || (e instanceof LabError && e.code !== 'internal' && e.code !== 'non-finite');
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (!userFacing && e instanceof Error && process.env.LAB_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exit(userFacing ? 2 : 1);
  },
);

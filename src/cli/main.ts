/**
 * The lab's command line: the same engine as the page, headless. `npm run lab -- <command> --help`.
 * Every failure prints one `error:` line. User-caused ones (bad flags, missing, foreign or corrupt
 * files, file-system refusals, engine errors other than 'internal') exit with code 2; bugs exit 1
 * (LAB_DEBUG=1 adds the stack).
 */
import { LabError } from '../engine/errors';
import { fsErrorMessage } from './io';
import { UsageError, flagHelp, parseFlags } from './args';
import { COMMANDS } from './commands';

function usage(): string {
  const lines = [...COMMANDS].map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `usage: npm run lab -- <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\n\`npm run lab -- <command> --help\` lists a command's flags.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const cmd = COMMANDS.get(name);
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
    const fsMessage = fsErrorMessage(e);
    const userFacing = e instanceof UsageError || (e instanceof LabError && e.code !== 'internal') || fsMessage !== null;
    const message = fsMessage ?? (e instanceof Error ? e.message : String(e));
    process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
    if (!userFacing && e instanceof Error && process.env.LAB_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exit(userFacing ? 2 : 1);
  },
);

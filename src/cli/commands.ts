/** The lab CLI's commands by name: main.ts dispatches through it, the README test checks examples against it. */
import type { FlagSpec, Flags } from './args';
import * as warmstart from './commands/warmstart';
import * as trainJudge from './commands/trainJudge';
import * as trainTokenizer from './commands/trainTokenizer';
import * as sample from './commands/sample';
import * as evaluate from './commands/evaluate';
import * as selfplay from './commands/selfplay';
import * as experiment from './commands/experiment';

export interface Command {
  spec: FlagSpec;
  summary: string;
  run(flags: Flags): Promise<void>;
}

// A Map: `npm run lab -- constructor` is an unknown command, not Object.prototype.constructor.
export const COMMANDS = new Map<string, Command>([
  ['warmstart', warmstart],
  ['train-judge', trainJudge],
  ['train-tokenizer', trainTokenizer],
  ['sample', sample],
  ['eval', evaluate],
  ['selfplay', selfplay],
  ['experiment', experiment],
]);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlags } from './args';
import { COMMANDS } from './commands';
import { REPO_ROOT } from './io';


/** Split a shell command line on spaces, keeping "double-quoted words" together. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

describe('README command lines', () => {
  it('every `npm run lab --` example parses with today’s flags and bounds', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/npm run lab -- ([^\n&]+)/g)].map((m) => m[1].trim()).filter((l) => !l.startsWith('--help') && !l.startsWith('<'));
    expect(examples.length).toBeGreaterThan(5);
    for (const line of examples) {
      const [command, ...argv] = words(line);
      const spec = COMMANDS.get(command)?.spec;
      expect(spec, `README names an unknown command: ${line}`).toBeDefined();
      expect(() => parseFlags(argv, spec!), line).not.toThrow();
    }
  });
});

/** Run the real CLI in a child process (exit code and stderr exactly as a user sees them). */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './io';

export const cli = (...args: string[]): SpawnSyncReturns<string> =>
  // The timeout only guards the test run against a hang (a FIFO read would block forever); no test expects it.
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });

/** A user-caused failure: exit code 2 and exactly one line on stderr, `error: …` matching `message`. */
export function expectUsageError(res: SpawnSyncReturns<string>, message: RegExp): void {
  expect(res.signal, 'the CLI was killed (hung?)').toBeNull();
  const lines = res.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^error: /);
  expect(lines.at(-1)).toMatch(message);
  expect(lines.filter((l) => l.startsWith('error:')), res.stderr).toHaveLength(1);
  expect(res.status, res.stderr).toBe(2);
}

export const TINY_RUN = ['--preset', 'tiny', '--batch', '8', '--seed', '4', '--quiet', '--save-every', '1'];

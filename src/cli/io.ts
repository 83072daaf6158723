/** File helpers for the CLI: read inputs with a clear message, write atomically (temp + rename). */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const publicPath = (rel: string): string => join(REPO_ROOT, 'public', rel);

export function readInput(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  return new Uint8Array(readFileSync(path));
}

export function writeAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A progress line on stderr that rewrites itself on a terminal and prints sparsely otherwise. */
export function progressPrinter(prefix: string): (done: number, total: number, extra?: string) => void {
  let last = 0;
  return (done, total, extra = '') => {
    const now = Date.now();
    if (done !== total && now - last < (process.stderr.isTTY ? 200 : 5000)) return;
    last = now;
    const pct = total ? Math.floor((100 * done) / total) : 100;
    const line = `${prefix} ${done}/${total} (${pct}%) ${extra}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100)}${done === total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

/**
 * File helpers for the CLI: read inputs with a clear message (a regular file, checked before
 * reading, so a directory or named pipe never hangs or leaks EISDIR), write atomically
 * (temp + rename), clean up temp files of dead processes, and read JSONL logs that a crash cut short.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const publicPath = (rel: string): string => join(REPO_ROOT, 'public', rel);

/** A Node file-system error (ENOENT, EISDIR, ENOSPC, …) as one readable sentence, or null for anything else. */
export function fsErrorMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return null;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
    EEXIST: 'already exists',
  };
  const reason = Object.hasOwn(reasons, err.code) ? reasons[err.code] : err.code;
  return `${err.syscall ?? 'file operation'} ${err.path ?? ''}: ${reason}`.replace(/\s+:/, ':');
}

/** Throws unless `path` is an existing regular file (never opens it: a FIFO would block). */
export function requireRegularFile(path: string, what: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`${what} not found: ${path}`);
    throw new UsageError(`${what} ${path}: ${fsErrorMessage(e) ?? (e as Error).message}`);
  }
  if (st.isDirectory()) throw new UsageError(`${what} ${path} is a directory, not a file`);
  if (!st.isFile()) throw new UsageError(`${what} ${path} is not a regular file (a pipe, socket or device)`);
}

export function readInput(path: string, what: string): Uint8Array {
  requireRegularFile(path, what);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${fsErrorMessage(e) ?? (e as Error).message}`);
  }
}

/** Throws unless `path` can be an output file: absent, or a regular file (checked before any work). */
export function requireWritableFilePath(path: string, what: string): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw new UsageError(`${what} ${path} exists and is not a regular file`);
}

/** Throws unless `path` can be an output directory: absent, or a directory. */
export function requireDirectoryPath(path: string, what: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new UsageError(`${what} ${path} exists and is not a directory`);
}

export function writeAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    // A half-written temp file (e.g. on a full disk) must not keep the space; the old file stays intact.
    rmSync(tmp, { force: true });
    throw e;
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Remove `*.tmp-<pid>` files left by writeAtomic in processes that died (kill -9, full disk) from
 * `dir` and its subfolders down to `depth`. Files of live processes are left alone. Returns the removed paths.
 */
export function removeStaleTemps(dir: string, depth = 0): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) removed.push(...removeStaleTemps(path, depth - 1));
      continue;
    }
    const m = /\.tmp-(\d+)$/.exec(entry.name);
    if (entry.isFile() && m && !processAlive(Number(m[1]))) {
      unlinkSync(path);
      removed.push(path);
    }
  }
  return removed;
}

/** A JSON file written by an earlier run; damage is a usage error naming the file, not a raw SyntaxError. */
export function readJson<T>(path: string, what: string): T {
  const text = new TextDecoder().decode(readInput(path, what));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UsageError(`${what} ${path} is not valid JSON (damaged; delete it to redo that step)`);
  }
}

/**
 * Read a JSONL log. A last line that is not whole JSON (the process died mid-write) is dropped and
 * reported as `torn`; a bad line before the end is corruption, not a crash, and is an error.
 */
export function readJsonl(path: string, what: string): { records: unknown[]; torn: boolean } {
  if (!existsSync(path)) return { records: [], torn: false };
  const text = new TextDecoder().decode(readInput(path, what));
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const records: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]));
    } catch {
      if (i === lines.length - 1) return { records, torn: true };
      throw new UsageError(`${what} ${path}: line ${i + 1} is not JSON (the file is damaged; repair or delete it)`);
    }
  }
  return { records, torn: false };
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

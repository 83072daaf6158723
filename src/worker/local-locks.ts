/**
 * The Web Locks API in memory (exclusive locks, ifAvailable, steal), for where the browser has none:
 * navigator.locks exists only in secure contexts (https, localhost), so a lab served over plain http
 * on a LAN address gets this instead. It guards a run within this worker only, not across tabs; the
 * page says so (see lab.svelte.ts). The unit tests use it as their shared "browser" lock manager.
 */
import { LabError } from '../engine/errors';
import type { Locks } from './run-leases';

export class LocalLocks implements Locks {
  private readonly held = new Map<string, { abort: (e: unknown) => void }>();

  request(name: string, ...args: unknown[]): Promise<never> {
    const [options, cb] = (args.length === 1 ? [{}, args[0]] : args) as [LockOptions, LockGrantedCallback<unknown>];
    return this.grant(name, options, cb) as Promise<never>;
  }

  private async grant(name: string, options: LockOptions, cb: LockGrantedCallback<unknown>): Promise<unknown> {
    const holder = this.held.get(name);
    if (holder && options.steal) {
      this.held.delete(name);
      holder.abort(new DOMException('The lock was stolen', 'AbortError'));
    } else if (holder) {
      if (options.ifAvailable) return cb(null);
      throw new LabError('internal', `LocalLocks: waiting for the lock "${name}" is not supported (only ifAvailable and steal).`);
    }
    let abort: (e: unknown) => void = () => {};
    const stolen = new Promise<never>((_, reject) => (abort = reject));
    const entry = { abort };
    this.held.set(name, entry);
    try {
      return await Promise.race([cb({ name, mode: 'exclusive' } as Lock), stolen]);
    } finally {
      if (this.held.get(name) === entry) this.held.delete(name);
    }
  }

  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.held.keys()].map((name) => ({ name, mode: 'exclusive' as const, clientId: 'this-worker' })), pending: [] };
  }
}

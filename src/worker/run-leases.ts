/**
 * One owner per run across tabs, with the Web Locks API: the worker that trains a run holds the
 * exclusive lock `self-redteam-run:<runId>` for as long as the run is live in it, and only the holder
 * writes the run's autosave record. Another tab finds the lock held ("this run is open in another
 * tab") and may take it over with `steal`: the browser then revokes the old holder's lock, which
 * hears it through `onLost` and stops writing. Locks die with their worker, so a closed or crashed
 * tab frees its runs at once.
 */
import { LabError } from '../engine/errors';

export const RUN_LOCK_PREFIX = 'self-redteam-run:';

/** The slice of the Web Locks API used here (navigator.locks in windows and workers). */
export type Locks = Pick<LockManager, 'request' | 'query'>;

export interface Lease {
  readonly runId: string;
  /** Give the run up (its lock is released; another tab may now take it). */
  release(): void;
}

export const RUN_OPEN_ELSEWHERE =
  'This run is open in another tab. Start your own run here, or take this one over (the other tab then stops training it).';

export class RunLeases {
  constructor(private readonly locks: Locks) {}

  /**
   * The lease on a run, or null when another tab holds it (unless `steal`, which takes it from that
   * tab). `onLost` runs if another tab steals it later.
   */
  acquire(runId: string, opts: { steal?: boolean; onLost: (runId: string) => void }): Promise<Lease | null> {
    return new Promise<Lease | null>((resolve, reject) => {
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let granted = false;
      const options: LockOptions = opts.steal ? { mode: 'exclusive', steal: true } : { mode: 'exclusive', ifAvailable: true };
      this.locks
        .request(RUN_LOCK_PREFIX + runId, options, (lock) => {
          if (!lock) {
            resolve(null);
            return undefined;
          }
          granted = true;
          resolve({ runId, release });
          return held;
        })
        .catch((e: unknown) => {
          // A stolen lock rejects the holder's request with AbortError.
          if (granted) opts.onLost(runId);
          else reject(new LabError('internal', `Could not lock the run: ${(e as Error)?.message ?? String(e)}`));
        });
    });
  }

  /** Whether some tab (this one included) holds the run. */
  async held(runId: string): Promise<boolean> {
    const { held = [] } = await this.locks.query();
    return held.some((l) => l.name === RUN_LOCK_PREFIX + runId);
  }
}

/**
 * Keep a lock for as long as this worker lives: the page waits on the same name and is granted it
 * exactly when the worker is gone (closed, terminated or crashed), however busy it was before.
 */
export function holdForLife(locks: Locks, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    locks
      .request(name, { mode: 'exclusive', ifAvailable: true }, (lock) => {
        if (!lock) {
          reject(new LabError('internal', `The worker's life lock "${name}" is already taken.`));
          return undefined;
        }
        resolve();
        return new Promise<void>(() => {});
      })
      .catch(reject);
  });
}

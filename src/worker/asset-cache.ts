/**
 * Shipped files (warm-start checkpoints, the reward LM) downloaded once per worker and handed out as
 * copies. A download that makes no progress for `stallMs` is aborted with a clear error instead of
 * leaving the page on "Loading" forever; the timer restarts with every chunk, so a slow but moving
 * connection still finishes.
 */
import { LabError } from '../engine/errors';

/** No byte for this long: give up. The files are 0.4–1.2 MB; 30 s without a byte is not a slow link. */
export const DEFAULT_ASSET_STALL_MS = 30_000;

type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export class AssetCache {
  private readonly files = new Map<string, Promise<Uint8Array>>();
  private base: string | null = null;
  private stallMs = DEFAULT_ASSET_STALL_MS;

  constructor(private readonly fetchFn: Fetch = (url, init) => fetch(url, init)) {}

  /** Where the site root is, and how long a download may sit without progress. */
  configure(base: string, stallMs = DEFAULT_ASSET_STALL_MS): void {
    if (!Number.isFinite(stallMs) || stallMs <= 0) throw new LabError('bad-settings', `The download timeout must be a positive number of milliseconds, not ${stallMs}.`);
    this.base = base;
    this.stallMs = stallMs;
  }

  /** The file's bytes (a private copy: the cache must survive whatever the engine does with them). */
  get(path: string): Promise<Uint8Array> {
    let p = this.files.get(path);
    if (!p) {
      if (this.base === null) throw new LabError('internal', 'The engine worker was not initialised.');
      p = download(this.fetchFn, new URL(path, this.base).href, path, this.stallMs);
      // A failed download is not cached: the next attempt tries again.
      p.catch(() => this.files.delete(path));
      this.files.set(path, p);
    }
    return p.then((b) => b.slice());
  }
}

async function download(fetchFn: Fetch, url: string, path: string, stallMs: number): Promise<Uint8Array> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), stallMs);
  };
  rearm();
  try {
    const r = await fetchFn(url, { signal: abort.signal });
    // A static host's SPA fallback answers a missing file with index.html: treat that as missing too.
    if (!r.ok || (r.headers.get('content-type') ?? '').includes('text/html'))
      throw new LabError('checkpoint-missing', `Could not download ${path} (HTTP ${r.ok ? 'returned a web page' : r.status}). Is the site complete?`);
    if (!r.body) return new Uint8Array(await r.arrayBuffer());
    const chunks: Uint8Array[] = [];
    const reader = r.body.getReader();
    for (;;) {
      rearm();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    return concat(chunks);
  } catch (e) {
    if (abort.signal.aborted)
      throw new LabError(
        'checkpoint-missing',
        `Downloading ${path} stalled: the server sent nothing for ${stallMs < 1000 ? `${stallMs} ms` : `${Math.round(stallMs / 1000)} s`}. Check your connection, then try again.`,
      );
    if (e instanceof LabError) throw e;
    throw new LabError('checkpoint-missing', `Could not download ${path}: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

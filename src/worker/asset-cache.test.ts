import { describe, expect, it } from 'vitest';
import { AssetCache } from './asset-cache';
import { tableFetch } from './fakes.test-support';

const hangForever = (_url: string, init: { signal: AbortSignal }) =>
  new Promise<Response>((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

describe('AssetCache', () => {
  it('downloads once and hands out private copies', async () => {
    const { fn, calls } = tableFetch({ 'judge/reward-lm.bin': new Uint8Array([1, 2, 3]) });
    const cache = new AssetCache(fn);
    cache.configure('http://lab.test/app/');
    const a = await cache.get('judge/reward-lm.bin');
    a[0] = 99;
    expect([...(await cache.get('judge/reward-lm.bin'))]).toEqual([1, 2, 3]);
    expect(calls).toEqual(['http://lab.test/app/judge/reward-lm.bin']);
  });

  it('a missing file or a web page in its place is a checkpoint-missing error, and is retried next time', async () => {
    const files: Record<string, Uint8Array> = {};
    const { fn, calls } = tableFetch(files);
    const cache = new AssetCache(fn);
    cache.configure('http://lab.test/');
    await expect(cache.get('checkpoints/tiny.ckpt')).rejects.toMatchObject({ code: 'checkpoint-missing', message: expect.stringMatching(/HTTP 404/) });
    files['checkpoints/tiny.ckpt'] = new Uint8Array([7]);
    expect([...(await cache.get('checkpoints/tiny.ckpt'))]).toEqual([7]);
    expect(calls).toHaveLength(2);

    const html = new AssetCache(async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
    html.configure('http://lab.test/');
    await expect(html.get('checkpoints/tiny.ckpt')).rejects.toMatchObject({ code: 'checkpoint-missing', message: expect.stringMatching(/web page/) });
  });

  it('a server that never answers is aborted after the stall time with a clear error', async () => {
    const cache = new AssetCache(hangForever);
    cache.configure('http://lab.test/', 5);
    await expect(cache.get('checkpoints/tiny.ckpt')).rejects.toMatchObject({
      code: 'checkpoint-missing',
      message: 'Downloading checkpoints/tiny.ckpt stalled: the server sent nothing for 5 ms. Check your connection, then try again.',
    });
  });

  it('a body that stops half-way is aborted too', async () => {
    const stuck = (_url: string, init: { signal: AbortSignal }) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array([1]));
          init.signal.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/octet-stream' } }));
    };
    const cache = new AssetCache(stuck);
    cache.configure('http://lab.test/', 5);
    await expect(cache.get('judge/reward-lm.bin')).rejects.toMatchObject({ message: expect.stringMatching(/stalled/) });
  });

  it('refuses to run unconfigured or with a nonsense timeout', () => {
    expect(() => new AssetCache(hangForever).get('x')).toThrow(/not initialised/);
    expect(() => new AssetCache(hangForever).configure('http://lab.test/', 0)).toThrow(/positive number/);
  });
});

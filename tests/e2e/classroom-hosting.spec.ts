import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForIteration } from './helpers';

/**
 * The classroom guide's hosting claim: the built page works from a sub-path of a plain static server
 * that sends no special headers (no COOP/COEP, no CSP header, nothing but Content-Type), and the page
 * is not cross-origin isolated there. One tiny wasm iteration proves the engine, its wasm files, the
 * warm start and the judge all load.
 */
const SUB = '/courses/safety/lab/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

let server: Server;
let base = '';
const served: { path: string; status: number }[] = [];

test.beforeAll(async () => {
  const root = join(process.cwd(), 'dist');
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = path.startsWith(SUB) ? path.slice(SUB.length) || 'index.html' : null;
    const file = rel === null ? null : normalize(join(root, rel));
    if (!file || !file.startsWith(root)) {
      served.push({ path, status: 404 });
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      served.push({ path, status: 200 });
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      served.push({ path, status: 404 });
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}${SUB}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('hosting: a plain static server, a sub-path, no special headers: the lab trains (not cross-origin isolated)', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}?preset=tiny&backend=wasm&batch=8&autosave=0`);
  await expect(page.getByTestId('status-pill')).not.toHaveText(/Starting/, { timeout: 60_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('game').first()).toBeVisible();
  await expect(page.getByTestId('backend-badge')).toContainText('wasm');
  expect(errors).toEqual([]);
  const missing = served.filter((s) => s.status !== 200 && !s.path.endsWith('/favicon.ico'));
  expect(missing, 'requests that found nothing').toEqual([]);
  expect(served.some((s) => s.path.endsWith('.wasm'))).toBe(true);
  expect(served.some((s) => s.path.endsWith('.ckpt'))).toBe(true);
});

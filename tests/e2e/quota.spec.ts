import { expect, test, type Page } from '@playwright/test';
import { openLab, storedCheckpoints, waitForIteration } from './helpers';

async function stepOnce(page: Page, n: number, allowErrors = false): Promise<void> {
  await page.getByTestId('step-button').click();
  await waitForIteration(page, n, 180_000, allowErrors);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready');
}

/** Fill the origin's remaining quota with incompressible junk in another database. */
function fillStorage(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('quota-filler');
        req.onupgradeneeded = () => req.result.createObjectStore('junk');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          let i = 0;
          const next = () => {
            const chunk = new Uint8Array(256 * 1024);
            for (let o = 0; o < chunk.length; o += 65536) crypto.getRandomValues(chunk.subarray(o, o + 65536));
            const tx = db.transaction('junk', 'readwrite');
            tx.objectStore('junk').put(chunk.buffer, i++);
            tx.oncomplete = next;
            tx.onabort = () => {
              db.close();
              resolve(i - 1);
            };
          };
          next();
        };
      }),
  );
}

/** A full disk must not cost the user the checkpoint they already have. */
test('storage quota exceeded: the previous autosave is kept and the user is told', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  // A fresh context with a small quota (Chromium applies the override only to storage not yet opened).
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 48 * 1024 * 1024 });
  await openLab(page, '?backend=wasm&preset=tiny&batch=8&autosave=1');

  await stepOnce(page, 1);
  await expect(page.getByTestId('autosave-status')).toContainText('Saved at iteration 1');
  expect(await fillStorage(page)).toBeGreaterThan(0);

  await stepOnce(page, 2, true);
  const notice = page.locator('[data-testid=notice][data-code=storage-quota]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/previous checkpoint was kept/i);
  await expect(page.getByTestId('autosave-status')).toContainText('Saved at iteration 1');
  expect((await storedCheckpoints(page)).map((c) => c.step)).toEqual([1]);
  await page.getByRole('tab', { name: /^Checkpoints/ }).click();
  await expect(page.getByTestId('checkpoint-row')).toHaveAttribute('data-step', '1');
  await ctx.close();
});

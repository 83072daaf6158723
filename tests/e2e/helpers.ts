import { expect, type Page, type TestInfo } from '@playwright/test';

/** Open the lab with a query string and wait until the engine worker has answered. */
export async function openLab(page: Page, query = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./${query}`);
  await expect(page.getByTestId('status-pill')).not.toHaveText(/Starting/, { timeout: 60_000 });
  expect(errors, 'uncaught page errors').toEqual([]);
}

/** The iteration counter shown in the run bar. */
export async function iteration(page: Page): Promise<number> {
  return Number((await page.getByTestId('iteration').textContent()) ?? '0');
}

/** Wait for the run to reach iteration n; an engine error notice fails fast unless `allowErrors`. */
export async function waitForIteration(page: Page, n: number, timeout: number, allowErrors = false): Promise<void> {
  await expect
    .poll(async () => {
      const err = allowErrors ? [] : await page.locator('[data-testid=notice][data-code]:not([data-code=""])').allTextContents();
      if (err.length) throw new Error(`engine error while training: ${err.join(' | ')}`);
      return iteration(page);
    }, { timeout, intervals: [250, 500, 1000] })
    .toBeGreaterThanOrEqual(n);
}

export async function openTab(page: Page, name: 'Train' | 'Arena' | 'Evaluate' | 'Checkpoints' | 'About'): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('tabpanel', { name: new RegExp(`^${name}`) })).toBeVisible();
}

/** Checkpoint metadata straight from IndexedDB (what the worker stored). */
export async function storedCheckpoints(page: Page): Promise<{ id: string; kind: string; step: number; size: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('self-redteam-lab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('meta').objectStore('meta').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((m: { id: string; kind: string; step: number; size: number }) => ({ id: m.id, kind: m.kind, step: m.step, size: m.size })));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * Main-thread responsiveness: the time from the browser receiving a click on a tab to that tab's
 * panel being shown (includes any queueing behind other main-thread work).
 */
export async function tabClickLatency(page: Page, name: 'Train' | 'Arena' | 'Evaluate' | 'Checkpoints' | 'About'): Promise<number> {
  const id = name.toLowerCase();
  await page.evaluate((id) => {
    (window as unknown as { __lat: Promise<number> }).__lat = new Promise<number>((resolve) => {
      document.addEventListener(
        'pointerdown',
        (ev) => {
          const t0 = ev.timeStamp;
          const check = () => {
            const panel = document.getElementById(`panel-${id}`);
            if (panel && !panel.hidden) resolve(performance.now() - t0);
            else setTimeout(check, 0);
          };
          setTimeout(check, 0);
        },
        { once: true, capture: true },
      );
    });
  }, id);
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  return page.evaluate(() => (window as unknown as { __lat: Promise<number> }).__lat);
}

export async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  // Sticky header and side panels are drawn where they sit at the current scroll: start from the top.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

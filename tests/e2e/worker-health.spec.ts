import { expect, test, type Page, type Worker } from '@playwright/test';
import { iteration, openLab, waitForIteration } from './helpers';

/** The dedicated engine worker of the page (src/worker/engine.worker.ts). */
async function engineWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes('engine.worker'))).toBe(true);
  return page.workers().find((w) => w.url().includes('engine.worker'))!;
}

const notice = (page: Page, key: string) => page.locator(`[data-testid=notice][data-key="${key}"]`);
const QUERY = '?backend=wasm&preset=tiny&batch=4&autosave=1';

test('a worker that exits silently is reported as stopped, and Restart resumes the run from its last autosave', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page, QUERY);
  await page.getByTestId('start-button').click();
  await waitForIteration(page, 2, 120_000);
  await expect(page.getByTestId('autosave-status')).toContainText('Saved at iteration');

  // The worker closes itself between two tasks: no error event, no message, just gone.
  await (await engineWorker(page)).evaluate(() => void setTimeout(() => self.close(), 0));

  await expect(page.getByTestId('status-pill')).toContainText('Engine stopped', { timeout: 60_000 });
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('pause-button')).toHaveCount(0);
  const dead = notice(page, 'engine-dead');
  await expect(dead).toContainText('The engine worker stopped');
  const text = (await dead.textContent()) ?? '';
  const saved = Number(/autosave at iteration (\d+)/.exec(text)?.[1]);
  expect(saved).toBeGreaterThanOrEqual(2);

  await dead.getByTestId('notice-action').click();
  await expect(dead).toHaveCount(0);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', /running|ready/, { timeout: 60_000 });
  // Resumed from the autosave (not from zero), and training goes on from there.
  await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(saved);
  await waitForIteration(page, saved + 1, 120_000);
  await expect(page.getByTestId('status-pill')).toContainText('Training');
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
});

test('an uncaught error in a live worker is reported without claiming the engine stopped', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page, QUERY);
  await page.getByTestId('start-button').click();
  await waitForIteration(page, 1, 120_000);
  await (await engineWorker(page)).evaluate(() => void setTimeout(() => {
    throw new Error('thrown by the test');
  }, 0));
  const err = page.locator('[data-testid=notice]', { hasText: 'thrown by the test' });
  await expect(err).toContainText('still running');
  // Still training, truthfully: the pill says so and iterations keep coming.
  const n = await iteration(page);
  await waitForIteration(page, n + 1, 120_000, true);
  await expect(page.getByTestId('status-pill')).toContainText('Training');
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
});

test('a worker stuck in a long computation is reported as not responding until it answers again', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => ((window as unknown as { __srtTest: object }).__srtTest = { heartbeatStallMs: 2000 }));
  await openLab(page, QUERY);
  // Block the worker's event loop for 20 s (10x the 2 s threshold): no heartbeat can leave it.
  await (await engineWorker(page)).evaluate(() => void setTimeout(() => {
    const t = Date.now();
    while (Date.now() - t < 20_000);
  }, 0));
  const stuck = notice(page, 'unresponsive');
  await expect(stuck).toContainText('has not answered');
  await expect(page.getByTestId('status-pill')).toContainText('Not responding');
  // It comes back by itself: the notice goes and the page says so.
  await expect(stuck).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('status-pill')).not.toContainText('Not responding');
});

test('a warm-start download that never answers ends in a notice instead of endless loading', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => ((window as unknown as { __srtTest: object }).__srtTest = { assetStallMs: 2000 }));
  await context.route('**/checkpoints/tiny.ckpt', () => {
    /* never answers */
  });
  await openLab(page, '?backend=wasm&preset=tiny&autosave=0');
  await page.getByTestId('step-button').click();
  const stalled = page.locator('[data-testid=notice][data-code=checkpoint-missing]');
  await expect(stalled).toContainText('Downloading checkpoints/tiny.ckpt stalled: the server sent nothing for 2 s');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'empty');
  await expect(page.getByTestId('start-button')).toBeEnabled();
});

import { expect, test } from '@playwright/test';
import { openLab, shot, waitForIteration } from './helpers';

/**
 * Forced WebGPU on the software adapter (SwiftShader): slow (20–50x wasm), so the tiny preset with a
 * small batch, and long timeouts. Checks the whole page path: worker + tfjs-webgpu + charts + feed.
 */
test('WebGPU (software adapter): two self-play iterations, live charts, a transcript, the badge', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  await openLab(page, '?backend=webgpu&preset=tiny&batch=8&autosave=0');
  const gpu = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? { ok: true, fallback: (a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? null } : { ok: false };
  });
  test.skip(!gpu.ok, 'This Chromium offers no WebGPU adapter (see tests/e2e/browser.ts for the flags).');
  await page.getByTestId('start-button').click();

  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText('WebGPU', { timeout: 120_000 });
  await waitForIteration(page, 2, 360_000);

  // Charts got a point per iteration.
  for (const id of ['rewards', 'asr', 'kl', 'speed']) {
    await expect
      .poll(async () => Number(await page.getByTestId(`chart-${id}`).getAttribute('data-points')))
      .toBeGreaterThanOrEqual(2);
  }

  // A transcript is shown, its hidden thoughts revealable.
  const game = page.getByTestId('game').first();
  await expect(game).toBeVisible();
  await expect(game.getByTestId('game-outcome')).toBeVisible();
  const thought = game.locator('details').first();
  if (await thought.count()) {
    await thought.locator('summary').click();
    await expect(thought).toHaveAttribute('open', '');
  }

  // The badge names the adapter and explains the choice.
  await badge.hover();
  await expect(page.getByTestId('backend-reason')).toBeVisible();
  expect((await page.getByTestId('backend-reason').textContent())?.length).toBeGreaterThan(5);
  await shot(page, testInfo, 'webgpu-train');
});

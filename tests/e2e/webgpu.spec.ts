import { expect, test } from '@playwright/test';
import { openLab, shot, waitForIteration } from './helpers';

/**
 * Forced WebGPU on the software adapter (SwiftShader): slow (20–50x wasm) and slower still when the
 * other core is busy, so the smallest run that proves the path: the tiny preset, the smallest batch
 * (4 seeds), one iteration. This checks correctness of the whole page path (worker + tfjs-webgpu +
 * charts + feed), not speed. Idle it takes ~40 s; the limits allow for a machine with both cores busy.
 */
test('WebGPU (software adapter): a self-play iteration, live charts, a transcript, the badge', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await openLab(page, '?backend=webgpu&preset=tiny&batch=4&autosave=0');
  const gpu = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? { ok: true, fallback: (a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? null } : { ok: false };
  });
  test.skip(!gpu.ok, 'This Chromium offers no WebGPU adapter (see tests/e2e/browser.ts for the flags).');
  await page.getByTestId('start-button').click();

  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText('WebGPU', { timeout: 120_000 });
  await waitForIteration(page, 1, 480_000);

  // Charts got the iteration's point.
  for (const id of ['rewards', 'asr', 'kl', 'speed']) {
    await expect
      .poll(async () => Number(await page.getByTestId(`chart-${id}`).getAttribute('data-points')))
      .toBeGreaterThanOrEqual(1);
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

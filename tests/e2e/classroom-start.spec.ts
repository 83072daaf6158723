import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

/**
 * The classroom path as a student meets it: the plain link (default settings: classroom preset,
 * automatic backend, which is wasm on a machine without a hardware GPU), one click on Start, and the
 * first game transcripts appear. The time to them is recorded (annotation and log), not asserted:
 * speed is measured, never a pass/fail condition on a machine that may be busy (target ≤ 10 s).
 */
test('classroom: one click starts from the shipped warm start; first transcripts appear on wasm', async ({ page }, testInfo) => {
  await openLab(page);
  const t0 = Date.now();
  await page.getByTestId('start-button').click();
  await expect(page.getByTestId('game').first()).toBeVisible({ timeout: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  testInfo.annotations.push({ type: 'first transcript after click (s)', description: seconds.toFixed(1) });
  console.log(`classroom: first game transcript ${seconds.toFixed(1)} s after the click`);
  await expect(page.getByTestId('backend-badge')).toContainText(/wasm/i);
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
});

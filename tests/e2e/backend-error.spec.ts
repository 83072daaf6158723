import { expect, test } from '@playwright/test';
import { openLab, waitForIteration } from './helpers';

/**
 * `?backend=webgpu` on a browser without WebGPU: the run refuses with a backend-unavailable error
 * that names the reason, and offers wasm. WebGPU is removed from the engine worker by prefixing its
 * script with a line that hides navigator.gpu, so the test does not depend on the browser's flags.
 */
test('a forced WebGPU backend where there is none shows a backend error with its reason, and wasm works', async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.route(/engine\.worker-[\w-]+\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `Object.defineProperty(WorkerNavigator.prototype, 'gpu', { get: () => undefined, configurable: true });\n${await response.text()}`;
    await route.fulfill({ response, body });
  });
  await openLab(page, '?backend=webgpu&preset=tiny&batch=4&autosave=0');
  expect(await page.evaluate(() => 'gpu' in navigator)).toBe(true); // only the worker lost it

  await page.getByTestId('step-button').click();
  const err = page.locator('[data-testid=notice][data-code=backend-unavailable]');
  await expect(err).toContainText('Compute backend unavailable', { timeout: 120_000 });
  await expect(err).toContainText('navigator.gpu');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'empty');

  await err.getByTestId('notice-action').click();
  await expect(page).toHaveURL(/backend=wasm/);
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('backend-badge')).toContainText(/wasm/i);
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
});

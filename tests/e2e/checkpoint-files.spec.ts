import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openLab, openTab, shot, storedCheckpoints, waitForIteration } from './helpers';

test('checkpoint export → import round trip; damaged and foreign files are refused, nothing overwritten', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openLab(page, '?backend=wasm&preset=tiny&batch=8&autosave=1');
  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('autosave-status')).toContainText('Saved at iteration 1');

  await openTab(page, 'Checkpoints');
  const rows = page.getByTestId('checkpoint-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-step', '1');

  // Export: a download of the stored bytes.
  const downloadP = page.waitForEvent('download');
  await rows.first().getByRole('button', { name: /^Export/ }).click();
  const download = await downloadP;
  expect(download.suggestedFilename()).toMatch(/^selfredteam-tiny-selfplay-seed1-step1\.ckpt$/);
  const exported = testInfo.outputPath('exported.ckpt');
  await download.saveAs(exported);
  const bytes = readFileSync(exported);
  expect(bytes.length).toBe((await storedCheckpoints(page))[0].size);

  // Import it back: a new entry with the same step; the original is untouched.
  await page.getByTestId('import-input').setInputFiles(exported);
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid=checkpoint-row][data-kind=import]')).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('notice').filter({ hasText: 'Checkpoint imported' })).toBeVisible();

  // A damaged copy (one flipped byte in the middle) is refused with a clear message.
  const damaged = Buffer.from(bytes);
  damaged[Math.floor(damaged.length / 2)] ^= 0xff;
  const damagedPath = testInfo.outputPath('damaged.ckpt');
  writeFileSync(damagedPath, damaged);
  await page.getByTestId('import-input').setInputFiles(damagedPath);
  const refused = page.locator('[data-testid=notice][data-code=checkpoint-corrupt]');
  await expect(refused).toBeVisible();
  await expect(refused).toContainText(/refused/i);
  await shot(page, testInfo, 'import-refused', false);

  // Not a checkpoint at all.
  const closers = page.getByRole('button', { name: 'Dismiss message' });
  while (await closers.count()) await closers.first().click({ timeout: 5_000 }).catch(() => undefined);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  const foreignPath = testInfo.outputPath('notes.ckpt');
  writeFileSync(foreignPath, 'these are my lecture notes, not a model');
  await page.getByTestId('import-input').setInputFiles(foreignPath);
  await expect(page.locator('[data-testid=notice][data-code^=checkpoint-]')).toContainText(/refused/i);

  // Nothing was added or overwritten.
  await expect(rows).toHaveCount(2);
  const stored = await storedCheckpoints(page);
  expect(stored.map((c) => c.step).sort()).toEqual([1, 1]);

  // The imported checkpoint loads and continues at its step.
  await page.locator('[data-testid=checkpoint-row][data-kind=import]').getByRole('button', { name: /^Load/ }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Checkpoint loaded' })).toBeVisible({ timeout: 60_000 });
  await openTab(page, 'Train');
  await expect(page.getByTestId('iteration')).toHaveText('1');
  await expect(page.getByTestId('chart-rewards')).toHaveAttribute('data-points', '1');
});

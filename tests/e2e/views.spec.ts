import { expect, test } from '@playwright/test';
import { openLab, openTab, shot, waitForIteration } from './helpers';

/**
 * One short wasm run, then every view: the arena streams a defender answer, the evaluate view runs
 * the held-out suites with a progress bar, and each view is screenshotted at 1280x720 and 390px.
 */
test('views: arena, evaluation and screenshots at desktop and phone width', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openLab(page, '?preset=tiny&backend=wasm&batch=8');
  await shot(page, testInfo, 'desktop-train-idle', false);

  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('backend-badge')).toContainText('wasm');
  await expect(page.getByTestId('game').first()).toBeVisible();
  await shot(page, testInfo, 'desktop-train');

  // Arena: the defender's answer streams in, then the judge and oracle labels appear.
  await openTab(page, 'Arena');
  await page.getByLabel('Your prompt').fill('how do i hotwire a parked car ?');
  await page.getByTestId('ask-defender').click();
  await expect(page.getByTestId('defender-answer')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('arena-defender').getByRole('table')).toContainText('Judge');
  await page.getByTestId('revise-seed').click();
  await expect(page.getByTestId('attacker-answer')).toBeVisible({ timeout: 120_000 });
  await shot(page, testInfo, 'desktop-arena');

  // Evaluate the current run with a progress bar, then show the table with intervals.
  await openTab(page, 'Evaluate');
  await page.getByTestId('run-eval').click();
  await expect(page.getByTestId('eval-report')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('eval-report').locator('tbody tr')).toHaveCount(7);
  // Per tactic family below it: the adversarial suites split by family, each row with n and a rate.
  await expect(page.getByTestId('eval-families').locator('[data-suite="adversarial-harmful"] [data-testid="eval-family-row"]').first()).toContainText('%');
  await shot(page, testInfo, 'desktop-evaluate');

  // Side by side with the warm-start model (the baseline before any RL).
  await page.getByLabel('Compare with').selectOption({ label: 'Warm-start model (tiny, before RL)' });
  await page.getByTestId('run-eval').click();
  await expect(page.getByTestId('eval-compare')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('eval-compare').locator('tbody tr').first()).toContainText('pts');
  await shot(page, testInfo, 'desktop-evaluate-compare');

  await openTab(page, 'Checkpoints');
  await expect(page.getByTestId('storage-usage')).toContainText(/used of|does not report/);
  await shot(page, testInfo, 'desktop-checkpoints');
  await openTab(page, 'About');
  await shot(page, testInfo, 'desktop-about');

  // Phone width: nothing may overflow horizontally.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ['Train', 'Arena', 'Evaluate', 'Checkpoints', 'About'] as const) {
    await openTab(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} overflows at 390px`).toBeLessThanOrEqual(0);
    await shot(page, testInfo, `phone-${name.toLowerCase()}`);
  }
});

test('keyboard: tabs switch with the arrow keys and controls are labelled', async ({ page }) => {
  await openLab(page, '?preset=tiny&backend=wasm');
  const trainTab = page.getByRole('tab', { name: 'Train' });
  await trainTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Arena' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Arena' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('tabpanel', { name: 'About' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tabpanel', { name: 'Train' })).toBeVisible();

  // Every form control on the train view has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('#panel-train input, #panel-train select, #panel-train textarea, #panel-train button')]
      .filter((el) => !(el as HTMLElement).closest('[hidden]'))
      .filter((el) => {
        const e = el as HTMLInputElement;
        const labelled = e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent?.trim();
        return !labelled;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);

  // The backend badge explains itself on focus.
  await page.getByTestId('backend-badge').focus();
  await expect(page.getByTestId('backend-reason')).toBeVisible();
});

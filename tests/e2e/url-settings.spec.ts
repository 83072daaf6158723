import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('settings round-trip through the URL; a bad value is reported and falls back alone', async ({ page }) => {
  await openLab(page, '?preset=tiny&mode=attacker-only&cot=false&seed=42&lr=abc&batch=3&bogus=1');

  const banner = page.getByTestId('url-errors');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('lr=abc');
  await expect(banner).toContainText('batch=3');
  await expect(banner).toContainText('unknown setting "bogus"');

  // Good values are applied, bad ones fall back to their defaults, field by field.
  await expect(page.getByLabel('Model size')).toHaveValue('tiny');
  await expect(page.getByLabel('Who learns')).toHaveValue('attacker-only');
  await expect(page.getByLabel('Hidden chain of thought')).not.toBeChecked();
  await expect(page.getByLabel('Random seed')).toHaveValue('42');
  await page.getByRole('button', { name: 'Reinforcement learning' }).click();
  await expect(page.getByLabel('Learning rate')).toHaveValue('0.0003');
  await expect(page.getByLabel('Games per iteration')).toHaveValue('32');

  // The address now holds the effective setup only.
  const url = new URL(page.url());
  expect(url.searchParams.get('seed')).toBe('42');
  expect(url.searchParams.get('mode')).toBe('attacker-only');
  expect(url.searchParams.has('lr')).toBe(false);
  expect(url.searchParams.has('bogus')).toBe(false);

  // Editing a field updates the link; reopening the link reproduces the setup.
  await page.getByLabel('Random seed').fill('7');
  await page.getByLabel('Random seed').press('Enter');
  await page.getByLabel('Random seed').blur();
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');
  await page.getByRole('button', { name: 'Game and rewards' }).click();
  await page.getByLabel('Reward type').selectOption('zero-sum');
  await expect.poll(() => new URL(page.url()).searchParams.get('reward')).toBe('zero-sum');

  // An invalid edit is refused with a message and does not reach the URL.
  await page.getByLabel('Games per iteration').fill('5000');
  await page.getByLabel('Games per iteration').blur();
  await expect(page.getByText(/batch=5000: must be between 4 and 256/)).toBeVisible();
  expect(new URL(page.url()).searchParams.has('batch')).toBe(false);

  const link = page.url();
  const fresh = await page.context().newPage();
  await openLab(fresh, new URL(link).search);
  await expect(fresh.getByTestId('url-errors')).toHaveCount(0);
  await expect(fresh.getByLabel('Random seed')).toHaveValue('7');
  await expect(fresh.getByLabel('Model size')).toHaveValue('tiny');
  await fresh.getByRole('button', { name: 'Game and rewards' }).click();
  await expect(fresh.getByLabel('Reward type')).toHaveValue('zero-sum');
  await fresh.close();
});

test('a link naming Object.prototype members shows the page with a settings notice, not a blank page', async ({ page }) => {
  await openLab(page, '?__defineGetter__=1&valueOf=1&constructor=x&seed=9');
  const banner = page.getByTestId('url-errors');
  await expect(banner).toBeVisible();
  for (const name of ['__defineGetter__', 'valueOf', 'constructor']) await expect(banner).toContainText(`unknown setting "${name}"`);
  // The rest of the link still applies and the page works.
  await expect(page.getByLabel('Random seed')).toHaveValue('9');
  await expect(page.getByLabel('Model size')).toHaveValue('classroom');
  await expect(page.getByTestId('status-pill')).toBeVisible();
  const url = new URL(page.url());
  expect([...url.searchParams.keys()]).toEqual(['seed']);
});

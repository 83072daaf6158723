import { expect, test } from '@playwright/test';
import { openLab, waitForIteration } from './helpers';

/**
 * A short tiny-preset world-v2 run from the link. Defender-only with the world's template attacks,
 * so every rewritten request carries grammar-v2 families whatever the tiny attacker would write.
 */
const RUN = '?preset=tiny&backend=wasm&batch=8&autosave=0&world=v2&mode=defender-only&staticAttacks=templates';

/** Short names of the first world's tactics that no v2 family shares. */
const V1_ONLY = ['Role-play', 'Hypothetical', 'Expert claim', 'Disguised', 'Emotional', 'Story'];

test('world v2 from the link: v2 games, tactic families by their plain names in the heatmap and the per-family table', async ({ page }) => {
  test.setTimeout(360_000);
  await openLab(page, RUN);
  await expect(page.getByLabel('World', { exact: true })).toHaveValue('v2');

  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 240_000);
  await expect(page.getByText('tiny · world v2 · defender-only').first()).toBeVisible();
  await page.getByTestId('step-button').click();
  await waitForIteration(page, 2, 240_000);

  // The heatmap's rows are the v2 families the attacker used (plain names), never the first world's tactics.
  const heatRows = await page.getByTestId('tactic-heatmap').locator('tbody th').allTextContents();
  expect(heatRows.length).toBeGreaterThan(1);
  expect(heatRows.at(-1)).toBe('No tactic');
  for (const name of heatRows) expect(V1_ONLY, name).not.toContain(name.trim());
  // The per-family table counts games of v2 families.
  const table = page.getByRole('region', { name: 'Per-family table' });
  const names = await table.locator('th[scope=row]').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(V1_ONLY, name).not.toContain(name.trim());
  const counted = await table.getByTestId('family-row').evaluateAll((rows) => rows.reduce((a, r) => a + Number(r.getAttribute('data-asr-n')) + Number(r.getAttribute('data-over-n')), 0));
  expect(counted).toBeGreaterThan(0);
});

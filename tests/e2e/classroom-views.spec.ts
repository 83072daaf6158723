import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { openLab, openTab, shot, waitForIteration } from './helpers';

const RUN = '?preset=tiny&backend=wasm&batch=8&autosave=0';
const VIEWS = ['Train', 'Arena', 'Evaluate', 'Checkpoints', 'About'] as const;
const WIDTHS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

async function setPresenter(page: Page, on: boolean): Promise<void> {
  const toggle = page.getByTestId('presenter-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(on));
}

/** axe-core on the whole page (hidden tab panels are skipped by axe): no serious or critical violation. */
async function axe(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(bad, null, 2), contentType: 'application/json' });
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    `axe on ${name}`,
  ).toEqual([]);
}

test('classroom views: Evaluate colours follow each suite direction, checkpoints fit 1280 px, focus after Start, axe and screenshots of every view in both modes', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await openLab(page, RUN);

  // Keyboard: Start from the keyboard; focus ends on a control that acts (Pause) or on the status heading.
  await page.getByTestId('start-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pause-button')).toBeFocused({ timeout: 180_000 });
  await waitForIteration(page, 1, 180_000);
  await page.keyboard.press('Enter'); // Pause, still from the keyboard
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  expect(['start-button', 'run-status']).toContain(focused);

  // Evaluate: the current run (A) against the warm start (B); colours and words follow each suite's direction.
  await openTab(page, 'Evaluate');
  await page.getByLabel('Compare with').selectOption({ label: 'Warm-start model (tiny, before RL)' });
  await page.getByTestId('run-eval').click();
  await expect(page.getByTestId('eval-compare')).toBeVisible({ timeout: 300_000 });
  const deltas = page.getByTestId('delta');
  await expect(deltas).toHaveCount(7) // one per suite (6 world suites + plain-benign);
  const ok = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ok').trim());
  expect(ok).not.toBe('');
  for (const d of await deltas.all()) {
    const a = Number(await d.getAttribute('data-a'));
    const b = Number(await d.getAttribute('data-b'));
    const dir = await d.getAttribute('data-direction');
    const want = Math.abs(a - b) < 0.0005 ? 'same' : (dir === 'lower' ? a < b : a > b) ? 'better' : 'worse';
    await expect(d).toHaveAttribute('data-verdict', want);
    await expect(d).toContainText({ better: 'A is better', worse: 'B is better', same: 'no difference' }[want]);
    const cls = (await d.getAttribute('class')) ?? '';
    expect(cls.includes('good'), `green only when A is better (${a} vs ${b}, ${dir} is better)`).toBe(want === 'better');
    expect(cls.includes('bad')).toBe(want === 'worse');
  }
  await expect(page.getByTestId('compare-legend')).toContainText('A is better');
  await expect(page.getByTestId('eval-compare').locator('tbody tr').first()).toContainText(/lower is better|higher is better/);

  // Checkpoints at 1280x720: a snapshot row, with every control visible and no sideways scrolling.
  await openTab(page, 'Checkpoints');
  await page.getByTestId('save-snapshot').click();
  await expect(page.getByTestId('checkpoint-row').first()).toBeVisible({ timeout: 60_000 });
  const scroll = await page.getByTestId('checkpoint-scroll').evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
  expect(scroll.sw, 'checkpoint table scrolls sideways').toBeLessThanOrEqual(scroll.cw);
  for (const name of [/^Load /, /^Export /, /^Delete /]) {
    const btn = page.getByTestId('checkpoint-row').first().getByRole('button', { name });
    await expect(btn).toBeInViewport();
  }

  // Every view, both modes, three widths: axe (no serious/critical issue) and a screenshot each.
  for (const presenterOn of [false, true]) {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await openTab(page, 'Train');
      await setPresenter(page, presenterOn);
      for (const v of VIEWS) {
        await openTab(page, v);
        const name = `${v.toLowerCase()}-${size.width}-${presenterOn ? 'presenter' : 'normal'}`;
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} overflows sideways`).toBeLessThanOrEqual(0);
        await shot(page, testInfo, name);
        await axe(page, testInfo, name);
      }
    }
  }
});

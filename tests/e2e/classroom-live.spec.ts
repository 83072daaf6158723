import { expect, test, type Page } from '@playwright/test';
import { openLab, shot, waitForIteration } from './helpers';

/** A short tiny-preset wasm run: no autosaves, 8 seeds per iteration. */
const RUN = '?preset=tiny&backend=wasm&batch=8&autosave=0';

async function box(page: Page, testid: string) {
  const b = await page.getByTestId(testid).boundingBox();
  if (!b) throw new Error(`${testid} is not rendered`);
  return b;
}

const sumN = (page: Page, testid: string) =>
  page.getByTestId(testid).evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-n') ?? 0), 0));

test('live run: the heatmap and the attack map fill in, transcripts read as prose, presenter mode fits a 1920x1080 projector', async ({ page }, testInfo) => {
  test.setTimeout(360_000);
  await openLab(page, RUN);

  // Normal view at 1280x720: the game feed is on the first screen.
  const feed = await box(page, 'game-feed');
  expect(feed.y, 'the feed starts on the first screen').toBeLessThan(720 - 150);

  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('game').first()).toBeVisible();
  const firstCard = await page.getByTestId('game').first().boundingBox();
  expect(firstCard!.y, 'the first transcript starts on the first screen').toBeLessThan(720);

  // Iteration 1's attacks are in the maps; iteration 2 adds to them (live update).
  await expect.poll(() => sumN(page, 'heat-cell')).toBeGreaterThan(0);
  await expect.poll(() => sumN(page, 'map-cell')).toBeGreaterThan(0);
  const heatAfter1 = await sumN(page, 'heat-cell');
  await page.getByTestId('step-button').click();
  await waitForIteration(page, 2, 180_000);
  await expect.poll(() => sumN(page, 'heat-cell')).toBeGreaterThan(heatAfter1);
  await expect(page.getByTestId('tactic-heatmap').locator('thead th')).not.toHaveCount(1);
  // Live family measures: the drift and helped-under-tricks charts track every iteration; the per-family table has counted games.
  await expect(page.getByTestId('chart-drift')).toHaveAttribute('data-points', '2');
  await expect(page.getByRole('heading', { name: 'Tactic-mix drift (JS divergence)' })).toBeVisible();
  await expect(page.getByTestId('chart-helped-wrapped')).toHaveAttribute('data-points', '2');
  const familyGames = page.getByRole('region', { name: 'Per-family table' }).getByTestId('family-row').evaluateAll((rows) => rows.reduce((a, r) => a + Number(r.getAttribute('data-asr-n')) + Number(r.getAttribute('data-over-n')), 0));
  expect(await familyGames).toBeGreaterThan(0);

  // Readable text: no space before punctuation, sentences start with a capital.
  const answers = await page.getByTestId('defender-text').allTextContents();
  expect(answers.length).toBeGreaterThan(0);
  for (const a of answers) {
    expect(a, a).not.toMatch(/ [,.?!:;]/);
    expect(a, a).not.toMatch(/^[a-z]/);
  }
  // Rewards carry their scale; tags use plain words with the technical name as a tooltip.
  await expect(page.getByTestId('reward-defender').first()).toHaveText(/of max \+[23]|no reward/);
  const move = page.getByTestId('move-tag').first();
  await expect(move).toHaveText(/Rewritten by the attacker|Sent as written|Written by a person/);
  await expect(move).toHaveAttribute('title', /attacker-revised|vanilla|human/);
  await shot(page, testInfo, 'live-1280-normal');

  // Presenter mode at 1920x1080 from the toggle; the link keeps it.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('presenter-toggle').click();
  await expect(page).toHaveURL(/[?&]presenter=1/);
  await expect(page.getByTestId('train-layout')).toHaveAttribute('data-presenter', 'true');
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const id of ['asr', 'refusal', 'rewards', 'diversity']) {
    const chart = page.getByTestId(`chart-${id}`);
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute('data-font-px', /^(1[89]|[2-9]\d)$/);
    await expect(chart).toHaveAttribute('data-smooth', 'true');
    const b = await box(page, `chart-${id}`);
    expect(b.width, `${id} width`).toBeGreaterThanOrEqual(800);
    expect(b.height, `${id} height`).toBeGreaterThanOrEqual(360);
    expect(b.y + b.height, `${id} fits the screen`).toBeLessThanOrEqual(1080);
    expect(b.x + b.width).toBeLessThanOrEqual(1920);
  }
  await expect(page.getByTestId('chart-kl')).toHaveCount(0);
  // The feed sits beside the charts, its first game on the screen without scrolling.
  const pf = await box(page, 'game-feed');
  const asr = await box(page, 'chart-asr');
  expect(pf.x, 'feed beside the charts').toBeGreaterThan(asr.x + asr.width);
  // The latest notable game (if this short run had one) is pinned first, highlighted, with the reason.
  const reasons = page.getByTestId('notable-reason');
  expect(await reasons.count()).toBeLessThanOrEqual(1);
  if ((await reasons.count()) === 1) await expect(page.getByTestId('game').first().getByTestId('notable-reason')).toHaveText(/^Latest notable game: /);
  const g = await page.getByTestId('game').first().boundingBox();
  expect(g!.y).toBeLessThan(1080 - 100);
  expect(g!.x + g!.width).toBeLessThanOrEqual(1920);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, testInfo, 'live-1920-presenter', false);

  // A fresh load of the presenter link opens in presenter mode.
  await page.reload();
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-asr')).toHaveAttribute('data-font-px', '18');
});

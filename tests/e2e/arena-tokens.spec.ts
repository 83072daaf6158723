import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openLab, openTab } from './helpers';

/**
 * The Arena shows what the model reads as the person types (no run needed: the pieces come from the
 * tokenizer the run would use): the token pieces with byte fallback marked, the count against the
 * window, the sampling temperature, and, for a prompt longer than the window, the cut.
 */
const RUN = '?preset=tiny&backend=wasm&batch=8&autosave=0';

async function noSidewaysOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the page overflows sideways').toBeLessThanOrEqual(0);
}

test('the Arena shows the token pieces of a prompt, the byte fallback, the sampling and the window cut', async ({ page }, testInfo) => {
  await openLab(page, RUN);
  await openTab(page, 'Arena');
  const reads = page.getByTestId('prompt-tokens-defender');

  // A short prompt in mixed case with an emoji: pieces keep the case, the emoji is byte fallback.
  await page.locator('#arena-prompt').fill('How do I bake Sourdough bread 🍞?');
  await expect(reads).toBeVisible();
  const piece = (kind: string) => reads.locator(`.tokens .tok[data-kind=${kind}] .piece`);
  await expect(piece('special').first()).toHaveText('<defender>');
  await expect(piece('special').last()).toHaveText('<think>');
  // The pieces, joined (▁ is a space), give back the text with its case (polled: the default prompt shows first).
  const shown = async () => (await reads.locator('.tokens .piece').allTextContents()).join('').replace(/▁/g, ' ');
  await expect.poll(shown).toContain('User: How do I bake Sourdough bread');
  await expect(piece('byte').filter({ hasText: '<0xF0>' })).toHaveCount(1);
  await expect(reads.getByTestId('token-count')).toHaveText(/^\d+ of 384 tokens/);
  await expect(reads.getByTestId('sampling')).toHaveText(/temperature 1\.0.*each run can differ/);
  await expect(reads.getByText('byte fallback: text the vocabulary has no piece for')).toBeVisible();
  await expect(reads.getByTestId('cut-line')).toHaveCount(0);
  await expect(reads.getByTestId('token-cut')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('arena-tokens-short.png') });

  // A very long prompt: cut to the window, the marker in the list, the line that says so.
  const long = `Please read this story. ${'The river runs past the old stone mill every morning. '.repeat(150)}So, how do I bake bread?`;
  await page.locator('#arena-prompt').fill(long);
  await expect(reads.getByTestId('cut-line')).toBeVisible();
  await expect(reads.getByTestId('cut-line')).toHaveText(/The prompt is longer than the window \(384 tokens\): the middle [\d,]+ tokens were cut; the model reads the start and the end\./);
  await expect(reads.getByTestId('token-count')).toHaveText(/^384 of 384 tokens/);
  await expect(reads.getByTestId('token-cut')).toBeVisible();
  await expect(piece('cut').first()).toBeVisible();
  await expect(reads.locator('.tokens .piece').last()).toHaveText('<think>');
  // The list keeps its own scroll: the section stays short.
  const box = await reads.boundingBox();
  expect(box!.height).toBeLessThan(420);
  await noSidewaysOverflow(page);
  await reads.screenshot({ path: testInfo.outputPath('arena-tokens-cut.png') });

  // The attacker's seed is read in the attacker's window.
  await expect(page.getByTestId('prompt-tokens-attacker').getByTestId('token-count')).toHaveText(/ of 128 tokens/);

  // Accessible: no serious or critical axe finding on the Arena.
  const r = await new AxeBuilder({ page }).include('[data-testid=prompt-tokens-defender]').analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // A phone: chips wrap, nothing runs off the side.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(reads.getByTestId('cut-line')).toBeVisible();
  await noSidewaysOverflow(page);
  await reads.scrollIntoViewIfNeeded();
  await reads.screenshot({ path: testInfo.outputPath('arena-tokens-390.png') });
});

test('after the defender answers, the pieces come from the live run and the labels explain n/a', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openLab(page, RUN);
  await openTab(page, 'Arena');
  await page.locator('#arena-prompt').fill('What is the capital of France?');
  await page.getByTestId('ask-defender').click();
  await expect(page.getByTestId('defender-answer')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('na-note').first()).toContainText('A game with an n/a label is a tie');
  // The run now exists: what the model reads is asked of it, and shows the same prompt.
  await page.locator('#arena-prompt').fill('What is the capital of Italy?');
  const reads = page.getByTestId('prompt-tokens-defender');
  await expect.poll(async () => (await reads.locator('.tokens .piece').allTextContents()).join('').replace(/▁/g, ' ')).toContain('capital of Italy?');
  await expect(reads.getByTestId('token-count')).toHaveText(/^\d+ of 384 tokens/);
  await page.getByTestId('arena-defender').screenshot({ path: testInfo.outputPath('arena-tokens-answered.png') });
});

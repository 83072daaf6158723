import { expect, test } from '@playwright/test';
import { openLab, waitForIteration } from './helpers';

/**
 * The built page carries a Content-Security-Policy and runs under it: the policy is live (an inline
 * script is refused), and one iteration of a tiny wasm run (worker, wasm compile, IndexedDB) raises
 * no violation. A meta tag governs only the page; `vite preview` sends the same policy as a header,
 * which governs the engine worker too (without 'wasm-unsafe-eval' there, wasm fails to start).
 */
test('the page runs a tiny wasm run under its Content-Security-Policy with no violation', async ({ page }) => {
  test.setTimeout(240_000);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
  await openLab(page, '?backend=wasm&preset=tiny&batch=4&autosave=0');

  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  const worker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(worker, 'the engine worker').toBeDefined();
  expect((await page.request.get(worker!.url())).headers()['content-security-policy']).toBe(policy);

  // The policy is enforced: an injected inline script does not run and is reported.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 0));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  // One report per policy in force: the meta tag's and the header's.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)).toBe(2);
  await page.evaluate(() => ((window as unknown as { __csp: string[] }).__csp.length = 0));
  consoleCsp.length = 0;

  await page.getByTestId('step-button').click();
  await waitForIteration(page, 1, 180_000);
  await expect(page.getByTestId('backend-badge')).toContainText(/wasm/i);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(consoleCsp).toEqual([]);
});

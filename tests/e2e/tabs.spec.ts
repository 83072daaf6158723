import { expect, test } from '@playwright/test';
import { iteration, openLab, storedCheckpoints, waitForIteration } from './helpers';

const QUERY = '?backend=wasm&preset=tiny&batch=4&autosave=1';

/**
 * One owner per run (Web Locks): tab B never resumes tab A's live run by accident. It is told the run
 * is open in another tab and may take it over, after which A stops and writes nothing more for it;
 * A may then start its own run, with its own autosave record.
 */
test('two tabs never write one autosave: the second sees the run open elsewhere, takes it over explicitly', async ({ context }) => {
  test.setTimeout(240_000);
  const a = await context.newPage();
  await openLab(a, QUERY);
  await a.getByTestId('start-button').click();
  await waitForIteration(a, 1, 120_000);
  await expect(a.getByTestId('autosave-status')).toContainText('Saved at iteration');

  const b = await context.newPage();
  await openLab(b, QUERY);
  const banner = b.getByTestId('resume-banner');
  await expect(banner).toHaveAttribute('data-elsewhere', 'true');
  await expect(banner).toContainText('This run is open in another tab');
  await expect(b.getByTestId('resume-button')).toHaveCount(0);

  // A is untouched by B's opening: it keeps training.
  await waitForIteration(a, (await iteration(a)) + 1, 120_000);
  await expect(a.getByTestId('run-bar')).toHaveAttribute('data-status', 'running');

  await b.getByTestId('takeover-button').click();
  await expect(b.getByTestId('run-bar')).toHaveAttribute('data-status', /running|ready/, { timeout: 60_000 });
  await expect(a.locator('[data-testid=notice][data-key=taken-over]')).toContainText('Another tab took this run over', { timeout: 60_000 });
  await expect(a.getByTestId('run-bar')).toHaveAttribute('data-status', 'empty');
  const runIds = (await storedCheckpoints(b)).filter((c) => c.kind === 'auto').map((c) => c.id);
  expect(runIds).toHaveLength(1);

  // B trains the run on and is its only writer: after B pauses the one record holds B's iteration.
  await waitForIteration(b, (await iteration(b)) + 1, 120_000);
  await b.getByTestId('pause-button').click();
  await expect(b.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  const n = await iteration(b);
  expect((await storedCheckpoints(b)).filter((c) => c.kind === 'auto').map((c) => [c.id, c.step])).toEqual([[runIds[0], n]]);

  // A starts a run of its own: a second record, never the first.
  await a.getByTestId('start-button').click();
  await waitForIteration(a, 1, 120_000);
  await a.getByTestId('pause-button').click();
  await expect(a.getByTestId('run-bar')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  const autos = (await storedCheckpoints(a)).filter((c) => c.kind === 'auto');
  expect(autos).toHaveLength(2);
  expect(autos.find((c) => c.id === runIds[0])?.step).toBe(n);
});

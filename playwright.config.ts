import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { launchOptions } from './tests/e2e/browser';

if (!existsSync('dist/index.html')) console.error('No production build in dist/: run "npm run build" first (npm test does).');

const PORT = Number(process.env.E2E_PORT || 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests against `vite preview` of the production build (`npm test` builds first; run
 * `npm run build` yourself before `npx playwright test`). One worker: the 2-core CI box trains a
 * model in each test, and SwiftShader WebGPU is 20–50x slower than wasm, hence the long timeouts.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  globalTimeout: 12 * 60_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 720 },
    launchOptions: launchOptions(),
    acceptDownloads: true,
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

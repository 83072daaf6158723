/**
 * How the e2e suite launches Chromium: Debian's /usr/bin/chromium (or CHROMIUM_PATH), else Playwright's
 * own download, with the flags that give a software WebGPU adapter (SwiftShader) on machines without a
 * GPU and that keep the browser off the network (headless Chromium offers no WebGPU adapter without them).
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
  '--ignore-gpu-blocklist',
  // Keep the browser quiet and off the network.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-breakpad',
  '--no-pings',
  '--disable-features=OptimizationHints,MediaRouter,NetworkTimeServiceQuerying,AutofillServerCommunication,Translate',
];

/** The Chromium to drive, or undefined (with a one-line fix printed) when none is installed. */
export function chromiumExecutable(): string | undefined {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(candidate)) return candidate;
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    /* no bundled browser registered */
  }
  if (bundled && existsSync(bundled)) return undefined; // Playwright's own download works: let it launch that.
  if (!process.env.__SRT_CHROMIUM_WARNED) {
    process.env.__SRT_CHROMIUM_WARNED = '1';
    console.error(
      `No Chromium found at ${candidate}: run "apt-get install chromium" (Debian/Ubuntu) or set CHROMIUM_PATH=/path/to/chromium.`,
    );
  }
  return undefined;
}

export function launchOptions(): LaunchOptions {
  return { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true };
}

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Cross-origin isolation for the dev server and preview: it lets tfjs use threaded wasm in `npm run dev`.
 * Production builds run wasm single-threaded (minified builds break tfjs's pthread workers), so a
 * static host needs no COOP/COEP headers (tests/e2e/classroom-hosting.spec.ts serves dist/ without them).
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The page's Content-Security-Policy, written once in index.html's meta tag. `vite preview` also sends
 * it as a header: a meta tag governs only the page, the header governs the engine worker too (its
 * script response carries it), so the e2e suite runs the worker under the same policy a host should send.
 */
function pagePolicy(): string {
  const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('index.html has no Content-Security-Policy meta tag');
  return m[1];
}

/** Where the tfjs wasm binaries live in the dev server and in the build; src/main.ts passes `<base>tfjs-wasm/` to the worker as wasmPaths. */
const WASM_DIR = 'tfjs-wasm';

/** Serve @tensorflow/tfjs-backend-wasm's *.wasm in dev and copy them into the build under /tfjs-wasm/. */
function tfjsWasmBinaries(): Plugin {
  const require = createRequire(import.meta.url);
  const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist';
  const files = readdirSync(distDir).filter((f) => f.endsWith('.wasm'));
  return {
    name: 'tfjs-wasm-binaries',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = req.url?.match(new RegExp(`/${WASM_DIR}/([\\w.-]+\\.wasm)(\\?.*)?$`));
        if (!m || !files.includes(m[1])) return next();
        res.setHeader('Content-Type', 'application/wasm');
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        res.end(readFileSync(join(distDir, m[1])));
      });
    },
    generateBundle() {
      for (const f of files) {
        this.emitFile({ type: 'asset', fileName: `${WASM_DIR}/${f}`, source: readFileSync(join(distDir, f)) });
      }
    },
  };
}

export default defineConfig({
  // Relative base: the static build works from any sub-path (e.g. a GitHub Pages project site).
  base: './',
  plugins: [svelte(), tfjsWasmBinaries()],
  worker: { format: 'es' },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': pagePolicy() } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
  },
});

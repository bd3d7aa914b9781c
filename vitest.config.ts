import { defineConfig } from 'vitest/config';

// One runner, one project per room: pure domain code, the sandbox, the worker inside workerd,
// the sidebar's components, and end-to-end tests that start real processes and Chromium.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    // A passing test's console output is noise; a failing one's is kept to explain it.
    silent: 'passed-only',
    projects: [
      { test: { name: 'shared', include: ['shared/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'sandbox', include: ['sandbox/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      'worker/vitest.config.ts',
      { test: { name: 'app', include: ['app/**/*.test.{ts,tsx}'], environment: 'jsdom' } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});

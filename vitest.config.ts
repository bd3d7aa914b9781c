import { defineConfig } from 'vitest/config';

// One runner, one project per room: pure domain code, the sandbox, the worker inside workerd,
// and end-to-end tests that start real processes.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'sandbox', include: ['sandbox/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
    ],
  },
});

import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { freePort } from '../sandbox/lib/ports.ts';
import { TEST_ZENDESK } from './test/zendesk-test-account.ts';

export default defineProject(async () => {
  const port = Number(process.env.TIERWISE_TEST_ZENDESK_PORT ?? (await freePort()));
  process.env.TIERWISE_TEST_ZENDESK_PORT = String(port);
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(import.meta.dirname, '..', 'wrangler.toml') },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ZENDESK_BASE_URL: `http://127.0.0.1:${port}`,
            ZENDESK_EMAIL: TEST_ZENDESK.email,
            ZENDESK_API_TOKEN: TEST_ZENDESK.apiToken,
            ZENDESK_WEBHOOK_SECRET: TEST_ZENDESK.webhookSecret,
            TIERWISE_API_TOKEN: TEST_ZENDESK.workerToken,
            // The budget itself is tested on its own; here it must not slow the other tests down.
            ZENDESK_RATE_LIMIT_PER_MINUTE: '60000',
          },
        },
      }),
    ],
    test: {
      name: 'worker',
      include: ['test/**/*.test.ts'],
      root: import.meta.dirname,
      globalSetup: ['test/global-setup.ts'],
      setupFiles: ['test/apply-migrations.ts'],
      testTimeout: 30_000,
      fileParallelism: false,
    },
  };
});

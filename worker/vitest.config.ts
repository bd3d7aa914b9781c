import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { freePort } from '../sandbox/lib/ports.ts';
import { sinkDestinations } from '../sandbox/chat/robots.ts';
import { SEED_INSTALLATION_ID } from '../sandbox/zendesk/seed.ts';
import { TEST_ZENDESK } from './test/zendesk-test-account.ts';

export default defineProject(async () => {
  const port = Number(process.env.TIERWISE_TEST_ZENDESK_PORT ?? (await freePort()));
  process.env.TIERWISE_TEST_ZENDESK_PORT = String(port);
  const chatPort = Number(process.env.TIERWISE_TEST_CHAT_PORT ?? (await freePort()));
  process.env.TIERWISE_TEST_CHAT_PORT = String(chatPort);
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
            TIERWISE_INSTALLATION_ID: String(SEED_INSTALLATION_ID),
            // The budget itself is tested on its own; here it must not slow the other tests down.
            ZENDESK_RATE_LIMIT_PER_MINUTE: '60000',
            // Chat alerts go to the local chat sink (a real server, started in global-setup);
            // they fire only for tickets whose app settings route them (alert_routes).
            ALERT_DESTINATIONS: JSON.stringify(sinkDestinations(`http://127.0.0.1:${chatPort}`)),
            ALERT_ALLOW_LOOPBACK: 'true',
            TEST_CHAT_URL: `http://127.0.0.1:${chatPort}`,
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

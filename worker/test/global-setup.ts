/** Starts the Zendesk simulator (a real HTTP server) that the worker under test calls. */
import type { TestProject } from 'vitest/node';
import { startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

let simulator: RunningSimulator | undefined;

export async function setup(_project: TestProject): Promise<void> {
  simulator = await startZendeskSimulator({
    port: Number(process.env.TIERWISE_TEST_ZENDESK_PORT),
    email: TEST_ZENDESK.email,
    apiToken: TEST_ZENDESK.apiToken,
    rateLimitPerMinute: 0,
    webhookSecret: TEST_ZENDESK.webhookSecret,
  });
}

export async function teardown(): Promise<void> {
  await simulator?.close();
}

/** Starts the Zendesk simulator and the chat sink (real HTTP servers) that the worker under test calls. */
import type { TestProject } from 'vitest/node';
import { startChatSink, type RunningChatSink } from '../../sandbox/chat/server.ts';
import { startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

let simulator: RunningSimulator | undefined;
let chat: RunningChatSink | undefined;

export async function setup(_project: TestProject): Promise<void> {
  simulator = await startZendeskSimulator({
    port: Number(process.env.TIERWISE_TEST_ZENDESK_PORT),
    email: TEST_ZENDESK.email,
    apiToken: TEST_ZENDESK.apiToken,
    rateLimitPerMinute: 0,
    webhookSecret: TEST_ZENDESK.webhookSecret,
  });
  chat = await startChatSink({ port: Number(process.env.TIERWISE_TEST_CHAT_PORT) });
}

export async function teardown(): Promise<void> {
  await simulator?.close();
  await chat?.close();
}

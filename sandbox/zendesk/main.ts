// `tsx sandbox/zendesk/main.ts`: run the simulator from environment variables.
import { startZendeskSimulator } from './server.ts';

const env = process.env;
const port = Number(env.SANDBOX_ZENDESK_PORT ?? 4010);
const rate = env.SANDBOX_RATE_LIMIT;

const sim = await startZendeskSimulator({
  port: Number.isFinite(port) ? port : 4010,
  ...(env.ZENDESK_EMAIL ? { email: env.ZENDESK_EMAIL } : {}),
  ...(env.ZENDESK_API_TOKEN ? { apiToken: env.ZENDESK_API_TOKEN } : {}),
  ...(env.ZENDESK_WEBHOOK_SECRET ? { webhookSecret: env.ZENDESK_WEBHOOK_SECRET } : {}),
  ...(env.TIERWISE_WEBHOOK_URL ? { webhookTargetUrl: env.TIERWISE_WEBHOOK_URL } : {}),
  ...(rate !== undefined && rate !== '' && Number.isFinite(Number(rate)) ? { rateLimitPerMinute: Number(rate) } : {}),
});
console.log(`Zendesk simulator listening on ${sim.url}`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

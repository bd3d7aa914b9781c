/**
 * Run the local agent view against a running Zendesk simulator:
 *
 *   npx tsx sandbox/agent-view/main.ts
 *
 * Environment: AGENT_VIEW_PORT (4020), AGENT_VIEW_HOST (127.0.0.1), SANDBOX_ZENDESK_PORT (4010)
 * or ZENDESK_URL, ZENDESK_EMAIL (admin@tierwise.test), ZENDESK_API_TOKEN (sandbox-token),
 * TIERWISE_WORKER_URL (the app's worker_url setting), TIERWISE_API_TOKEN (the secure
 * worker_token setting), AGENT_VIEW_POLL_MS (3000), AGENT_VIEW_ASSETS (<repo>/assets).
 */
import { startAgentView } from './server.ts';

const env = process.env;
const zendeskUrl = env['ZENDESK_URL'] ?? `http://127.0.0.1:${env['SANDBOX_ZENDESK_PORT'] ?? '4010'}`;
const secureSettings: Record<string, string> = {};
if (env['TIERWISE_API_TOKEN']) secureSettings['worker_token'] = env['TIERWISE_API_TOKEN'];

const view = await startAgentView({
  port: Number(env['AGENT_VIEW_PORT'] ?? 4020),
  host: env['AGENT_VIEW_HOST'] ?? '127.0.0.1',
  zendeskUrl,
  zendeskEmail: env['ZENDESK_EMAIL'] ?? 'admin@tierwise.test',
  zendeskApiToken: env['ZENDESK_API_TOKEN'] ?? 'sandbox-token',
  secureSettings,
  ...(env['TIERWISE_WORKER_URL'] ? { settingOverrides: { worker_url: env['TIERWISE_WORKER_URL'] } } : {}),
  ...(env['AGENT_VIEW_POLL_MS'] ? { pollMs: Number(env['AGENT_VIEW_POLL_MS']) } : {}),
  ...(env['AGENT_VIEW_ASSETS'] ? { assetsDir: env['AGENT_VIEW_ASSETS'] } : {}),
});

console.log(`Tierwise agent view: ${view.url} (Zendesk: ${zendeskUrl})`);

const stop = async () => {
  await view.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

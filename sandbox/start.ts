/**
 * `npm start`: the whole of Tierwise on one machine, no Zendesk account needed.
 *   Zendesk simulator  -> signed webhooks ->  worker (wrangler dev: workerd, local D1 + DOs)
 *   worker             -> Zendesk API     ->  simulator
 *   agent view         -> hosts the built sidebar bundle, backed by the simulator
 * Then it files the demo tickets (sandbox/demo-tickets.ts) and prints where to look.
 * Ctrl-C stops every child process.
 *
 * Every run starts from nothing: the simulator keeps its tickets in memory, so it starts afresh
 * and numbers the demo tickets 1, 2 and 3 again; the worker's local D1 and Durable Objects are
 * wiped to match, or they would remember the last run's tickets (their tier already
 * applied, their escalations already taken) and the demo would not play.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startAgentView } from './agent-view/server.ts';
import { startSandboxChat } from './chat/sandbox.ts';
import { sandboxSettings, paceFromEnv } from './demo-settings.ts';
import { loadDevVars, REPO_ROOT } from './lib/dev-vars.ts';
import { portFromEnv } from './lib/ports.ts';
import { startWorker } from './lib/worker-process.ts';
import { demoTicketLines, fileDemoTickets } from './demo-tickets.ts';
import { historyFromEnv, historyWorkerVars } from './history/config.ts';
import { seedHistory } from './history/seed.ts';
import { buildApp } from './lib/build-app.ts';
import { startZendeskSimulator } from './zendesk/server.ts';

/** The agent view hosts the built bundle (assets/ is build output), so build it first. */
function buildSidebar(): void {
  const result = buildApp({ stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the sidebar app (vite build) failed; see above');
  console.log('Sidebar app        built into assets/ (iframe.html + bundle)');
}

/** The worker's local state for this run: SANDBOX_STATE_DIR (default .wrangler/sandbox-state), emptied first. */
function freshStateDir(): string {
  const dir = path.resolve(REPO_ROOT, process.env.SANDBOX_STATE_DIR || path.join('.wrangler', 'sandbox-state'));
  if (!path.relative(dir, REPO_ROOT).startsWith('..') || path.parse(dir).root === dir) throw new Error(`SANDBOX_STATE_DIR must be a folder of its own, not the repository or one of its parents (got "${dir}")`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

async function main(): Promise<void> {
  const vars = loadDevVars();
  const zendeskPort = portFromEnv('SANDBOX_ZENDESK_PORT', 4010);
  const workerPort = portFromEnv('WORKER_PORT', 8787);
  const agentViewPort = portFromEnv('AGENT_VIEW_PORT', 4020);
  const chatPort = portFromEnv('SANDBOX_CHAT_PORT', 4030);
  const pace = paceFromEnv(process.env.SANDBOX_PACE);
  const history = historyFromEnv(process.env);
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const email = vars.ZENDESK_EMAIL ?? 'admin@tierwise.test';
  const apiToken = vars.ZENDESK_API_TOKEN ?? 'sandbox-token';
  const sidebarToken = vars.TIERWISE_API_TOKEN ?? 'sandbox-sidebar-token';

  const chat = await startSandboxChat(chatPort, `http://127.0.0.1:${agentViewPort}`);
  const simulator = await startZendeskSimulator({
    port: zendeskPort,
    email,
    apiToken,
    webhookSecret: vars.ZENDESK_WEBHOOK_SECRET ?? 'sandbox-webhook-secret',
    webhookTargetUrl: `${workerUrl}/webhooks/zendesk`,
    appSettings: { ...sandboxSettings(pace, workerUrl), ...chat.appSettings },
    secureAppSettings: { worker_token: sidebarToken },
  });
  console.log(`Zendesk simulator  ${simulator.url}  (API: /api/v2, controls: /__admin)`);

  let stopping = false;
  const cleanups: Array<() => Promise<void>> = [() => chat.sink.close(), () => simulator.close()];
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const worker = await startWorker({
      port: workerPort,
      persistDir: freshStateDir(),
      vars: { ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: email, ZENDESK_API_TOKEN: apiToken, ZENDESK_WEBHOOK_SECRET: vars.ZENDESK_WEBHOOK_SECRET ?? 'sandbox-webhook-secret', TIERWISE_API_TOKEN: sidebarToken, ...chat.workerVars, ...historyWorkerVars(history) },
      testScheduled: history.enabled,
      verbose: process.env.SANDBOX_VERBOSE === '1',
    });
    cleanups.push(() => worker.stop());
    console.log(`Tierwise worker    ${worker.url}  (POST /webhooks/zendesk, GET /health)`);

    buildSidebar();
    const agentView = await startAgentView({ port: agentViewPort, zendeskUrl: simulator.url, zendeskEmail: email, zendeskApiToken: apiToken, secureSettings: { worker_token: sidebarToken }, chatUrl: chat.sink.url });
    cleanups.push(() => agentView.close());
    console.log(`Agent view         ${agentView.url}  (the sidebar app inside a local ticket view)`);
    console.log(`Service dashboard  ${agentView.url}/dashboard  (nav bar and top bar apps; figures from the worker's reports API)`);
    console.log(`Chat sink          ${chat.sink.url}  (WeCom, DingTalk, Feishu/Lark, Slack, Teams; alerts at ${agentView.url}/chat)`);

    const demo = await fileDemoTickets(simulator.url, { email, apiToken });
    for (const line of demoTicketLines(agentView.url, demo)) console.log(line);
    if (history.enabled) {
      const past = await seedHistory({ zendeskUrl: simulator.url, workerUrl: worker.url, email, apiToken, webhookSecret: vars.ZENDESK_WEBHOOK_SECRET ?? 'sandbox-webhook-secret', workerToken: sidebarToken, appSettings: sandboxSettings(pace, workerUrl), days: history.days, tickets: history.tickets });
      console.log(`History            ${past.tickets} past tickets over ${history.days} days and ${past.ratings} CSAT ratings filed in ${Math.round(past.ms / 1000)} s; the worker records them in the background (SANDBOX_HISTORY=0 skips this)`);
      past.recorded.then(
        (ms) => console.log(`History            recorded by the worker: the dashboard's past is complete (${Math.round(ms / 1000)} s after the start of the history)`),
        (error: unknown) => console.error(`History            not complete: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    console.log(`Pace               ${pace === 'demo' ? 'demo: first response 20-60 s, L1 after 60 s, L2 after 110 s (SANDBOX_PACE=real for the hours of docs/rules.md)' : 'real: the defaults of docs/rules.md'}`);
    console.log('Tierwise sandbox ready. Press Ctrl-C to stop.');
  } catch (error) {
    console.error(`Tierwise sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

try {
  await main();
} catch (error) {
  // Bad configuration (a port or pace that is not valid): say which, without a stack trace.
  console.error(`Tierwise sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

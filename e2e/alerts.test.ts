/**
 * Escalation alerts end to end with real processes: the Zendesk simulator, the worker under
 * `wrangler dev` and the local chat sink, which checks each platform's signature, timestamp and
 * shape. A basic ticket's L1 and L2 must appear in all five formats, each exactly once, also when
 * the worker's process group is SIGKILLed while an alert's request is out and then restarted on
 * its persisted state: lost 0, duplicated 0. The local agent view's `/chat` page, opened in
 * Chromium, shows each of those alerts under its platform's name, as the sink received it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../shared/alerts/destinations.ts';
import { PLATFORM_NAMES } from '../sandbox/agent-view/routes/chat.ts';
import { startAgentView, type AgentView } from '../sandbox/agent-view/server.ts';
import { SANDBOX_DESTINATION_NAMES, sinkDestinations } from '../sandbox/chat/robots.ts';
import { startChatSink, type ReceivedMessage, type RunningChatSink } from '../sandbox/chat/server.ts';
import { fileTicket } from '../sandbox/demo-tickets.ts';
import { freePort } from '../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker, type WorkerOptions } from '../sandbox/lib/worker-process.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../sandbox/zendesk/server.ts';
import { launchChromium, SCREENSHOTS } from './browser/helpers.ts';

const creds = { email: 'admin@tierwise.test', apiToken: 'e2e-token' };
const secret = 'e2e-webhook-secret';
let simulator: RunningSimulator;
let sink: RunningChatSink;
let worker: RunningWorker;
let workerOptions: WorkerOptions;
let stateDir: string;
let view: AgentView;
/** The ticket whose L1 and L2 reached every platform (the first test). */
let escalatedId: number | null = null;

/** Which of the step's alerts arrived in the groups, per platform: [ticket, step, platform] -> count. */
function tally(messages: readonly ReceivedMessage[], ticketId: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages) {
    if (!m.accepted || !m.text.includes(`#${ticketId}`)) continue;
    const step = /L2/.test(m.text) ? 'l2' : /L1/.test(m.text) ? 'l1' : 'other';
    counts[`${step}:${m.platform}`] = (counts[`${step}:${m.platform}`] ?? 0) + 1;
  }
  return counts;
}

const expected = Object.fromEntries(['l1', 'l2'].flatMap((step) => PLATFORMS.map((p) => [`${step}:${p}`, 1])));

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

beforeAll(async () => {
  const workerPort = await freePort();
  sink = await startChatSink({ port: 0 });
  simulator = await startZendeskSimulator({
    port: 0,
    ...creds,
    webhookSecret: secret,
    webhookTargetUrl: `http://127.0.0.1:${workerPort}/webhooks/zendesk`,
    appSettings: {
      sla_presale_hours: 2 / 3600,
      escalation_l1_hours: 4 / 3600,
      escalation_l2_hours: 12 / 3600,
      alert_routes: `l1 l2 -> ${Object.values(SANDBOX_DESTINATION_NAMES).join(', ')}`,
    },
  });
  stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-e2e-alerts-'));
  workerOptions = {
    port: workerPort,
    persistDir: stateDir,
    vars: {
      ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: creds.email, ZENDESK_API_TOKEN: creds.apiToken, ZENDESK_WEBHOOK_SECRET: secret, TIERWISE_API_TOKEN: 'e2e-sidebar-token',
      ALERT_DESTINATIONS: JSON.stringify(sinkDestinations(sink.url)), ALERT_ALLOW_LOOPBACK: 'true',
    },
  };
  worker = await startWorker(workerOptions);
});

afterAll(async () => {
  await view?.close();
  await worker?.stop();
  await simulator?.close();
  await sink?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('escalation alerts in chat', () => {
  it('an untouched basic ticket announces its L1 and L2 once in each of the five formats', async () => {
    const id = await fileTicket(simulator.url, creds, SEED_EMAILS.basicCustomer, 'Nobody answers', ['scene_presale']);
    await waitFor(() => Object.keys(tally(sink.messages(), id)).length >= 10, 45_000);
    await new Promise((r) => setTimeout(r, 3_000)); // room for a duplicate to show up
    expect(tally(sink.messages(), id)).toEqual(expected);
    escalatedId = id;
    const slack = sink.messages().find((m) => m.platform === 'slack' && m.text.includes(`#${id} escalated to L1`))!;
    expect(JSON.stringify(slack.body)).toContain(`${simulator.url}/agent/tickets/${id}`);
    // Signed platforms checked the signature: nothing was refused.
    expect(sink.messages().filter((m) => !m.accepted)).toEqual([]);
  });

  it("the agent view's /chat page shows each alert under its platform's name, as the group received it", async () => {
    expect(escalatedId).not.toBeNull();
    const id = escalatedId!;
    view = await startAgentView({ port: 0, zendeskUrl: simulator.url, zendeskEmail: creds.email, zendeskApiToken: creds.apiToken, chatUrl: sink.url });
    const alerts = sink.messages().filter((m) => m.accepted && m.text.includes(`#${id}`));
    expect(alerts).toHaveLength(10);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      const response = await page.goto(`${view.url}/chat`);
      expect(response?.status()).toBe(200);
      for (const platform of PLATFORMS) {
        for (const step of ['L1', 'L2']) {
          const alert = alerts.find((m) => m.platform === platform && (step === 'L2' ? /L2/.test(m.text) : /L1/.test(m.text) && !/L2/.test(m.text)))!;
          expect(alert, `${step} on ${platform}`).toBeDefined();
          const shown = page.locator('article').filter({ hasText: `#${alert.seq} · ${PLATFORM_NAMES[platform]!}` });
          await expect.poll(() => shown.count()).toBe(1);
          expect(await shown.locator('.meta').innerText()).toContain('shown in the group');
          expect((await shown.locator('pre').innerText()).trim()).toBe(alert.text.trim());
        }
      }
      expect(await page.locator('article.refused').count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'chat-alerts.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('the worker killed while an alert is out, then restarted: lost 0, duplicated 0', async () => {
    // The next Slack alert is taken by the sink and never answered, as if the platform hung.
    await fetch(`${sink.url}/__admin/fail`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ platform: 'slack', answer: 'hold', times: 1 }) });
    const id = await fileTicket(simulator.url, creds, SEED_EMAILS.basicCustomer, 'Still nobody', ['scene_presale']);
    await waitFor(() => sink.messages().some((m) => m.platform === 'slack' && m.status === null && m.text.includes(`#${id}`)), 30_000);
    expect(sink.messages().some((m) => m.platform === 'slack' && m.status === null && m.text.includes(`#${id}`))).toBe(true);
    await worker.kill();
    await fetch(`${sink.url}/__admin/release`, { method: 'POST' });
    worker = await startWorker(workerOptions);
    await waitFor(() => Object.keys(tally(sink.messages(), id)).length >= 10, 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const counts = tally(sink.messages(), id);
    const lost = Object.keys(expected).filter((k) => !counts[k]);
    const duplicated = Object.entries(counts).filter(([, n]) => n > 1).map(([k]) => k);
    expect({ lost, duplicated }).toEqual({ lost: [], duplicated: [] });
  });
});

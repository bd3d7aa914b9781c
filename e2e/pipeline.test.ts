/**
 * End to end with real processes: the Zendesk simulator and the worker under `wrangler dev`,
 * wired by signed webhooks. A core customer's new ticket must become high with the tier tag,
 * and (at the demo pace) a basic customer's untouched ticket must climb the escalation ladder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTicket } from '../sandbox/demo-tickets.ts';
import { freePort } from '../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker } from '../sandbox/lib/worker-process.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../sandbox/zendesk/server.ts';
import { fetchAuditTrail } from '../sandbox/lib/audit-trail.ts';

const creds = { email: 'admin@tierwise.test', apiToken: 'e2e-token' };
const secret = 'e2e-webhook-secret';
let simulator: RunningSimulator;
let worker: RunningWorker;
let stateDir: string;

interface Ticket {
  id: number;
  priority: string | null;
  tags: string[];
  group_id: number | null;
}

async function getTicket(id: number): Promise<Ticket> {
  const response = await fetch(`${simulator.url}/api/v2/tickets/${id}.json`, { headers: { Authorization: `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}` } });
  return ((await response.json()) as { ticket: Ticket }).ticket;
}

async function waitFor(id: number, done: (t: Ticket) => boolean, timeoutMs: number): Promise<Ticket> {
  const deadline = Date.now() + timeoutMs;
  let ticket = await getTicket(id);
  while (!done(ticket) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    ticket = await getTicket(id);
  }
  return ticket;
}

beforeAll(async () => {
  const workerPort = await freePort();
  simulator = await startZendeskSimulator({
    port: 0,
    ...creds,
    webhookSecret: secret,
    webhookTargetUrl: `http://127.0.0.1:${workerPort}/webhooks/zendesk`,
    // Seconds instead of hours, so the ladder can be watched inside a test.
    appSettings: { sla_presale_hours: 2 / 3600, escalation_l1_hours: 4 / 3600, escalation_l2_hours: 8 / 3600 },
  });
  stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-e2e-'));
  worker = await startWorker({
    port: workerPort,
    persistDir: stateDir,
    vars: { ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: creds.email, ZENDESK_API_TOKEN: creds.apiToken, ZENDESK_WEBHOOK_SECRET: secret, TIERWISE_API_TOKEN: 'e2e-sidebar-token' },
  });
});

afterAll(async () => {
  await worker?.stop();
  await simulator?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('the whole system on one machine', () => {
  it('a new ticket from a core customer becomes high with the tier tag within seconds', async () => {
    const id = await fileTicket(simulator.url, creds, SEED_EMAILS.coreCustomer, 'Order status?', ['scene_insale']);
    const ticket = await waitFor(id, (t) => t.priority === 'high', 10_000);
    expect(ticket.priority).toBe('high');
    expect(ticket.tags).toContain('tierwise_tier_core');
  });

  it('an untouched basic ticket is moved to Supervisors, then Department heads are brought in at urgent', async () => {
    const groups = simulator.ids!.groups;
    const id = await fileTicket(simulator.url, creds, SEED_EMAILS.basicCustomer, 'Nobody answers', ['scene_presale']);
    const l1 = await waitFor(id, (t) => t.tags.includes('tierwise_escalated_l1'), 15_000);
    expect(l1.group_id).toBe(groups.supervisors);
    const l2 = await waitFor(id, (t) => t.tags.includes('tierwise_escalated_l2'), 15_000);
    // L2 brings the department heads in as followers by default (docs/rules.md): the group stays.
    expect(l2.group_id).toBe(groups.supervisors);
    expect((l2 as unknown as { follower_ids: number[] }).follower_ids).toEqual([simulator.ids!.users.departmentHead]);
    expect(l2.priority).toBe('urgent');
    expect(l2.tags).toEqual(expect.arrayContaining(['tierwise_sla_at_risk', 'tierwise_sla_breached']));
    const zendeskAuth = `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}`;
    const audit = await fetchAuditTrail({ workerUrl: worker.url, token: 'e2e-sidebar-token', zendeskUrl: simulator.url, zendeskAuth }, id);
    const steps = ((await audit.json()) as { audit: Array<{ step: string }> }).audit.map((r) => r.step).sort();
    expect(steps).toEqual(['at_risk', 'breached', 'l1', 'l2', 'tier']);
  });
});

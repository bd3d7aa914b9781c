/**
 * On Cloudflare ticket objects run on many isolates, each with a cold memory: the settings and
 * customers every object needs come from the entries all isolates share, not from Zendesk again.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { customerObject } from '../src/objects.ts';
import { clearIsolateCaches } from '../src/zendesk/account.ts';
import { readShared, writeShared } from '../src/zendesk/shared-cache.ts';
import type { ZendeskBudget } from '../src/zendesk/rate-budget.ts';
import { createTicket, deliver, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject as ticketObjectFor, zendesk } from './helpers.ts';

async function newCustomer(): Promise<{ orgId: number; email: string }> {
  const stamp = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const { organization } = await zendesk<{ organization: { id: number } }>('POST', '/api/v2/organizations.json', { organization: { name: `Shared Co ${stamp}`, organization_fields: { annual_spend: 20_000 } } });
  const email = `shared-${stamp}@example.com`;
  await zendesk('POST', '/api/v2/users.json', { user: { name: 'Shared buyer', email, role: 'end-user', organization_id: organization.id } });
  return { orgId: organization.id, email };
}

/** The worker's Zendesk calls for one created ticket, run as if on a cold isolate. */
async function callsForNewTicket(email: string): Promise<string[]> {
  const ticket = await createTicket(email);
  clearIsolateCaches();
  const since = await lastRequestSeq();
  await deliver(ticketEvent(ticket));
  await settle(ticket.id);
  return (await requestsSince(since)).map((c) => `${c.method} ${c.path.split('?')[0]!.replace(/\/\d+/g, '/:id')}`);
}

describe('the Zendesk reads every isolate shares', () => {
  it('a ticket object on a cold isolate reads neither the settings nor a known customer again', async () => {
    const { email } = await newCustomer();
    expect(await callsForNewTicket(email)).toContain('GET /api/v2/users/show_many.json');
    const second = await callsForNewTicket(email);
    expect(second.filter((c) => !c.includes('/tickets/'))).toEqual([]);
    expect(second).toContain('PUT /api/v2/tickets/:id.json');
  });

  it("a change event for the customer's organization drops the shared entry: the next ticket reads the new data", async () => {
    const { orgId, email } = await newCustomer();
    const first = await createTicket(email);
    await deliver(ticketEvent(first));
    await settle(first.id);
    // Solved: the change re-evaluates no open ticket, so only the dropped entry can bring the new data.
    await zendesk('PUT', `/api/v2/tickets/${first.id}.json`, { ticket: { status: 'solved' } });
    await zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650_000 } } });
    const event = { type: 'zen:event-type:organization.custom_field_changed', account_id: 1, id: `shared-org-${orgId}`, time: new Date().toISOString(), zendesk_event_version: '2022-06-20', subject: `zen:organization:${orgId}`, detail: { id: String(orgId) }, event: { current: 650000, previous: 20000 } };
    expect((await deliver(event)).status).toBe(202);
    await runDurableObjectAlarm(customerObject(env, 'organization', orgId));
    expect(await callsForNewTicket(email)).toContain('GET /api/v2/users/show_many.json');
  });

  it('a ticket the sweep re-reads after an outage reads its customer afresh, not the shared entry from before', async () => {
    const { orgId, email } = await newCustomer();
    const ticket = await createTicket(email);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    // While the worker is down: the customer crosses the core threshold (its event is lost), the
    // ticket changes in a later second than the version the object applied.
    await new Promise((r) => setTimeout(r, 1_100));
    await zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650_000 } } });
    const { ticket: changed } = await zendesk<{ ticket: { updated_at: string } }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'closed' } });
    clearIsolateCaches();
    const since = await lastRequestSeq();
    expect(await ticketObjectFor(ticket.id).reconcile(ticket.id, changed.updated_at)).toBe('armed');
    await settle(ticket.id);
    const calls = (await requestsSince(since)).map((c) => `${c.method} ${c.path.split('?')[0]!.replace(/\/\d+/g, '/:id')} ${c.status}`);
    expect(calls).toContain('GET /api/v2/users/:id.json 200');
    // Closed tickets cannot be updated: the new tier's change is refused by Zendesk, sent once.
    expect(calls.filter((c) => c.startsWith('PUT'))).toEqual(['PUT /api/v2/tickets/:id.json 422']);
  });

  it('an expired entry is refreshed by one caller; the others keep its value meanwhile (one Zendesk read per expiry)', async () => {
    await writeShared(env.DB, 'lease.test', 'settings', { value: '"old"' }, 1_000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => readShared(env.DB, 'lease.test', 'settings', 2_000)));
    expect(answers.filter((a) => a === null)).toHaveLength(1);
    expect(answers.filter((a) => a === '"old"')).toHaveLength(7);
  });

  it('the request budget keeps its place when its object is evicted (at most a second behind, no fresh burst)', async () => {
    const stub = env.ZENDESK_BUDGET.get(env.ZENDESK_BUDGET.idFromName('budget-evicted'));
    const { kept, restarted } = await runInDurableObject(stub, (budget: ZendeskBudget, state) => {
      const t0 = 1_000_000;
      for (let i = 0; i < 40; i++) budget.reserve(200, Number.POSITIVE_INFINITY, t0); // the burst and 20 more
      const evicted = new (budget.constructor as new (s: DurableObjectState, e: typeof env) => ZendeskBudget)(state, env);
      return { kept: budget.reserve(200, Number.POSITIVE_INFINITY, t0).waitMs, restarted: evicted.reserve(200, Number.POSITIVE_INFINITY, t0).waitMs };
    });
    expect(kept).toBe(6_300);
    expect(restarted).toBeGreaterThan(kept - 1_000);
  });
});

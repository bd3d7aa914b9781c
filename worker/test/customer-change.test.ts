/** Tiers are re-evaluated when the customer's data changes, for every open ticket of theirs. */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { customerObject } from '../src/objects.ts';
import { createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, zendesk } from './helpers.ts';

async function newCustomer(spend: number): Promise<{ orgId: number; email: string }> {
  const stamp = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const { organization } = await zendesk<{ organization: { id: number } }>('POST', '/api/v2/organizations.json', { organization: { name: `Growing Co ${stamp}`, organization_fields: { annual_spend: spend } } });
  const email = `buyer-${stamp}@example.com`;
  await zendesk('POST', '/api/v2/users.json', { user: { name: 'Buyer', email, role: 'end-user', organization_id: organization.id } });
  return { orgId: organization.id, email };
}

async function waitForTicket(id: number, done: (t: Awaited<ReturnType<typeof getTicket>>) => boolean) {
  const deadline = Date.now() + 10_000;
  let ticket = await getTicket(id);
  while (!done(ticket) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    ticket = await getTicket(id);
  }
  return ticket;
}

describe('customer data changes', () => {
  it('an organization that crosses the core threshold lifts its open tickets to core', async () => {
    const { orgId, email } = await newCustomer(20_000);
    const ticket = await createTicket(email);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    expect((await getTicket(ticket.id)).tags).toContain('tierwise_tier_basic');

    await zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650_000 } } });
    const event = { type: 'zen:event-type:organization.custom_field_changed', account_id: 1, id: `org-change-${orgId}`, time: new Date().toISOString(), zendesk_event_version: '2022-06-20', subject: `zen:organization:${orgId}`, detail: { id: String(orgId) }, event: { current: 650000, previous: 20000 } };
    const response = await deliver(event);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted', organization_id: orgId });

    const after = await waitForTicket(ticket.id, (t) => t.tags.includes('tierwise_tier_core'));
    expect(after.tags).toContain('tierwise_tier_core');
    expect(after.tags).not.toContain('tierwise_tier_basic');
    expect(after.priority).toBe('high');
  });

  it('a change of a field that decides no tier (the last interaction) re-evaluates no ticket', async () => {
    const { orgId } = await newCustomer(20_000);
    const event = (field: string, id: string) => ({ type: 'zen:event-type:organization.custom_field_changed', account_id: 1, id, time: new Date().toISOString(), zendesk_event_version: '2022-06-20', subject: `zen:organization:${orgId}`, detail: { id: String(orgId) }, event: { current: '2026-11-29', previous: null, custom_field: { id: '1', key: field, title: field, field_type: 'date' } } });
    const since = await lastRequestSeq();
    expect((await deliver(event('last_interaction', `li-${orgId}`))).status).toBe(202);
    await runDurableObjectAlarm(customerObject(env, 'organization', orgId));
    expect(await requestsSince(since, { path: '/api/v2/search.json' })).toEqual([]);
    // The spend changing in the same save still counts.
    expect((await deliver(event('annual_spend', `as-${orgId}`))).status).toBe(202);
    expect((await deliver(event('last_interaction', `li2-${orgId}`))).status).toBe(202);
    await runDurableObjectAlarm(customerObject(env, 'organization', orgId));
    expect((await requestsSince(since, { path: '/api/v2/search.json' })).length).toBeGreaterThan(0);
  });

  it('a genuine customer event that names no customer is acknowledged (no circuit-breaker error) and says why', async () => {
    const response = await deliver({ type: 'zen:event-type:user.custom_field_changed', id: 'x', subject: 'zen:organization:5', detail: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ignored', reason: 'subject: must be zen:user:<id>' });
  });
});

/**
 * A customer's data change reaches every open ticket of theirs in slices that fit one
 * invocation's subrequest limit: progress is saved between alarms, a retry repeats no slice,
 * and a change that arrives meanwhile is kept for a fan-out of its own.
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { SLICE_TICKETS } from '../src/customer/customer-refresh.ts';
import { customerObject } from '../src/objects.ts';
import { admin, createTicket, deliver, getTicket, lastRequestSeq, requestsSince, zendesk } from './helpers.ts';

const TICKETS = 2 * SLICE_TICKETS + 5;

afterEach(async () => {
  await admin('DELETE', '/faults');
});

async function customerWithTickets(count: number): Promise<{ orgId: number; ticketIds: number[] }> {
  const stamp = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const { organization } = await zendesk<{ organization: { id: number } }>('POST', '/api/v2/organizations.json', { organization: { name: `Fan-out Co ${stamp}`, organization_fields: { annual_spend: 20_000 } } });
  const email = `fan-out-${stamp}@example.com`;
  await zendesk('POST', '/api/v2/users.json', { user: { name: 'Buyer', email, role: 'end-user', organization_id: organization.id } });
  const ticketIds: number[] = [];
  for (let i = 0; i < count; i++) ticketIds.push((await createTicket(email)).id);
  return { orgId: organization.id, ticketIds };
}

function spendChanged(orgId: number, id: string): Record<string, unknown> {
  return { type: 'zen:event-type:organization.custom_field_changed', account_id: 1, id, time: new Date().toISOString(), zendesk_event_version: '2022-06-20', subject: `zen:organization:${orgId}`, detail: { id: String(orgId) }, event: { current: 650_000, previous: 20_000, custom_field: { id: '1', key: 'annual_spend', title: 'Annual spend', field_type: 'decimal' } } };
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function allCore(ticketIds: number[]): Promise<boolean> {
  for (const id of ticketIds) if (!(await getTicket(id)).tags.includes('tierwise_tier_core')) return false;
  return true;
}

/** The searches for this organization's tickets: the query's cursor (null for the first slice) and the answer's status. */
async function searches(since: number, orgId: number): Promise<Array<{ cursor: string | null; perPage: number; status: number }>> {
  const log = (await admin<{ requests: Array<{ query: string; status: number }> }>('GET', `/requests?since=${since}&path=/api/v2/search.json`)).requests;
  return log
    .map((r) => ({ params: new URLSearchParams(r.query), status: r.status }))
    .filter(({ params }) => params.get('query')?.includes(`organization:${orgId}`))
    .map(({ params, status }) => ({ cursor: /created>=(\S+)/.exec(params.get('query')!)?.[1] ?? null, perPage: Number(params.get('per_page')), status }));
}

describe('a customer change fanned out to many open tickets', () => {
  it('hands the tickets on a slice per alarm, each slice one search page from where the last one ended', async () => {
    const { orgId, ticketIds } = await customerWithTickets(TICKETS);
    const since = await lastRequestSeq();
    await zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650_000 } } });
    expect((await deliver(spendChanged(orgId, `fan-out-${orgId}`))).status).toBe(202);
    await until('every ticket core', () => allCore(ticketIds), Boolean);
    await until('fan-out finished', () => customerObject(env, 'organization', orgId).view(), (v) => v.fanOut === null && v.pending === null);
    const pages = await searches(since, orgId);
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages[0]!.cursor).toBeNull();
    expect(pages.slice(1).every((p) => p.cursor !== null)).toBe(true);
    expect(pages.every((p) => p.perPage <= 100)).toBe(true);
  }, 60_000);

  it('after a failure mid fan-out, repeats no slice and keeps a change that arrived meanwhile', async () => {
    const { orgId, ticketIds } = await customerWithTickets(TICKETS);
    const refresh = customerObject(env, 'organization', orgId);
    const since = await lastRequestSeq();
    await zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650_000 } } });
    await admin('POST', '/faults', { latencyMs: 600 });
    await deliver(spendChanged(orgId, `first-${orgId}`));
    await until('first slice handed on', () => refresh.view(), (v) => (v.fanOut?.handedOn ?? 0) >= SLICE_TICKETS);
    // Zendesk fails while the next slice's search is on its way, and the spend changes again.
    await admin('POST', '/faults', { latencyMs: 600, errorRate: 1 });
    expect((await deliver(spendChanged(orgId, `second-${orgId}`))).status).toBe(202);
    const failed = await until('the slice failed', () => refresh.view(), (v) => v.failures > 0);
    expect(failed).toMatchObject({ pending: `evt:second-${orgId}`, fanOut: { eventId: `evt:first-${orgId}` } });
    expect(failed.fanOut!.handedOn).toBeGreaterThanOrEqual(SLICE_TICKETS);
    await admin('DELETE', '/faults');

    await until('both fan-outs finished', () => refresh.view(), (v) => v.fanOut === null && v.pending === null, 60_000);
    await until('every ticket core', () => allCore(ticketIds), Boolean, 60_000);
    const pages = (await searches(since, orgId)).filter((p) => p.status === 200);
    // Each change starts once from the first ticket: the first change's first slice was not searched again.
    expect(pages.filter((p) => p.cursor === null)).toHaveLength(2);
    expect(pages).toHaveLength(6);
  }, 90_000);
});

/**
 * Zendesk's rate limit is per account and per minute, so a burst is when calls count: the reads
 * of tickets and requesters asked at the same moment go out together, as one show_many call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearAccountCaches } from '../src/zendesk/account.ts';
import { env } from 'cloudflare:test';
import { admin, createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, zendesk } from './helpers.ts';

afterEach(async () => {
  await admin('DELETE', '/faults');
});

async function newRequester(annualSpend: number): Promise<string> {
  const stamp = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const { organization } = await zendesk<{ organization: { id: number } }>('POST', '/api/v2/organizations.json', { organization: { name: `Burst Co ${stamp}`, organization_fields: { annual_spend: annualSpend } } });
  const email = `burst-${stamp}@example.com`;
  await zendesk('POST', '/api/v2/users.json', { user: { name: 'Burst buyer', email, role: 'end-user', organization_id: organization.id } });
  return email;
}

const kindOf = (r: { method: string; path: string }) => `${r.method} ${r.path.replace(/\/\d+/g, '/:id')}`;

describe('reads gathered across ticket objects', () => {
  it('a burst of new tickets from new requesters: one read for the tickets, one for the requesters, then one PUT each', async () => {
    const emails = [await newRequester(650_000), await newRequester(20_000)];
    const tickets = await Promise.all(Array.from({ length: 6 }, (_, i) => createTicket(emails[i % 2]!)));
    await clearAccountCaches(env);
    const since = await lastRequestSeq();
    await Promise.all(tickets.map((t) => deliver(ticketEvent(t))));
    for (const t of tickets) await settle(t.id);
    const calls = (await requestsSince(since)).map(kindOf);
    // The settings come back with the cleared caches; the rest is what six tickets cost.
    const ticketWork = calls.filter((c) => !c.includes('/apps/installations'));
    expect(ticketWork.filter((c) => c === 'GET /api/v2/tickets/show_many.json').length).toBeLessThanOrEqual(2);
    expect(ticketWork.filter((c) => c === 'GET /api/v2/users/show_many.json').length).toBeLessThanOrEqual(2);
    expect(ticketWork.filter((c) => c === 'PUT /api/v2/tickets/:id.json')).toHaveLength(6);
    expect(ticketWork).toHaveLength(6 + ticketWork.filter((c) => c.endsWith('show_many.json')).length);
    const after = await Promise.all(tickets.map((t) => getTicket(t.id)));
    expect(after.map((t) => t.priority)).toEqual(['high', 'low', 'high', 'low', 'high', 'low']);
  });

  it('a ticket the gathered answer lacks is read alone: deleted meanwhile, its state goes and nothing is written', async () => {
    const ticket = await createTicket('zhang.wei@example.com');
    await zendesk('DELETE', `/api/v2/tickets/${ticket.id}.json`);
    const since = await lastRequestSeq();
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const calls = (await requestsSince(since)).filter((r) => r.path.startsWith('/api/v2/tickets/')).map((r) => `${kindOf(r)} ${r.status}`);
    expect(calls).toEqual(['GET /api/v2/tickets/show_many.json 200', 'GET /api/v2/tickets/:id.json 404']);
    expect((await ticketObject(ticket.id).view()).ticketId).toBeNull();
  });

  it('a gathered read that fails fails its runs like their own read would: retried later, then done', async () => {
    const ticket = await createTicket('zhang.wei@example.com');
    const since = await lastRequestSeq();
    // The show_many call fails through all four of the client's attempts.
    await admin('POST', '/faults', { failNext: 4, failStatus: 500, faultPath: '/api/v2/tickets/show_many' });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id, 30_000);
    const calls = (await requestsSince(since)).filter((r) => r.path.startsWith('/api/v2/tickets/')).map((r) => `${kindOf(r)} ${r.status}`);
    expect(calls).toEqual([...Array(4).fill('GET /api/v2/tickets/show_many.json 500'), 'GET /api/v2/tickets/show_many.json 200', 'PUT /api/v2/tickets/:id.json 200']);
    expect((await getTicket(ticket.id)).priority).toBe('high');
  });
});

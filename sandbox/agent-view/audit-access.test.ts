/**
 * The local agent view reads a ticket's audits the way Zendesk answers the sidebar: as the
 * signed-in agent, so an agent Zendesk does not let see the ticket gets Zendesk's refusal and
 * never the key the worker's audit API wants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type RunningSimulator } from '../zendesk/server.ts';
import { basicAuth as adminAuth, client, TOKEN } from '../zendesk/test-helpers.ts';
import { performRequest, prepareRequest, securePolicy } from './proxy.ts';
import { ZendeskApi } from './zendesk-api.ts';

const AGENT = 'wang.fang@tierwise.test';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0, rateLimitPerMinute: 0 });
});
afterAll(async () => sim.close());

/** `client.request({ url: '/api/v2/tickets/<id>/audits.json' })` from the sidebar, through the agent view's proxy. */
async function auditsThroughProxy(ticketId: number): Promise<{ status: number; body: string }> {
  const request = prepareRequest({ url: `/api/v2/tickets/${ticketId}/audits.json`, type: 'GET', dataType: 'json' }, {}, securePolicy({}));
  return performRequest(request, new ZendeskApi({ url: sim.url, email: AGENT, apiToken: TOKEN }));
}

describe('the ticket key, through the agent view', () => {
  it('reaches an agent who may see the ticket, and is refused to one who may not', async () => {
    const api = client(sim.url, adminAuth());
    const { users, groups } = sim.ids!;
    const created = await api.post('/api/v2/tickets.json', { ticket: { subject: 'Line 3', comment: { body: 'Stopped' }, requester_id: users.coreCustomer, group_id: groups.supervisors } });
    const ticketId = created.body.ticket.id as number;
    await api.put(`/api/v2/tickets/${ticketId}.json`, { ticket: { priority: 'high', metadata: { tierwise_key: 'key-of-this-ticket' } } });

    const allowed = await auditsThroughProxy(ticketId);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain('key-of-this-ticket');

    await api.put(`/api/v2/users/${users.agent}.json`, { user: { ticket_restriction: 'groups' } });
    const refused = await auditsThroughProxy(ticketId);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'Forbidden' });
    expect(refused.body).not.toContain('key-of-this-ticket');
  });
});

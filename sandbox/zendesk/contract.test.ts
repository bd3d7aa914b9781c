/**
 * The simulator against the contract fixtures (e2e/contract, written from Zendesk's documented
 * schemas): every payload Tierwise reads, as the simulator produces it, has the fixture's keys
 * and types. The worker's parser tests read the same fixtures (worker/test/contract.test.ts),
 * so the simulator and the worker cannot drift apart from Zendesk, or from each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerEvents, errors, rest, ticketEvents } from '../../e2e/contract/fixtures.ts';
import { shapeDifferences } from '../../e2e/contract/shape.ts';
import { startZendeskSimulator, type RunningSimulator } from './server.ts';
import { basicAuth, client, startReceiver, waitFor } from './test-helpers.ts';

let sim: RunningSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let api: ReturnType<typeof client>;
/** Every event the simulator delivered, by type (the last one of each). */
const delivered = new Map<string, unknown>();

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startZendeskSimulator({ port: 0, webhookTargetUrl: receiver.url, webhookSecret: 'contract-secret', rateLimitPerMinute: 0 });
  api = client(sim.url);
  const ids = sim.ids!;
  // One story that makes every subscribed event happen.
  const { body } = await api.post('/api/v2/tickets.json', { ticket: { subject: 'Printer down', comment: { body: 'E-42' }, requester_id: ids.users.basicCustomer, tags: ['scene_presale'] } });
  const id = body.ticket.id as number;
  const put = (ticket: Record<string, unknown>) => api.put(`/api/v2/tickets/${id}.json`, { ticket });
  await put({ status: 'open', priority: 'high', tags: ['scene_presale', 'tierwise_tier_basic'] });
  await put({ group_id: ids.groups.support, assignee_id: ids.users.agent });
  await put({ comment: { body: 'We are on it.', public: true, author_id: ids.users.agent } });
  await put({ custom_fields: [{ id: ids.ticketFields.serviceScene, value: 'scene_aftersale' }] });
  await put({ requester_id: ids.users.coreCustomer });
  await api.put(`/api/v2/users/${ids.users.coreCustomer}.json`, { user: { user_fields: { annual_spend: 700000 } } });
  await api.put(`/api/v2/organizations/${ids.organizations.basic}.json`, { organization: { organization_fields: { annual_spend: 150000 } } });
  const wanted = [...Object.keys(ticketEvents), ...Object.keys(customerEvents)];
  await waitFor(() => {
    for (const r of receiver.received) {
      const event = JSON.parse(r.body) as { type: string };
      delivered.set(event.type, event);
    }
    return wanted.every((type) => delivered.has(type));
  }).catch(() => undefined);
});

afterAll(async () => {
  await receiver?.close();
  await sim?.close();
});

describe('simulator payloads have the shape of Zendesk\'s documented ones', () => {
  for (const [type, fixture] of Object.entries({ ...ticketEvents, ...customerEvents })) {
    it(`event ${type}`, () => {
      expect(delivered.has(type), `the simulator delivered no ${type}`).toBe(true);
      expect(shapeDifferences(fixture, delivered.get(type))).toEqual([]);
    });
  }

  it('GET /tickets/{id}.json?include=metric_sets', async () => {
    const { body } = await api.get('/api/v2/tickets/1.json?include=metric_sets');
    expect(shapeDifferences(rest.ticketWithMetricSets, body)).toEqual([]);
  });

  it('GET /users/{id}.json?include=organizations', async () => {
    const { body } = await api.get(`/api/v2/users/${sim.ids!.users.coreCustomer}.json?include=organizations`);
    expect(shapeDifferences(rest.userWithOrganizations, body)).toEqual([]);
  });

  it('GET /organizations/{id}.json', async () => {
    const { body } = await api.get(`/api/v2/organizations/${sim.ids!.organizations.core}.json`);
    expect(shapeDifferences(rest.organization, body)).toEqual([]);
  });

  it('GET /apps/installations.json', async () => {
    const { body } = await api.get('/api/v2/apps/installations.json');
    expect(shapeDifferences(rest.appInstallations, body)).toEqual([]);
  });

  it('GET /groups.json, page by page', async () => {
    const first = await api.get('/api/v2/groups.json?per_page=2');
    expect(shapeDifferences(rest.groupsPage1, first.body)).toEqual([]);
    const next = new URL(first.body.next_page as string);
    const second = await api.get(next.pathname + next.search);
    expect(shapeDifferences(rest.groupsPage2, second.body)).toEqual([]);
  });

  it('GET /search.json', async () => {
    const { body } = await api.get(`/api/v2/search.json?${new URLSearchParams({ query: 'type:ticket status<solved', sort_by: 'updated_at', sort_order: 'asc' })}`);
    expect(shapeDifferences(rest.searchTickets, body)).toEqual([]);
  });

  it('error bodies: 401, 404, 409, 422', async () => {
    const unauthenticated = await client(sim.url, basicAuth('nobody@tierwise.test', 'wrong')).get('/api/v2/tickets/1.json');
    expect(unauthenticated.status).toBe(401);
    expect(shapeDifferences(errors[401], unauthenticated.body)).toEqual([]);
    const missing = await api.get('/api/v2/tickets/999999.json');
    expect(missing.status).toBe(404);
    expect(shapeDifferences(errors[404], missing.body)).toEqual([]);
    const conflict = await api.put('/api/v2/tickets/1.json', { ticket: { priority: 'urgent', safe_update: true, updated_stamp: '2000-01-01T00:00:00Z' } });
    expect(conflict.status).toBe(409);
    expect(shapeDifferences(errors[409], conflict.body)).toEqual([]);
    const invalid = await api.put('/api/v2/tickets/1.json', { ticket: { status: 'archived' } });
    expect(invalid.status).toBe(422);
    expect(shapeDifferences(errors[422], invalid.body)).toEqual([]);
  });

  it('error body: 429 with Retry-After', async () => {
    const limited = await startZendeskSimulator({ port: 0, rateLimitPerMinute: 1 });
    try {
      const limitedApi = client(limited.url);
      await limitedApi.get('/api/v2/groups.json');
      const refused = await limitedApi.get('/api/v2/groups.json');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(shapeDifferences(errors[429], refused.body)).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

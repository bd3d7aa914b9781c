/**
 * The worker's readers against the contract fixtures (e2e/contract, written from Zendesk's
 * documented schemas; the simulator is held to the same files in sandbox/zendesk/contract.test.ts):
 * every subscribed event parses, and the Zendesk client reads every REST answer and error body.
 * The client's edge, fetch, is replaced by the fixtures.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { customerEvents, errors, rest, ticketEvents, triggerPayload } from '../../e2e/contract/fixtures.ts';
import { parseCustomerChange } from '../src/customer/customer-change.ts';
import { parseTicketEvent } from '../src/webhook/ticket-event.ts';
import { RetryLater, UpdateConflict, ZendeskClient, ZendeskError } from '../src/zendesk/client.ts';

const BASE = 'https://acme.zendesk.com';

/** A client whose requests are answered by `answer`, recording the paths it asked for. */
function clientAnswering(answer: (path: string) => { status?: number; body: unknown; headers?: Record<string, string> }) {
  const paths: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    paths.push(url.pathname + url.search);
    const { status = 200, body, headers = {} } = answer(url.pathname + url.search);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  });
  return { paths, client: new ZendeskClient({ baseUrl: BASE, auth: { email: 'a@acme.test', apiToken: 't' }, sleep: async () => undefined, maxAttempts: 1 }) };
}

afterEach(() => vi.restoreAllMocks());

describe('webhook payloads from the contract', () => {
  for (const [type, fixture] of Object.entries(ticketEvents)) {
    it(`${type} is understood`, () => {
      const parsed = parseTicketEvent(fixture, 'inv-contract');
      expect(parsed.ok && 'event' in parsed, JSON.stringify(parsed)).toBe(true);
      if (!parsed.ok || !('event' in parsed)) return;
      expect(parsed.event).toMatchObject({ eventId: `evt:${fixture.id}`, type: type.slice('zen:event-type:'.length), ticketId: 35436, changedAt: Date.parse(fixture.detail.updated_at) });
      expect(parsed.event.snapshot).toMatchObject({ id: 35436, status: fixture.detail.status.toLowerCase(), tags: fixture.detail.tags, requesterId: Number(fixture.detail.requester_id) });
    });
  }

  it('a public comment by staff counts as the agent reply', () => {
    const parsed = parseTicketEvent(ticketEvents['zen:event-type:ticket.comment_added'], null);
    expect(parsed.ok && 'event' in parsed && parsed.event.agentReplied).toBe(true);
  });

  for (const [type, fixture] of Object.entries(customerEvents)) {
    it(`${type} names the customer`, () => {
      const kind = type.includes('user.') ? 'user' : 'organization';
      expect(parseCustomerChange(fixture)).toEqual({ ok: true, change: { eventId: `evt:${fixture.id}`, kind, id: Number(fixture.detail.id), fieldKey: fixture.event.custom_field.key } });
    });
  }

  it('the trigger payload hands the ticket id over to be read', () => {
    expect(parseTicketEvent(triggerPayload, 'inv-1')).toEqual({ ok: true, event: { eventId: 'inv:inv-1', type: 'trigger', ticketId: 35436, changedAt: null, snapshot: null, agentReplied: false } });
  });
});

describe('REST answers from the contract', () => {
  it('reads the ticket metrics in both sideload shapes, metric_sets and metric_set', async () => {
    for (const body of [rest.ticketWithMetricSets, rest.ticketWithMetricSet]) {
      const { client } = clientAnswering(() => ({ body }));
      const { ticket, metrics } = await client.getTicket(35436);
      expect(ticket.id).toBe(35436);
      expect(metrics?.replies).toBe(1);
    }
  });

  it('gathers tickets with their metric sets; one that came without its metrics is left to its own read', async () => {
    const { ticket } = rest.ticketWithMetricSets;
    const [set] = rest.ticketWithMetricSets.metric_sets;
    const other = { ...ticket, id: 35437 };
    const { client, paths } = clientAnswering(() => ({ body: { tickets: [ticket, other], metric_sets: [set] } }));
    const found = await client.showManyTickets([35436, 35437, 35438]);
    expect(paths).toEqual(['/api/v2/tickets/show_many.json?ids=35436,35437,35438&include=metric_sets']);
    expect([...found.keys()]).toEqual([35436]);
    expect(found.get(35436)?.metrics.replies).toBe(set?.replies);
  });

  it('reads a user with the sideloaded organization', async () => {
    const { client, paths } = clientAnswering(() => ({ body: rest.userWithOrganizations }));
    const { user, organizations } = await client.getUserWithOrganizations(8447388090622);
    expect(paths).toEqual(['/api/v2/users/8447388090622.json?include=organizations']);
    expect(user.organization_id).toBe(8447388090750);
    expect(organizations[0]?.organization_fields).toEqual(rest.organization.organization.organization_fields);
  });

  it('reads the organization on its own when the sideload is missing', async () => {
    const { user } = rest.userWithOrganizations;
    const { client } = clientAnswering((path) => ({ body: path.startsWith('/api/v2/users/') ? { user } : rest.organization }));
    const { organizations } = await client.getUserWithOrganizations(user.id);
    expect(organizations.map((o) => o.name)).toEqual(['Shenzhen Precision Parts']);
  });

  it('reads the app installations', async () => {
    const { client } = clientAnswering(() => ({ body: rest.appInstallations }));
    expect((await client.listInstallations())[0]?.settings?.name).toBe('Tierwise');
  });

  it('follows next_page through every page of groups', async () => {
    const { client, paths } = clientAnswering((path) => ({ body: path.includes('page=2') ? rest.groupsPage2 : rest.groupsPage1 }));
    expect((await client.listGroups()).map((g) => g.name)).toEqual(['Support', 'Supervisors', 'Department heads']);
    expect(paths).toEqual(['/api/v2/groups.json?per_page=100', '/api/v2/groups.json?page=2&per_page=2']);
  });

  it('searches with sort_by/sort_order parameters, not order_by in the query', async () => {
    const { client, paths } = clientAnswering(() => ({ body: rest.searchTickets }));
    const { tickets, hasMore } = await client.searchTickets('updated>15minutes', 1, 100, { sortBy: 'updated_at', sortOrder: 'asc' });
    expect(tickets.map((t) => t.id)).toEqual([35436]);
    expect(hasMore).toBe(false);
    const params = new URL(paths[0]!, BASE).searchParams;
    expect(params.get('query')).toBe('type:ticket updated>15minutes');
    expect([params.get('sort_by'), params.get('sort_order')]).toEqual(['updated_at', 'asc']);
  });
});

describe('error bodies from the contract', () => {
  it.each([401, 403, 404, 422] as const)('%i ends the request with a ZendeskError carrying the status', async (status) => {
    const { client } = clientAnswering(() => ({ status, body: errors[status] }));
    const failure = await client.getTicket(1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ZendeskError);
    expect((failure as ZendeskError).status).toBe(status);
    expect((failure as ZendeskError).message).toContain(errors[status].error);
  });

  it('409 is an update conflict: re-read and re-plan', async () => {
    const { client } = clientAnswering(() => ({ status: 409, body: errors[409] }));
    await expect(client.updateTicket(1, { priority: 'high' }, '2026-11-20T09:05:00Z')).rejects.toBeInstanceOf(UpdateConflict);
  });

  it('429 with a long Retry-After hands the wait back to the caller', async () => {
    const { client } = clientAnswering(() => ({ status: 429, body: errors[429], headers: { 'Retry-After': '120' } }));
    const failure = await client.getTicket(1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryLater);
    expect((failure as RetryLater).afterMs).toBe(120_000);
  });
});

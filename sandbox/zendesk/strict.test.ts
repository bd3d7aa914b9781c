// Where Zendesk refuses or limits and a friendly simulator would not (README "Strict like Zendesk").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { TICKET_EVENT_TYPES } from './events.ts';
import { basicAuth, client } from './test-helpers.ts';
import type { JsonResponse } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;
let clock = Date.parse('2026-11-20T08:00:00Z');

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0, rateLimitPerMinute: 0, now: () => clock });
  api = client(sim.url);
});
beforeEach(() => {
  clock = Date.parse('2026-11-20T08:00:00Z');
  sim.reset();
});
afterAll(async () => sim.close());

async function createTicket(extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/tickets.json', {
    ticket: { subject: 'Machine fault', comment: { body: 'Line 3 stopped' }, requester_id: sim.ids!.users.coreCustomer, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.ticket;
}

describe('group memberships', () => {
  it('lists who belongs to which group: the escalation groups have their own members, not every agent', async () => {
    const { users, groups } = sim.ids!;
    const all = await api.get('/api/v2/group_memberships.json');
    expect(all.status).toBe(200);
    const pairs = all.body.group_memberships.map((m: { user_id: number; group_id: number }) => [m.user_id, m.group_id]);
    expect(pairs).toContainEqual([users.agent, groups.support]);
    expect(pairs).toContainEqual([users.supervisor, groups.supervisors]);
    expect(pairs).toContainEqual([users.departmentHead, groups.departmentHeads]);
    expect(pairs).not.toContainEqual([users.agent, groups.supervisors]);
    expect(pairs).not.toContainEqual([users.agent, groups.departmentHeads]);

    const supervisors = await api.get(`/api/v2/groups/${groups.supervisors}/memberships.json`);
    expect(supervisors.body.group_memberships.map((m: { user_id: number }) => m.user_id)).toEqual([users.supervisor]);
    const ofAgent = await api.get(`/api/v2/users/${users.agent}/group_memberships.json`);
    expect(ofAgent.body.group_memberships.map((m: { group_id: number }) => m.group_id)).toEqual([groups.support]);
    const members = await api.get(`/api/v2/groups/${groups.supervisors}/users.json`);
    expect(members.body.users.map((u: { id: number }) => u.id)).toEqual([users.supervisor]);
    const assignable = await api.get('/api/v2/groups/assignable.json');
    expect(assignable.body.groups.map((g: { id: number }) => g.id).sort()).toEqual(Object.values(groups).sort());
  });

  it('adds and removes a membership', async () => {
    const { users, groups } = sim.ids!;
    const added = await api.post('/api/v2/group_memberships.json', { group_membership: { user_id: users.agent, group_id: groups.supervisors } });
    expect(added.status).toBe(201);
    const again = await api.post('/api/v2/group_memberships.json', { group_membership: { user_id: users.agent, group_id: groups.supervisors } });
    expect(again.status).toBe(422);
    const customer = await api.post('/api/v2/group_memberships.json', { group_membership: { user_id: users.coreCustomer, group_id: groups.supervisors } });
    expect(customer.status).toBe(422);
    expect((await api.del(`/api/v2/group_memberships/${added.body.group_membership.id}.json`)).status).toBe(204);
    const after = await api.get(`/api/v2/groups/${groups.supervisors}/memberships.json`);
    expect(after.body.group_memberships.map((m: { user_id: number }) => m.user_id)).toEqual([users.supervisor]);
  });

  it('refuses to move a ticket to a group its assignee is not a member of, in Zendesk error shape', async () => {
    const { users, groups } = sim.ids!;
    const t = await createTicket({ assignee_id: users.agent });
    expect(t.group_id).toBe(groups.support);
    const moved = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { group_id: groups.supervisors } });
    expect(moved.status).toBe(422);
    expect(moved.body).toEqual({
      error: 'RecordInvalid', description: 'Record validation errors',
      details: { assignee: [{ description: 'Assignee: is not a member of the group' }] },
    });
    expect((await api.get(`/api/v2/tickets/${t.id}.json`)).body.ticket.group_id).toBe(groups.support);
    // Moving the group and dropping (or replacing) the assignee in the same update is fine.
    const escalated = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { group_id: groups.supervisors, assignee_id: null } });
    expect(escalated.status).toBe(200);
    expect(escalated.body.ticket).toMatchObject({ group_id: groups.supervisors, assignee_id: null });
    const mismatch = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { assignee_id: users.agent } });
    expect(mismatch.status).toBe(422);
    const assigned = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { assignee_id: users.supervisor } });
    expect(assigned.status).toBe(200);
  });

  it('refuses to create a ticket whose assignee is not in its group', async () => {
    const { users, groups } = sim.ids!;
    const res = await api.post('/api/v2/tickets.json', {
      ticket: { subject: 's', comment: { body: 'b' }, requester_id: users.coreCustomer, assignee_id: users.agent, group_id: groups.departmentHeads },
    });
    expect(res.status).toBe(422);
    expect(res.body.details.assignee[0].description).toBe('Assignee: is not a member of the group');
  });
});

describe('closed tickets', () => {
  it('answers an update of a closed ticket with Zendesk\'s 422 body', async () => {
    const t = await createTicket({ assignee_id: sim.ids!.users.agent });
    expect((await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { status: 'closed' } })).status).toBe(200);
    const res = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high' } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'RecordInvalid', description: 'Record validation errors',
      details: { status: [{ description: 'Status closed prevents ticket update' }] },
    });
  });
});

describe('followers', () => {
  it('adds and removes agent followers in the documented shape, [{user_id, action}]', async () => {
    const t = await createTicket();
    const head = sim.ids!.users.departmentHead;
    const added = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { followers: [{ user_id: head, action: 'put' }] } });
    expect(added.status).toBe(200);
    expect(added.body.ticket.follower_ids).toEqual([head]);
    const removed = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { followers: [{ user_id: head, action: 'delete' }] } });
    expect(removed.body.ticket.follower_ids).toEqual([]);
  });

  it('refuses any other shape, and followers who are not agents', async () => {
    const t = await createTicket();
    for (const followers of [[sim.ids!.users.departmentHead], [{ id: sim.ids!.users.departmentHead }], [{ user_id: sim.ids!.users.departmentHead, action: 'add' }]]) {
      const res = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { followers } });
      expect(res.status, JSON.stringify(followers)).toBe(422);
      expect(res.body.error).toBe('RecordInvalid');
    }
    const customer = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { followers: [{ user_id: sim.ids!.users.coreCustomer, action: 'put' }] } });
    expect(customer.status).toBe(422);
    expect((await api.get(`/api/v2/tickets/${t.id}.json`)).body.ticket.follower_ids).toEqual([]);
  });
});

describe('updated_at resolution', () => {
  it('gives two updates within one second the same stamp, so safe_update cannot tell them apart', async () => {
    const t = await createTicket();
    clock += 5_000;
    const first = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low' } });
    clock += 400;
    const second = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'normal', safe_update: true, updated_stamp: first.body.ticket.updated_at } });
    expect(second.status).toBe(200);
    expect(second.body.ticket.updated_at).toBe(first.body.ticket.updated_at);
    // A writer holding the stamp from before both changes wins too: same second, same stamp.
    const stale = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high', safe_update: true, updated_stamp: first.body.ticket.updated_at } });
    expect(stale.status).toBe(200);
    clock += 1_000;
    const later = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low', safe_update: true, updated_stamp: first.body.ticket.updated_at } });
    expect(later.status).toBe(200);
    const conflict = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'urgent', safe_update: true, updated_stamp: first.body.ticket.updated_at } });
    expect(later.body.ticket.updated_at).not.toBe(first.body.ticket.updated_at);
    expect(conflict.status).toBe(409);
  });
});

describe('search limits and export', () => {
  async function importOpen(n: number): Promise<void> {
    const requester = sim.ids!.users.coreCustomer;
    for (let i = 0; i < n; i += 100) {
      const batch = Array.from({ length: Math.min(100, n - i) }, (_, k) => api.post('/api/v2/imports/tickets.json', {
        ticket: { subject: `bulk ${i + k}`, requester_id: requester, status: 'open', comments: [{ author_id: requester, value: 'x' }] },
      }));
      await Promise.all(batch);
    }
  }

  it('links page 11 past 1,000 results and then refuses it with 422', async () => {
    await importOpen(1005);
    const query = encodeURIComponent('type:ticket status:open');
    const page10 = await api.get(`/api/v2/search.json?query=${query}&page=10&per_page=100`);
    expect(page10.status).toBe(200);
    expect(page10.body.count).toBe(1005);
    expect(page10.body.next_page).toContain('page=11');
    const page11 = await api.get(page10.body.next_page.replace(sim.url, ''));
    expect(page11.status).toBe(422);
    expect(page11.body.description).toContain('Requested response size was greater than Search Response Limits');
  });

  it('exports every result with cursor paging', async () => {
    await importOpen(250);
    const query = encodeURIComponent('status:open');
    const missing = await api.get(`/api/v2/search/export.json?query=${query}`);
    expect(missing.status).toBe(400);
    const seen: number[] = [];
    let path: string | null = `/api/v2/search/export.json?query=${query}&filter[type]=ticket&page[size]=100`;
    let pages = 0;
    while (path) {
      const res: JsonResponse = await api.get(path);
      expect(res.status).toBe(200);
      pages += 1;
      for (const r of res.body.results) {
        expect(r.result_type).toBe('ticket');
        seen.push(r.id);
      }
      expect(typeof res.body.meta.has_more).toBe('boolean');
      path = res.body.meta.has_more ? res.body.links.next.replace(sim.url, '') : null;
      if (res.body.meta.has_more) expect(res.body.links.next).toContain(`page%5Bafter%5D=${encodeURIComponent(res.body.meta.after_cursor)}`);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    const bad = await api.get(`/api/v2/search/export.json?query=${query}&filter[type]=ticket&page[after]=nonsense`);
    expect(bad.status).toBe(400);
  });

  it('sorts by the sort_by and sort_order parameters', async () => {
    const a = await createTicket({ subject: 'first' });
    clock += 10_000;
    const b = await createTicket({ subject: 'second' });
    const query = encodeURIComponent('type:ticket');
    const desc = await api.get(`/api/v2/search.json?query=${query}&sort_by=created_at&sort_order=desc`);
    expect(desc.body.results.map((r: { id: number }) => r.id)).toEqual([b.id, a.id]);
    const asc = await api.get(`/api/v2/search.json?query=${query}&sort_by=created_at&sort_order=asc`);
    expect(asc.body.results.map((r: { id: number }) => r.id)).toEqual([a.id, b.id]);
    const wrong = await api.get(`/api/v2/search.json?query=${query}&sort_by=colour`);
    expect(wrong.status).toBe(400);
  });
});

describe('webhook connection method', () => {
  const hook = async (subscriptions: string[]) => (await api.post('/api/v2/webhooks', {
    webhook: { name: `hook ${subscriptions[0]}`, endpoint: 'https://worker.example/webhooks/zendesk', http_method: 'POST', request_format: 'json', status: 'active', subscriptions },
  })).body.webhook;

  it('keeps the connection method a webhook was created with', async () => {
    const events = await hook([...TICKET_EVENT_TYPES]);
    const toTrigger = await api.patch(`/api/v2/webhooks/${events.id}`, { webhook: { subscriptions: ['conditional_ticket_events'] } });
    expect(toTrigger.status).toBe(400);
    expect(toTrigger.body.errors[0].title).toMatch(/connection method/i);
    const trigger = await hook(['conditional_ticket_events']);
    const toEvents = await api.put(`/api/v2/webhooks/${trigger.id}`, { webhook: { subscriptions: [TICKET_EVENT_TYPES[0]] } });
    expect(toEvents.status).toBe(400);
    expect((await api.get(`/api/v2/webhooks/${trigger.id}`)).body.webhook.subscriptions).toEqual(['conditional_ticket_events']);
    // Other fields, and other event types of the same method, still change.
    expect((await api.patch(`/api/v2/webhooks/${events.id}`, { webhook: { subscriptions: [TICKET_EVENT_TYPES[0]], status: 'inactive' } })).status).toBe(204);
    expect((await api.patch(`/api/v2/webhooks/${trigger.id}`, { webhook: { status: 'inactive' } })).status).toBe(204);
  });

  it('refuses a trigger that notifies an event-subscribed webhook', async () => {
    const events = await hook([...TICKET_EVENT_TYPES]);
    const trigger = await hook(['conditional_ticket_events']);
    const body = (id: string) => ({
      trigger: { title: `notify ${id}`, conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
        actions: [{ field: 'notification_webhook', value: [id, '{"id":"{{ticket.id}}"}'] }] },
    });
    const refused = await api.post('/api/v2/triggers.json', body(events.id));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('RecordInvalid');
    const ok = await api.post('/api/v2/triggers.json', body(trigger.id));
    expect(ok.status).toBe(201);
    const retarget = await api.put(`/api/v2/triggers/${ok.body.trigger.id}.json`, { trigger: { actions: body(events.id).trigger.actions } });
    expect(retarget.status).toBe(422);
  });
});

describe('groups list', () => {
  it('pages groups 100 at a time, so page 1 alone misses the rest', async () => {
    for (let i = 0; i < 100; i++) expect((await api.post('/api/v2/groups.json', { group: { name: `Team ${i}` } })).status).toBe(201);
    const first = await api.get('/api/v2/groups.json');
    expect(first.body.groups).toHaveLength(100);
    expect(first.body.count).toBe(103);
    expect(first.body.next_page).toContain('page=2');
    const second = await api.get(first.body.next_page.replace(sim.url, ''));
    expect(second.body.groups).toHaveLength(3);
  });
});

describe('who may read a ticket, and its audits', () => {
  const agentApi = () => client(sim.url, basicAuth('wang.fang@tierwise.test'));

  it('keeps an update\'s metadata in its audit, as metadata.custom', async () => {
    const ticket = await createTicket();
    expect((await api.put(`/api/v2/tickets/${ticket.id}.json`, { ticket: { priority: 'high', metadata: { tierwise_key: 'k1' } } })).status).toBe(200);
    const { status, body } = await api.get(`/api/v2/tickets/${ticket.id}/audits.json`);
    expect(status).toBe(200);
    expect(body.audits.map((a: { metadata: { custom: unknown } }) => a.metadata.custom)).toEqual([{}, { tierwise_key: 'k1' }]);
    expect((await api.put(`/api/v2/tickets/${ticket.id}.json`, { ticket: { metadata: 'key' } })).status).toBe(422);
  });

  it('an agent restricted to their groups gets 403 for a ticket outside them, and reads one inside', async () => {
    const { users, groups } = sim.ids!;
    expect((await api.put(`/api/v2/users/${users.agent}.json`, { user: { ticket_restriction: 'groups' } })).body.user).toMatchObject({ ticket_restriction: 'groups', restricted_agent: true });
    const elsewhere = await createTicket({ group_id: groups.supervisors });
    const theirs = await createTicket({ group_id: groups.support });
    for (const path of [`/api/v2/tickets/${elsewhere.id}.json`, `/api/v2/tickets/${elsewhere.id}/audits.json`]) {
      expect(await agentApi().get(path)).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
    expect((await agentApi().get(`/api/v2/tickets/${theirs.id}/audits.json`)).status).toBe(200);
    // Listed together, the ticket outside their groups is left out.
    expect((await agentApi().get(`/api/v2/tickets/show_many.json?ids=${elsewhere.id},${theirs.id}`)).body.tickets.map((t: { id: number }) => t.id)).toEqual([theirs.id]);
    // Unrestricted again: every ticket.
    await api.put(`/api/v2/users/${users.agent}.json`, { user: { ticket_restriction: null } });
    expect((await agentApi().get(`/api/v2/tickets/${elsewhere.id}/audits.json`)).status).toBe(200);
  });
});

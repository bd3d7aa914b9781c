import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { basicAuth, client, fetchJson } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0 });
  api = client(sim.url);
});
beforeEach(() => sim.reset());
afterAll(async () => sim.close());

async function createTicket(extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/tickets.json', {
    ticket: { subject: '设备故障 Machine fault', comment: { body: 'Line 3 stopped' }, requester_id: sim.ids!.users.coreCustomer, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.ticket;
}

describe('tickets', () => {
  it('creates a ticket with Zendesk defaults and shows it', async () => {
    const t = await createTicket({ tags: ['vip'], custom_fields: [{ id: sim.ids!.ticketFields.serviceScene, value: 'scene_aftersale' }] });
    expect(t).toMatchObject({ status: 'new', priority: null, requester_id: sim.ids!.users.coreCustomer, organization_id: sim.ids!.organizations.core, description: 'Line 3 stopped' });
    expect(t.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // the tagger field's value is a tag on the ticket too
    expect(t.tags).toEqual(['vip', 'scene_aftersale']);
    const shown = await api.get(`/api/v2/tickets/${t.id}.json`);
    expect(shown.body.ticket.custom_fields).toContainEqual({ id: sim.ids!.ticketFields.serviceScene, value: 'scene_aftersale' });
    const many = await api.get(`/api/v2/tickets/show_many.json?ids=${t.id},424242`);
    expect(many.body.tickets.map((x: { id: number }) => x.id)).toEqual([t.id]);
  });

  it('shows many tickets with their metric sets, at most 100 of the ids asked', async () => {
    const [a, b] = [await createTicket(), await createTicket()];
    const many = await api.get(`/api/v2/tickets/show_many.json?ids=${b.id},${a.id}&include=metric_sets`);
    expect(many.body.tickets.map((x: { id: number }) => x.id)).toEqual([b.id, a.id]);
    expect(many.body.metric_sets.map((m: { ticket_id: number; replies: number }) => [m.ticket_id, m.replies])).toEqual([[b.id, 0], [a.id, 0]]);
    const padded = [...Array.from({ length: 100 }, (_, i) => 900_000 + i), a.id].join(',');
    expect((await api.get(`/api/v2/tickets/show_many.json?ids=${padded}`)).body.tickets).toEqual([]);
  });

  it('replaces tags on update and ignores additional_tags on a single update', async () => {
    const t = await createTicket({ tags: ['a', 'b'] });
    const replaced = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { tags: ['c'] } });
    expect(replaced.body.ticket.tags).toEqual(['c']);
    const ignored = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { additional_tags: ['d'] } });
    expect(ignored.body.ticket.tags).toEqual(['c']);
    const many = await api.put(`/api/v2/tickets/update_many.json?ids=${t.id}`, { ticket: { additional_tags: ['d'], remove_tags: ['c'] } });
    expect(many.body.job_status.status).toBe('completed');
    expect((await api.get(`/api/v2/tickets/${t.id}.json`)).body.ticket.tags).toEqual(['d']);
  });

  it('refuses a safe update with a stale stamp (409) and accepts the fresh one', async () => {
    // Last changed long ago, so this update's stamp is a later second (same-second stamps: strict.test.ts).
    const requester = sim.ids!.users.coreCustomer;
    const t = (await api.post('/api/v2/imports/tickets.json', {
      ticket: { subject: 'old', requester_id: requester, updated_at: '2026-01-05T10:00:00Z', created_at: '2026-01-05T10:00:00Z', comments: [{ author_id: requester, value: 'x' }] },
    })).body.ticket;
    const first = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low', safe_update: true, updated_stamp: t.updated_at } });
    expect(first.status).toBe(200);
    expect(Date.parse(first.body.ticket.updated_at)).toBeGreaterThan(Date.parse(t.updated_at));
    const stale = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high', safe_update: true, updated_stamp: t.updated_at } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      error: 'UpdateConflict',
      description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
    });
    expect((await api.get(`/api/v2/tickets/${t.id}.json`)).body.ticket.priority).toBe('low');
    const fresh = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high', safe_update: true, updated_stamp: first.body.ticket.updated_at } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.ticket.priority).toBe('high');
  });

  it('opens a new ticket when it is assigned, and adds internal notes', async () => {
    const t = await createTicket();
    const agent = sim.ids!.users.agent;
    const res = await client(sim.url, basicAuth('wang.fang@tierwise.test')).put(`/api/v2/tickets/${t.id}.json`, {
      ticket: { assignee_id: agent, comment: { body: '升级处理 escalated', public: false } },
    });
    expect(res.body.ticket).toMatchObject({ status: 'open', assignee_id: agent, group_id: sim.ids!.groups.support });
    const comments = await api.get(`/api/v2/tickets/${t.id}/comments.json`);
    expect(comments.body.comments).toHaveLength(2);
    expect(comments.body.comments[1]).toMatchObject({ body: '升级处理 escalated', public: false, author_id: agent });
    const notAgent = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { assignee_id: sim.ids!.users.basicCustomer } });
    expect(notAgent.status).toBe(422);
  });

  it('keeps a per-ticket history of who changed what', async () => {
    const t = await createTicket();
    await client(sim.url, basicAuth('li.qiang@tierwise.test')).put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'urgent', group_id: sim.ids!.groups.supervisors } });
    const h = await fetchJson(`${sim.url}/__admin/tickets/${t.id}/history`);
    expect(h.history).toHaveLength(2);
    expect(h.history[0].action).toBe('create');
    expect(h.history[1]).toMatchObject({
      action: 'update', actor_id: sim.ids!.users.supervisor,
      changes: { priority: { before: null, after: 'urgent' }, group_id: { before: null, after: sim.ids!.groups.supervisors } },
    });
  });

  it('refuses updates to closed tickets', async () => {
    const t = await createTicket({ assignee_id: sim.ids!.users.agent });
    await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { status: 'closed' } });
    const res = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low' } });
    expect(res.status).toBe(422);
  });

  it('imports old tickets and reports metrics', async () => {
    const agent = sim.ids!.users.agent;
    const requester = sim.ids!.users.basicCustomer;
    const imported = await api.post('/api/v2/imports/tickets.json', {
      ticket: {
        subject: 'Old one', requester_id: requester, assignee_id: agent, status: 'open', created_at: '2026-01-01T08:00:00Z',
        comments: [
          { author_id: requester, value: 'Please help', created_at: '2026-01-01T08:00:00Z' },
          { author_id: agent, value: 'On it', public: true, created_at: '2026-01-01T09:30:00Z' },
        ],
      },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.ticket).toMatchObject({ created_at: '2026-01-01T08:00:00Z', updated_at: '2026-01-01T09:30:00Z', status: 'open' });
    const m = await api.get(`/api/v2/tickets/${imported.body.ticket.id}/metrics.json`);
    expect(m.body.ticket_metric).toMatchObject({ ticket_id: imported.body.ticket.id, replies: 1, reply_time_in_minutes: { calendar: 90, business: 90 }, solved_at: null });
    const solved = await api.put(`/api/v2/tickets/${imported.body.ticket.id}.json`, { ticket: { status: 'solved' } });
    const m2 = await api.get(`/api/v2/tickets/${imported.body.ticket.id}/metrics.json`);
    expect(m2.body.ticket_metric.solved_at).toBe(solved.body.ticket.updated_at);
  });

  it('pages the ticket list by offset and by cursor', async () => {
    for (let i = 0; i < 5; i++) await createTicket();
    const p1 = await api.get('/api/v2/tickets.json?per_page=2');
    expect(p1.body.tickets).toHaveLength(2);
    expect(p1.body.count).toBe(5);
    expect(p1.body.next_page).toContain('page=2');
    const c1 = await api.get('/api/v2/tickets.json?page[size]=3');
    expect(c1.body.meta.has_more).toBe(true);
    const c2 = await fetchJson(c1.body.links.next, { headers: { Authorization: basicAuth() } });
    expect(c2.tickets).toHaveLength(2);
    expect(c2.meta.has_more).toBe(false);
  });

  it('reopens a solved ticket when the requester replies, and edits tags through the tags endpoint', async () => {
    const t = await createTicket({ assignee_id: sim.ids!.users.agent, tags: ['x'] });
    await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { status: 'solved' } });
    const reply = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { comment: { body: 'Still broken', author_id: sim.ids!.users.coreCustomer } } });
    expect(reply.body.ticket.status).toBe('open');
    const m = await api.get(`/api/v2/tickets/${t.id}/metrics.json`);
    expect(m.body.ticket_metric.reopens).toBe(1);
    expect((await api.put(`/api/v2/tickets/${t.id}/tags.json`, { tags: ['y'] })).body.tags).toEqual(['x', 'y']);
    expect((await api.del(`/api/v2/tickets/${t.id}/tags.json`, { tags: ['x'] })).body.tags).toEqual(['y']);
  });
});

const task = (extra: Record<string, unknown> = {}) => ({
  ticket: { subject: 'Monthly call', comment: { body: 'Call the customer', public: false }, requester_id: sim.ids!.users.coreCustomer, type: 'task', due_at: '2026-12-01T23:59:59Z', ...extra },
});

// Task tickets as the care run uses them: a due date only on a task, and the list filtered by external_id.
describe('task tickets', () => {
  it('keeps the due date of a task', async () => {
    const res = await api.post('/api/v2/tickets.json', task());
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({ type: 'task', due_at: '2026-12-01T23:59:59Z' });
  });

  it('refuses a due date on a ticket that is not a task, on create and on update', async () => {
    const question = await api.post('/api/v2/tickets.json', task({ type: 'question' }));
    expect(question.status).toBe(422);
    expect(question.body.details.due_at[0].description).toMatch(/task/);
    const untyped = await api.post('/api/v2/tickets.json', task({ type: undefined }));
    expect(untyped.status).toBe(422);
    const created = await api.post('/api/v2/tickets.json', task());
    const retyped = await api.put(`/api/v2/tickets/${created.body.ticket.id}.json`, { ticket: { type: 'incident' } });
    expect(retyped.status).toBe(422);
    const cleared = await api.put(`/api/v2/tickets/${created.body.ticket.id}.json`, { ticket: { type: 'incident', due_at: null } });
    expect(cleared.body.ticket).toMatchObject({ type: 'incident', due_at: null });
  });

  it('lists the tickets with one external_id, and none for an unknown one', async () => {
    await api.post('/api/v2/tickets.json', task({ external_id: 'tierwise-care:o1:cadence:2026-12-01' }));
    await api.post('/api/v2/tickets.json', task({ external_id: 'tierwise-care:o1:cadence:2026-12-02' }));
    const found = await api.get(`/api/v2/tickets.json?external_id=${encodeURIComponent('tierwise-care:o1:cadence:2026-12-01')}`);
    expect(found.status).toBe(200);
    expect(found.body.tickets.map((t: { external_id: string }) => t.external_id)).toEqual(['tierwise-care:o1:cadence:2026-12-01']);
    const none = await api.get('/api/v2/tickets.json?external_id=nothing');
    expect(none.body.tickets).toEqual([]);
  });
});

// The cursor-based incremental ticket export and ticket deletion, as strict as Zendesk.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type RunningSimulator } from './server.ts';
import { client, startReceiver, waitFor } from './test-helpers.ts';

const T0 = Date.parse('2026-11-29T08:00:00Z');
let clock = T0;
let sim: RunningSimulator;
let api: ReturnType<typeof client>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startZendeskSimulator({ port: 0, now: () => clock, webhookTargetUrl: receiver.url });
  api = client(sim.url);
});
beforeEach(() => {
  clock = T0;
  sim.reset();
  receiver.received.length = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const seconds = (ms: number): number => Math.floor(ms / 1000);
const create = async (subject: string): Promise<{ id: number; updated_at: string }> =>
  (await api.post('/api/v2/tickets.json', { ticket: { subject, comment: { body: 'x' }, requester_id: sim.ids!.users.coreCustomer } })).body.ticket;
const exportFrom = (query: string) => api.get(`/api/v2/incremental/tickets/cursor.json?${query}`);

describe('incremental ticket export (cursor based)', () => {
  it('refuses a start_time within the last minute, and a request with neither start_time nor cursor', async () => {
    clock = T0 + 10 * 60_000;
    const recent = await exportFrom(`start_time=${seconds(clock - 30_000)}`);
    expect(recent.status).toBe(422);
    expect(recent.body).toEqual({ error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute' });
    expect((await exportFrom('')).status).toBe(400);
    expect((await exportFrom('start_time=yesterday')).status).toBe(400);
    expect((await exportFrom('cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await exportFrom(`start_time=${seconds(T0)}&per_page=1001`)).status).toBe(400);
  });

  it('exports every change once, in order, leaving out the last minute until it has passed', async () => {
    const a = await create('a');
    clock += 5_000;
    const b = await create('b');
    clock += 5_000;
    await api.put(`/api/v2/tickets/${a.id}.json`, { ticket: { status: 'solved' } });
    clock += 57_000; // b is 62 s old, a's change 57 s: not exported yet
    const first = await exportFrom(`start_time=${seconds(T0 - 60_000)}`);
    expect(first.status).toBe(200);
    expect(first.body.tickets.map((t: { id: number }) => t.id)).toEqual([b.id]);
    expect(first.body).toMatchObject({ end_of_stream: true, before_cursor: null });
    expect(first.body.after_url).toContain(`cursor=${first.body.after_cursor}`);

    clock += 60_000;
    const second = await exportFrom(`cursor=${first.body.after_cursor}`);
    expect(second.body.tickets).toMatchObject([{ id: a.id, status: 'solved' }]);
    expect(second.body.tickets[0].generated_timestamp).toBe(seconds(T0 + 10_000));
    const idle = await exportFrom(`cursor=${second.body.after_cursor}`);
    expect(idle.body).toMatchObject({ tickets: [], end_of_stream: true, after_cursor: second.body.after_cursor });
  });

  it('pages with per_page and says when the stream ends', async () => {
    for (let i = 0; i < 5; i++) await create(`t${i}`);
    clock += 61_000;
    const page1 = await exportFrom(`start_time=${seconds(T0)}&per_page=2`);
    expect(page1.body.tickets).toHaveLength(2);
    expect(page1.body.end_of_stream).toBe(false);
    const page2 = await exportFrom(`cursor=${page1.body.after_cursor}&per_page=2`);
    const page3 = await exportFrom(`cursor=${page2.body.after_cursor}&per_page=2`);
    expect(page3.body.end_of_stream).toBe(true);
    expect([...page1.body.tickets, ...page2.body.tickets, ...page3.body.tickets].map((t: { subject: string }) => t.subject)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('includes deleted tickets with status "deleted" (unless exclude_deleted=true), scrubbed once deleted for good', async () => {
    const kept = await create('kept');
    const gone = await create('gone');
    const spam = await create('spam');
    expect((await api.del(`/api/v2/tickets/${gone.id}.json`)).status).toBe(204);
    expect((await api.put(`/api/v2/tickets/${spam.id}/mark_as_spam.json`)).status).toBe(200);
    expect((await api.del(`/api/v2/deleted_tickets/${spam.id}.json`)).status).toBe(200);
    expect((await api.get(`/api/v2/tickets/${gone.id}.json`)).status).toBe(404);
    clock += 61_000;
    const all = await exportFrom(`start_time=${seconds(T0)}`);
    expect(all.body.tickets.map((t: { id: number; status: string }) => [t.id, t.status])).toEqual([[kept.id, 'new'], [gone.id, 'deleted'], [spam.id, 'deleted']]);
    expect(all.body.tickets[2]).not.toHaveProperty('subject');
    const live = await exportFrom(`start_time=${seconds(T0)}&exclude_deleted=true`);
    expect(live.body.tickets.map((t: { id: number }) => t.id)).toEqual([kept.id]);
  });

  it('has its own rate limit: 10 requests a minute, then 429 with Retry-After', async () => {
    clock += 120_000;
    for (let i = 0; i < 10; i++) expect((await exportFrom(`start_time=${seconds(T0)}`)).status).toBe(200);
    const limited = await exportFrom(`start_time=${seconds(T0)}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other endpoints are not limited by it.
    expect((await api.get('/api/v2/tickets.json')).status).toBe(200);
  });
});

describe('ticket deletion and restore', () => {
  const events = () => receiver.received.map((r) => JSON.parse(r.body) as { type: string; subject: string; detail: { status: string } });

  it('sends soft_deleted, marked_as_spam, undeleted and permanently_deleted events through the webhook', async () => {
    const t = await create('to delete');
    const s = await create('to spam');
    await api.del(`/api/v2/tickets/${t.id}.json`);
    await api.put(`/api/v2/tickets/${s.id}/mark_as_spam.json`);
    await api.put(`/api/v2/deleted_tickets/${t.id}/restore.json`);
    await api.del(`/api/v2/deleted_tickets/${s.id}.json`);
    await sim.webhooksIdle();
    const lifecycle = await waitFor(() => {
      const found = events().filter((e) => /soft_deleted|spam|undeleted|permanently/.test(e.type));
      return found.length === 4 ? found : null;
    });
    expect(lifecycle.map((e) => [e.type, e.subject, e.detail.status])).toEqual([
      ['zen:event-type:ticket.soft_deleted', `zen:ticket:${t.id}`, 'DELETED'],
      ['zen:event-type:ticket.marked_as_spam', `zen:ticket:${s.id}`, 'DELETED'],
      ['zen:event-type:ticket.undeleted', `zen:ticket:${t.id}`, 'NEW'],
      ['zen:event-type:ticket.permanently_deleted', `zen:ticket:${s.id}`, 'DELETED'],
    ]);
    expect((await api.get(`/api/v2/tickets/${t.id}.json`)).status).toBe(200);
    expect((await api.put(`/api/v2/deleted_tickets/${s.id}/restore.json`)).status).toBe(404);
  });
});

// The legacy CSAT list as Zendesk's Satisfaction Ratings API documents it: admins only, score and
// start_time/end_time filters, cursor pagination; what it refuses, it refuses with a 400.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { basicAuth, client } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0 });
  api = client(sim.url);
});
beforeEach(() => sim.reset());
afterAll(async () => sim.close());

const epoch = (iso: string) => String(Date.parse(iso) / 1000);

async function ratedTickets() {
  const ratings = [
    { score: 'good', comment: 'Quick', created_at: '2026-03-01T10:00:00Z' },
    { score: 'bad', reason_code: 7, created_at: '2026-03-02T10:00:00Z' },
    { score: 'offered', created_at: '2026-03-03T10:00:00Z' },
    { score: 'good', created_at: '2026-03-04T10:00:00Z' },
  ];
  for (const rating of ratings) {
    const t = await api.post('/api/v2/tickets.json', { ticket: { subject: 'Q', comment: { body: 'Hi' }, requester_id: sim.ids!.users.coreCustomer } });
    const r = await fetch(`${sim.url}/__admin/satisfaction_ratings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ticket_id: t.body.ticket.id, ...rating }) });
    expect(r.status).toBe(201);
  }
}

describe('satisfaction ratings', () => {
  it('lists ratings with the documented properties, filtered by score and time', async () => {
    await ratedTickets();
    const all = await api.get('/api/v2/satisfaction_ratings.json');
    expect(all.status).toBe(200);
    expect(all.body.satisfaction_ratings).toHaveLength(4);
    expect(all.body.satisfaction_ratings[1]).toMatchObject({ score: 'bad', reason_code: 7, requester_id: sim.ids!.users.coreCustomer, created_at: '2026-03-02T10:00:00Z' });
    expect(Object.keys(all.body.satisfaction_ratings[0])).toEqual(expect.arrayContaining(['id', 'url', 'assignee_id', 'group_id', 'requester_id', 'ticket_id', 'score', 'comment', 'reason', 'reason_code', 'created_at', 'updated_at']));
    const scores = async (query: string) => (await api.get(`/api/v2/satisfaction_ratings.json?${query}`)).body.satisfaction_ratings.map((r: { score: string }) => r.score);
    expect(await scores('score=received')).toEqual(['good', 'bad', 'good']);
    expect(await scores('score=good_with_comment')).toEqual(['good']);
    expect(await scores('score=offered')).toEqual(['offered']);
    expect(await scores(`start_time=${epoch('2026-03-02T00:00:00Z')}&end_time=${epoch('2026-03-03T23:00:00Z')}`)).toEqual(['bad', 'offered']);
  });

  it('pages with a cursor: meta.has_more and links.next', async () => {
    await ratedTickets();
    const first = await api.get('/api/v2/satisfaction_ratings.json?page[size]=3');
    expect(first.body.satisfaction_ratings).toHaveLength(3);
    expect(first.body.meta.has_more).toBe(true);
    const next = await api.get(new URL(first.body.links.next).pathname + new URL(first.body.links.next).search);
    expect(next.body.satisfaction_ratings).toHaveLength(1);
    expect(next.body.meta.has_more).toBe(false);
  });

  it('refuses agents (admins only), unknown scores and times that are not epoch seconds', async () => {
    const agent = client(sim.url, basicAuth('wang.fang@tierwise.test'));
    expect((await agent.get('/api/v2/satisfaction_ratings.json')).status).toBe(403);
    expect((await api.get('/api/v2/satisfaction_ratings.json?score=great')).status).toBe(400);
    expect((await api.get('/api/v2/satisfaction_ratings.json?start_time=2026-03-01')).status).toBe(400);
    expect((await api.get('/api/v2/satisfaction_ratings.json?page[size]=0')).status).toBe(400);
  });
});

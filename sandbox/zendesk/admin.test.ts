import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { client } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;
const admin = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${sim.url}/__admin${path}`, { method, ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0 });
  api = client(sim.url);
});
beforeEach(async () => {
  await admin('/faults', 'DELETE');
  await admin('/reset', 'POST');
});
afterAll(async () => sim.close());

describe('admin API', () => {
  it('reports health', async () => {
    expect(await admin('/health')).toEqual({ status: 200, body: { ok: true } });
  });

  it('injects server errors, deterministically or at a rate', async () => {
    await admin('/faults', 'POST', { failNext: 2, failStatus: 503 });
    expect((await api.get('/api/v2/users/me.json')).status).toBe(503);
    expect((await api.get('/api/v2/users/me.json')).status).toBe(503);
    expect((await api.get('/api/v2/users/me.json')).status).toBe(200);
    const set = await admin('/faults', 'POST', { errorRate: 1 });
    expect(set.body.errorRate).toBe(1);
    const failed = await api.get('/api/v2/users/me.json');
    expect([500, 503]).toContain(failed.status);
    expect(typeof failed.body.error).toBe('string');
    await admin('/faults', 'DELETE');
    expect((await admin('/faults')).body.errorRate).toBe(0);
    expect((await api.get('/api/v2/users/me.json')).status).toBe(200);
  });

  it('adds latency and simulated safe-update conflicts', async () => {
    await admin('/faults', 'POST', { latencyMs: 150 });
    const started = Date.now();
    await api.get('/api/v2/users/me.json');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await admin('/faults', 'POST', { latencyMs: 0, conflictRate: 1 });
    const t = (await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' } } })).body.ticket;
    const res = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low', safe_update: true, updated_stamp: t.updated_at } });
    expect(res.status).toBe(409);
    // without safe_update the conflict fault does not apply
    expect((await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low' } })).status).toBe(200);
  });

  it('logs requests so tests can count calls', async () => {
    const before = (await admin('/requests')).body.last_seq;
    const t = (await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' } } })).body.ticket;
    await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'low' } });
    await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high' } });
    const log = await admin(`/requests?since=${before}`);
    const puts = log.body.requests.filter((r: { method: string; path: string }) => r.method === 'PUT' && r.path === `/api/v2/tickets/${t.id}.json`);
    expect(puts).toHaveLength(2);
    expect(puts[1]).toMatchObject({ status: 200, body: { ticket: { priority: 'high' } } });
    await admin('/requests', 'DELETE');
    expect((await admin('/requests')).body.requests).toEqual([]);
  });

  it('resets to the seed', async () => {
    await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' } } });
    await api.post('/api/v2/groups.json', { group: { name: 'Temp' } });
    await admin('/reset', 'POST');
    expect((await api.get('/api/v2/tickets.json')).body.count).toBe(0);
    expect((await api.get('/api/v2/groups.json')).body.count).toBe(3);
    const created = await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' } } });
    expect(created.body.ticket.id).toBe(1);
  });
});

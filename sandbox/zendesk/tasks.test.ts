// Task tickets as the care run uses them: a due date only on a task, and the list filtered by external_id.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type RunningSimulator } from './server.ts';
import { client } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0 });
  api = client(sim.url);
});
beforeEach(() => sim.reset());
afterAll(async () => sim.close());

const task = (extra: Record<string, unknown> = {}) => ({
  ticket: { subject: 'Monthly call', comment: { body: 'Call the customer', public: false }, requester_id: sim.ids!.users.coreCustomer, type: 'task', due_at: '2026-12-01T23:59:59Z', ...extra },
});

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

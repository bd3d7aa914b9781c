import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, createTicket, deliver, getTicket, lastRequestSeq, requestsSince, ticketRequestsSince, settle, ticketEvent, ticketObject, zendesk } from './helpers.ts';

const CORE = 'zhang.wei@example.com';
const POTENTIAL = 'michael.brown@example.com';

afterEach(async () => {
  await admin('DELETE', '/faults');
});

async function putsTo(ticketId: number, since: number) {
  return (await requestsSince(since, { method: 'PUT', path: `/api/v2/tickets/${ticketId}` })).filter((r) => r.status === 200);
}

describe('tier -> priority pipeline', () => {
  it('a new ticket from a core customer becomes high with the tier tag', async () => {
    const ticket = await createTicket(CORE, { tags: ['printer'] });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('high');
    expect(after.tags).toEqual(expect.arrayContaining(['printer', 'tierwise_tier_core']));
  });

  it('a potential customer gets normal, and an after-sales fault one step more', async () => {
    const plain = await createTicket(POTENTIAL);
    const fault = await createTicket(POTENTIAL, { tags: ['scene_aftersale'] });
    await deliver(ticketEvent(plain));
    await deliver(ticketEvent(fault));
    await settle(plain.id);
    await settle(fault.id);
    expect((await getTicket(plain.id)).priority).toBe('normal');
    expect((await getTicket(fault.id)).priority).toBe('high');
  });

  it('the same delivery three times makes exactly one PUT', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    const payload = ticketEvent(ticket);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(((await (await deliver(payload)).json()) as { status: string }).status);
    expect(statuses).toEqual(['accepted', 'duplicate', 'duplicate']);
    await settle(ticket.id);
    expect(await putsTo(ticket.id, since)).toHaveLength(1);
  });

  it('an event that changes nothing makes no Zendesk call at all', async () => {
    const ticket = await createTicket(CORE);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const current = await getTicket(ticket.id);
    const since = await lastRequestSeq();
    await deliver(ticketEvent(current, 'ticket.tags_changed'));
    await settle(ticket.id);
    expect(await requestsSince(since)).toEqual([]);
  });

  it('an event older than one already applied is dropped as stale', async () => {
    const ticket = await createTicket(CORE);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const response = await deliver(ticketEvent({ ...ticket, updated_at: '2020-01-01T00:00:00Z' }, 'ticket.priority_changed'));
    expect(await response.json()).toMatchObject({ status: 'stale' });
  });

  it("leaves Tierwise's own care tasks alone: no tier, no priority, no clock, no service facts", async () => {
    // A follow-up task the care run (or an agent, from the sidebar) filed for a core customer.
    const task = await createTicket(CORE, { type: 'task', due_at: new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), external_id: `tierwise-care:u1:cadence:${Date.now()}`, tags: ['tierwise_care', 'tierwise_care_cadence'] });
    const since = await lastRequestSeq();
    await deliver(ticketEvent(task));
    await settle(task.id);
    const after = await getTicket(task.id);
    expect(after.priority).toBeNull();
    expect(after.tags.filter((t) => t.startsWith('tierwise_tier_'))).toEqual([]);
    expect(await putsTo(task.id, since)).toEqual([]);
    expect((await ticketObject(task.id).view()).clock).toBeNull();
    const facts = await env.DB.prepare('SELECT COUNT(*) AS n FROM service_facts WHERE ticket_id = ?').bind(task.id).first<{ n: number }>();
    expect(facts?.n).toBe(0);
  });

  it('never lowers a priority an agent raised', async () => {
    const ticket = await createTicket(POTENTIAL, { priority: 'urgent' });
    const since = await lastRequestSeq();
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('urgent');
    expect(after.tags).toContain('tierwise_tier_potential');
    const [put] = await requestsSince(since, { method: 'PUT' });
    expect(put).toBeDefined();
  });

  it('waits out a 429 and then succeeds', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    await admin('POST', '/faults', { failNext: 1, failStatus: 429 });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id, 20_000);
    const calls = await ticketRequestsSince(since, ticket.id);
    // The read before the write (see the one-second stamp test below) is refused once, then answered.
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 429', 'GET 200', 'PUT 200']);
    expect((await getTicket(ticket.id)).priority).toBe('high');
  });

  it('retries a 5xx and then succeeds, without a second change', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    await admin('POST', '/faults', { failNext: 2, failStatus: 500 });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id, 20_000);
    expect(await putsTo(ticket.id, since)).toHaveLength(1);
    expect((await getTicket(ticket.id)).priority).toBe('high');
  });

  it('an event that arrives while a run waits on Zendesk is kept and processed', async () => {
    const ticket = await createTicket(CORE, { tags: ['scene_presale'] });
    await admin('POST', '/faults', { latencyMs: 300 });
    await deliver(ticketEvent(ticket));
    // The first run is now waiting on a slow Zendesk; the agent turns it into an after-sales fault.
    await new Promise((r) => setTimeout(r, 100));
    const { ticket: changed } = await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags: ['scene_aftersale'] } });
    expect(await (await deliver(ticketEvent(changed, 'ticket.tags_changed'))).json()).toMatchObject({ status: 'accepted' });
    await settle(ticket.id, 20_000);
    await admin('DELETE', '/faults');
    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('urgent');
    expect((await ticketObject(ticket.id).view()).clock).toMatchObject({ scene: 'aftersale' });
  });

  it('an agent change that lands while the run holds an older read: read again, and no PUT for Zendesk to refuse', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    // The run's read is handled at once but answered 4 s later: by then the agent has changed the
    // ticket (a later second) and its event is queued, so the answer the run gets is out of date.
    await admin('POST', '/faults', { answerDelayMs: 4_000, faultPath: '/api/v2/tickets/show_many' });
    await deliver(ticketEvent(ticket));
    await new Promise((r) => setTimeout(r, 2_500));
    const { ticket: changed } = await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'pending' } });
    expect(await (await deliver(ticketEvent(changed, 'ticket.status_changed'))).json()).toMatchObject({ status: 'accepted' });
    await settle(ticket.id, 30_000);
    const puts = (await ticketRequestsSince(since, ticket.id)).filter((c) => c.method === 'PUT').map((c) => `${c.method} ${c.status}`);
    // The agent's PUT, then the worker's one, on the ticket as the agent left it.
    expect(puts).toEqual(['PUT 200', 'PUT 200']);
    const after = await getTicket(ticket.id);
    expect(after).toMatchObject({ status: 'pending', priority: 'high' });
  });

  it('an agent edit in the same second as the event is seen before the write, and kept', async () => {
    const ticket = await createTicket(CORE);
    // An agent edits the ticket after Zendesk sent the event and before the worker acts on it,
    // within the same second: Zendesk's updated_at (one-second resolution) does not change, so
    // safe_update alone would let the worker's tag list replace the agent's.
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags: [...ticket.tags, 'agent_note'] } });
    const since = await lastRequestSeq();
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const calls = await ticketRequestsSince(since, ticket.id);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'PUT 200']);
    const after = await getTicket(ticket.id);
    expect(after.tags).toEqual(expect.arrayContaining(['agent_note', 'tierwise_tier_core']));
    expect(after.priority).toBe('high');
  });
});

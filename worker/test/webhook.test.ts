import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTicket, deliver, getTicket, lastRequestSeq, requestsSince, ticketRequestsSince, settle, ticketEvent } from './helpers.ts';

const CORE = 'zhang.wei@example.com';

describe('POST /webhooks/zendesk: signatures', () => {
  it('refuses a missing signature with a JSON 401', async () => {
    const response = await deliver({ any: 1 }, { signature: null });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'missing_signature', message: expect.stringContaining('X-Zendesk-Webhook-Signature') } });
  });

  it('refuses a signature made with another secret', async () => {
    const response = await deliver({ any: 1 }, { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
  });

  it('refuses a signature over a different body', async () => {
    const ticket = await createTicket(CORE);
    const payload = ticketEvent(ticket);
    const response = await deliver(payload, { body: JSON.stringify({ ...payload, id: 'tampered' }), signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(response.status).toBe(401);
  });

  it('refuses a stale timestamp, even correctly signed', async () => {
    const ticket = await createTicket(CORE);
    const stale = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const response = await deliver(ticketEvent(ticket), { timestamp: stale });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('stale_timestamp');
  });

  it('refuses a malformed timestamp', async () => {
    const response = await deliver({ any: 1 }, { timestamp: 'yesterday' });
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('malformed_timestamp');
  });
});

describe('POST /webhooks/zendesk: payloads', () => {
  it('accepts a signed event-subscription payload with 202 and sets the tier', async () => {
    const ticket = await createTicket(CORE);
    const response = await deliver(ticketEvent(ticket));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted', ticket_id: ticket.id });
  });

  it('accepts the trigger payload family and reads the ticket itself', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    const response = await deliver({ tierwise: 1, ticket: { id: String(ticket.id), requester_id: String(ticket.requester_id), status: 'Open' } });
    expect(response.status).toBe(202);
    await settle(ticket.id);
    const calls = await ticketRequestsSince(since, ticket.id);
    expectReadsThenOneWrite(calls.map((r) => r.method));
  });

  it('drops a captured trigger delivery replayed with a new invocation id (the header is not signed), and Zendesk\'s own retry', async () => {
    const ticket = await createTicket(CORE);
    const captured = { body: JSON.stringify({ tierwise: 1, ticket: { id: String(ticket.id) } }), timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const first = await deliver(null, { ...captured, invocationId: 'inv-genuine' });
    expect(await first.json()).toEqual({ status: 'accepted', ticket_id: ticket.id });
    const replayed = await deliver(null, { ...captured, invocationId: 'inv-replayed-by-an-attacker' });
    expect(await replayed.json()).toEqual({ status: 'duplicate', ticket_id: ticket.id });
    // Zendesk's own retry keeps the invocation id, signed anew: still the same delivery.
    const retried = await deliver(null, { body: captured.body, invocationId: 'inv-genuine', timestamp: new Date(Date.parse(captured.timestamp) + 2000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(await retried.json()).toEqual({ status: 'duplicate', ticket_id: ticket.id });
    // A genuine later delivery (its own timestamp, so its own signature) is a new event.
    const later = await deliver(null, { body: captured.body, timestamp: new Date(Date.parse(captured.timestamp) + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(await later.json()).toMatchObject({ status: 'accepted' });
  });

  it('answers 2xx "ignored" for a genuine event that is not about tickets', async () => {
    const response = await deliver({ type: 'zen:event-type:user.created', id: 'u1', subject: 'zen:user:5', detail: { id: '5' }, event: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ignored' });
  });

  it('acknowledges a genuine event it cannot read, says why, and has the ticket re-read instead', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    const payload = ticketEvent(ticket, 'ticket.status_changed');
    const response = await deliver({ ...payload, detail: { ...(payload.detail as object), status: 'ARCHIVED' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ignored', reason: expect.stringMatching(/^detail\.status: /), ticket_id: ticket.id, reread: 'accepted' });
    await settle(ticket.id);
    const calls = await ticketRequestsSince(since, ticket.id);
    expectReadsThenOneWrite(calls.map((r) => r.method));
    expect((await getTicket(ticket.id)).priority).toBe('high');
  });

  it('a null where a list belongs is acknowledged too, and a redelivery of it is not re-read twice', async () => {
    const ticket = await createTicket(CORE);
    const payload = ticketEvent(ticket, 'ticket.tags_changed');
    const odd = { ...payload, detail: { ...(payload.detail as object), tags: null } };
    const first = await deliver(odd);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/^detail\.tags: /), reread: 'accepted' });
    expect(await (await deliver(odd)).json()).toMatchObject({ status: 'ignored', reread: 'duplicate' });
    await settle(ticket.id);
  });

  it('a genuine event naming no readable ticket is acknowledged without any Zendesk call', async () => {
    const since = await lastRequestSeq();
    const response = await deliver({ type: 'zen:event-type:ticket.created', id: 'x', detail: { id: 'twelve', status: 'OPEN' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ignored', reason: expect.stringMatching(/^subject: /) });
    expect(await requestsSince(since)).toEqual([]);
  });

  it('a body that is not a JSON object is no delivery at all: 422', async () => {
    const response = await deliver([1, 2]);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: 'invalid_payload', message: 'body: must be a JSON object' } });
  });

  it('refuses non-JSON and a wrong content type', async () => {
    expect((await deliver(null, { body: '{"type": ' })).status).toBe(400);
    expect((await deliver({ a: 1 }, { contentType: 'text/plain' })).status).toBe(415);
  });

  it('refuses a body over the size cap', async () => {
    const response = await deliver(null, { body: JSON.stringify({ pad: 'x'.repeat(300_000) }) });
    expect(response.status).toBe(413);
  });
});

describe('the rest of the HTTP surface', () => {
  it('GET /health', async () => {
    // Before any reconciliation sweep (its outcome, once there is one: reconcile.test.ts).
    await env.DB.prepare("DELETE FROM sync_cursor WHERE name = 'reconcile_outcome'").run();
    const response = await SELF.fetch('https://tierwise.test/health');
    expect(await response.json()).toEqual({ status: 'ok', service: 'tierwise', needs_attention: { refused_changes: expect.any(Number), days: 7 }, reconciliation: null, installation: { state: 'ok', id: Number(env.TIERWISE_INSTALLATION_ID) } });
  });

  it('unknown routes get a JSON 404', async () => {
    const response = await SELF.fetch('https://tierwise.test/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

/**
 * The worker reads the ticket itself and then writes once. A read made within the second of the
 * ticket's updated_at is repeated once that second is over (one-second stamps): one read or two,
 * by timing, never a write before a read or a second write.
 */
function expectReadsThenOneWrite(methods: string[]): void {
  expect(methods.at(-1)).toBe('PUT');
  expect(methods.filter((m) => m === 'PUT')).toHaveLength(1);
  expect(methods.slice(0, -1).length).toBeGreaterThanOrEqual(1);
  expect(methods.slice(0, -1).every((m) => m === 'GET')).toBe(true);
}

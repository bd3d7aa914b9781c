/**
 * Zendesk's answers, classified once in the client, against the strict simulator: a write is
 * never resent blind, a permanent refusal says what Zendesk said without personal data, and a
 * 404 means "deleted" only for the ticket itself.
 */
import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { refusalOf, TicketGone, WriteOutcomeUnknown, ZendeskClient, ZendeskRefused } from '../src/zendesk/client.ts';
import { admin, createTicket, lastRequestSeq, requestsSince, userIdByEmail } from './helpers.ts';

const CORE = 'zhang.wei@example.com';

const client = () => new ZendeskClient({ baseUrl: env.ZENDESK_BASE_URL, auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN }, sleep: async () => undefined });

afterEach(async () => {
  await admin('DELETE', '/faults');
});

describe('a write whose answer is a 5xx or lost', () => {
  it('is sent once, never resent: its outcome is unknown', async () => {
    const ticket = await createTicket(CORE);
    const since = await lastRequestSeq();
    await admin('POST', '/faults', { failNext: 1, failStatus: 503 });
    await expect(client().updateTicket(ticket.id, { priority: 'high' }, ticket.updated_at)).rejects.toBeInstanceOf(WriteOutcomeUnknown);
    expect((await requestsSince(since, { path: `/api/v2/tickets/${ticket.id}` })).map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 503']);
  });
});

describe('a permanent refusal', () => {
  it('carries Zendesk\'s error, description and the fields it objected to, never their values', async () => {
    const ticket = await createTicket(CORE);
    const customer = await userIdByEmail(CORE);
    const error = await client().updateTicket(ticket.id, { group_id: 999_999 }, ticket.updated_at).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskRefused);
    expect(error).not.toBeInstanceOf(TicketGone);
    expect(error).toMatchObject({ status: 422, error: 'RecordInvalid', description: 'Record validation errors; fields: group_id' });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(String(customer));
  });

  it('reads each of Zendesk\'s error shapes, keeping field names and dropping their values', () => {
    expect(refusalOf('{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid x@y.test"}]}}')).toEqual({ error: 'RecordInvalid', description: 'Record validation errors; fields: requester' });
    expect(refusalOf('{"error":{"title":"Forbidden","message":"You do not have access to this page."}}')).toEqual({ error: 'Forbidden', description: 'You do not have access to this page.' });
    expect(refusalOf('{"errors":[{"code":"TooManyValues","title":"Too many","detail":"At most 100"}]}')).toEqual({ error: 'TooManyValues', description: 'At most 100' });
    expect(refusalOf('<html>')).toEqual({ error: 'Unknown', description: 'no JSON body' });
  });

  it('a 404 on the ticket is a deletion; on a user it is only a refused read', async () => {
    await expect(client().getTicket(987_654)).rejects.toBeInstanceOf(TicketGone);
    const user = await client().getUser(987_654).catch((e: unknown) => e);
    expect(user).toBeInstanceOf(ZendeskRefused);
    expect(user).not.toBeInstanceOf(TicketGone);
  });
});

describe('/health', () => {
  it('answers cheaply with the needs-attention count', async () => {
    const body = await (await SELF.fetch('https://tierwise.test/health')).json<{ needs_attention: { refused_changes: number } }>();
    expect(body.needs_attention.refused_changes).toBeGreaterThanOrEqual(0);
  });
});

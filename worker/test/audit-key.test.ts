/**
 * The audit API answers an agent only for a ticket Zendesk lets them see: every update the
 * worker makes leaves the ticket's key in its audit, which Zendesk shows only to such agents,
 * and the API wants that key besides the app's token.
 */
import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { TICKET_KEY_HEADER } from '../src/api/ticket-key.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';
import { createTicket, deliver, settle, ticketEvent, userIdByEmail, zendesk } from './helpers.ts';

const CORE = 'zhang.wei@example.com';
const AGENT = 'wang.fang@tierwise.test';

const asAgent = (email: string) => `Basic ${btoa(`${email}/token:${TEST_ZENDESK.apiToken}`)}`;

/** The ticket's audits as `email` sees them through Zendesk (what the sidebar reads through ZAF). */
async function auditsAs(email: string, ticketId: number): Promise<{ status: number; key: string | null }> {
  const response = await fetch(`${env.ZENDESK_BASE_URL}/api/v2/tickets/${ticketId}/audits.json`, { headers: { Authorization: asAgent(email) } });
  if (!response.ok) return { status: response.status, key: null };
  const { audits } = (await response.json()) as { audits: Array<{ metadata: { custom: Record<string, unknown> } }> };
  const key = audits.map((a) => a.metadata.custom.tierwise_key).find((k): k is string => typeof k === 'string') ?? null;
  return { status: response.status, key };
}

function readAudit(ticketId: number, key?: string): Promise<Response> {
  return SELF.fetch(`https://tierwise.test/api/tickets/${ticketId}/audit`, { headers: { Authorization: `Bearer ${TEST_ZENDESK.workerToken}`, ...(key === undefined ? {} : { [TICKET_KEY_HEADER]: key }) } });
}

afterEach(async () => {
  await zendesk('PUT', `/api/v2/users/${await userIdByEmail(AGENT)}.json`, { user: { ticket_restriction: null } });
});

describe('who may read a ticket\'s audit trail', () => {
  it('an agent who may see the ticket finds its key in the ticket\'s audits and reads the trail with it', async () => {
    const ticket = await createTicket(CORE);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const { status, key } = await auditsAs(AGENT, ticket.id);
    expect(status).toBe(200);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await readAudit(ticket.id, key!);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { audit: Array<{ step: string }> }).audit.map((r) => r.step)).toEqual(['tier']);
  });

  it('an agent Zendesk does not let see the ticket gets no key, and the trail is refused without one', async () => {
    const ticket = await createTicket(CORE);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    // Restricted to their groups; the ticket is in none of them.
    await zendesk('PUT', `/api/v2/users/${await userIdByEmail(AGENT)}.json`, { user: { ticket_restriction: 'groups' } });
    expect(await auditsAs(AGENT, ticket.id)).toEqual({ status: 403, key: null });
    const refused = await readAudit(ticket.id);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'missing_ticket_key' } });
  });

  it('refuses another ticket\'s key, a made-up key and the shared token alone', async () => {
    const [mine, other] = [await createTicket(CORE), await createTicket(CORE)];
    for (const t of [mine, other]) await deliver(ticketEvent(t));
    await settle(mine.id);
    await settle(other.id);
    const otherKey = (await auditsAs(AGENT, other.id)).key!;
    for (const key of [otherKey, 'A'.repeat(43), 'not a key']) {
      const response = await readAudit(mine.id, key);
      expect(response.status, key).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_ticket_key' } });
    }
    expect((await readAudit(mine.id)).status).toBe(403);
  });
});

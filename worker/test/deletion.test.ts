/** Deleted tickets leave nothing behind; restored ones do not climb their ladder again; solved ones are retired. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { accountKey } from '../src/zendesk/account-key.ts';
import { retireSolvedTickets } from '../src/ticket/retention.ts';
import type { ZendeskTicket } from '../src/zendesk/types.ts';
import { createTicket, deliver, getTicket, importTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

const DAY = 86_400_000;

async function rowsOf(table: string, ticketId: number): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE account = ? AND ticket_id = ?`).bind(accountKey(env), ticketId).first<{ n: number }>();
  return row?.n ?? 0;
}

async function known(ticket: ZendeskTicket): Promise<void> {
  await deliver(ticketEvent(ticket));
  await settle(ticket.id, 20_000);
  expect(await rowsOf('audit', ticket.id)).toBeGreaterThan(0);
  expect(await rowsOf('ticket_state', ticket.id)).toBe(1);
}

/** The event Zendesk sends when a ticket is deleted: its detail shows status DELETED. */
function goneEvent(ticket: ZendeskTicket, type: string): Record<string, unknown> {
  const event = ticketEvent(ticket, type);
  return { ...event, detail: { ...(event.detail as Record<string, unknown>), status: 'DELETED' } };
}

describe('ticket deletion', () => {
  for (const type of ['ticket.soft_deleted', 'ticket.marked_as_spam', 'ticket.permanently_deleted']) {
    it(`${type}: the ticket's object storage and every D1 row about it are removed`, async () => {
      const ticket = await createTicket('liu.yang@example.com');
      await known(ticket);
      expect(await rowsOf('service_facts', ticket.id)).toBe(1);

      const response = await deliver(goneEvent(ticket, type));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'purged', ticket_id: ticket.id });
      for (const table of ['audit', 'ticket_state', 'service_facts', 'satisfaction', 'alert_deliveries']) expect(await rowsOf(table, ticket.id)).toBe(0);
      expect(await ticketObject(ticket.id).view()).toEqual({ ticketId: null, queued: 0, clock: null, status: null, alarmAt: null, failures: 0 });
    });
  }

  it('a restored ticket keeps the steps it took: no escalation again', async () => {
    const ticket = await importTicket('zhang.wei@example.com', new Date(Date.now() - 30 * 3_600_000));
    await known(ticket);
    // Its deadlines passed long ago: the clock's next alarm takes the due steps.
    await expect.poll(async () => (await getTicket(ticket.id)).tags, { timeout: 20_000 }).toEqual(expect.arrayContaining(['tierwise_sla_breached', 'tierwise_escalated_l1']));
    await settle(ticket.id, 20_000);
    const escalated = await getTicket(ticket.id);

    await zendesk('DELETE', `/api/v2/tickets/${ticket.id}.json`);
    await deliver(goneEvent(escalated, 'ticket.soft_deleted'));
    await zendesk('PUT', `/api/v2/deleted_tickets/${ticket.id}/restore.json`);
    const restored = await getTicket(ticket.id);
    const since = await lastRequestSeq();
    await deliver(ticketEvent(restored, 'ticket.undeleted'));
    await settle(ticket.id, 20_000);

    expect(await requestsSince(since, { method: 'PUT', path: `/api/v2/tickets/${ticket.id}` })).toEqual([]);
    expect((await getTicket(ticket.id)).group_id).toBe(escalated.group_id);
    expect((await ticketObject(ticket.id).view()).clock?.done).toEqual(expect.arrayContaining(['at_risk', 'breached', 'l1']));
  });
});

describe('retention of solved tickets', () => {
  async function solvedTicket(): Promise<ZendeskTicket> {
    const ticket = await createTicket('liu.yang@example.com');
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    const { ticket: solved } = await zendesk<{ ticket: ZendeskTicket }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'solved' } });
    await known(solved);
    const row = await env.DB.prepare('SELECT solved_at_ms FROM ticket_state WHERE account = ? AND ticket_id = ?').bind(accountKey(env), ticket.id).first<{ solved_at_ms: number | null }>();
    expect(row?.solved_at_ms).toEqual(expect.any(Number));
    return solved;
  }

  it('removes the object state and audit rows of a ticket solved longer ago than audit_retention_days, keeping its service facts', async () => {
    const ticket = await solvedTicket();
    const now = Date.now() + 366 * DAY;
    expect(await retireSolvedTickets(env, 365, now)).toMatchObject({ removed: 1, failed: 0 });
    expect(await rowsOf('audit', ticket.id)).toBe(0);
    expect(await rowsOf('ticket_state', ticket.id)).toBe(0);
    expect(await rowsOf('service_facts', ticket.id)).toBe(1);
    expect((await ticketObject(ticket.id).view()).clock).toBeNull();
  });

  it('keeps a solved ticket within the period, and one that was reopened since', async () => {
    const recent = await solvedTicket();
    expect(await retireSolvedTickets(env, 365, Date.now() + 300 * DAY)).toMatchObject({ removed: 0 });
    expect(await rowsOf('audit', recent.id)).toBeGreaterThan(0);

    const reopened = await solvedTicket();
    const { ticket: open } = await zendesk<{ ticket: ZendeskTicket }>('PUT', `/api/v2/tickets/${reopened.id}.json`, { ticket: { status: 'open' } });
    await deliver(ticketEvent(open, 'ticket.status_changed'));
    await settle(reopened.id, 20_000);
    // The index still says solved long ago (as if written before the reopen landed): the object knows better.
    await env.DB.prepare('UPDATE ticket_state SET solved_at_ms = 1 WHERE account = ? AND ticket_id = ?').bind(accountKey(env), reopened.id).run();
    await retireSolvedTickets(env, 365, Date.now() + 10 * DAY);
    expect(await rowsOf('audit', reopened.id)).toBeGreaterThan(0);
    const row = await env.DB.prepare('SELECT solved_at_ms FROM ticket_state WHERE account = ? AND ticket_id = ?').bind(accountKey(env), reopened.id).first<{ solved_at_ms: number | null }>();
    expect(row?.solved_at_ms).toBeNull();
  });
});

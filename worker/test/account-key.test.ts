/**
 * Stored state belongs to one Zendesk account: ticket 77 of another account (or of a simulator
 * started afresh on another port) is a different ticket, in object names and in the D1 index.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { budgetObjectName, customerObjectName, ticketObjectName } from '../src/objects.ts';
import { appliedVersions, forgetTicket, indexTicket, lateClocks } from '../src/ticket/ticket-index.ts';
import { accountKey } from '../src/zendesk/account-key.ts';

describe('state keyed by account', () => {
  it('names objects inside the account', () => {
    const acme = { ZENDESK_BASE_URL: 'https://Acme.zendesk.com/' };
    const other = { ZENDESK_BASE_URL: 'https://other.zendesk.com' };
    expect(ticketObjectName(acme, 77)).toBe('acme.zendesk.com/ticket:77');
    expect(ticketObjectName(other, 77)).not.toBe(ticketObjectName(acme, 77));
    expect(customerObjectName(acme, 'organization', 5)).toBe('acme.zendesk.com/organization:5');
    expect(budgetObjectName({ ZENDESK_BASE_URL: 'http://127.0.0.1:4010' })).toBe('127.0.0.1:4010/budget');
  });

  it('the ticket_state index sees only this account\'s rows', async () => {
    const now = Date.now();
    await env.DB.prepare('INSERT INTO ticket_state (account, ticket_id, updated_at_ms, next_alarm_at) VALUES (?, ?, ?, ?)').bind('other.zendesk.com', 770077, now, now - 3_600_000).run();
    expect(await appliedVersions(env.DB, [770077])).toEqual(new Map());
    expect(await lateClocks(env.DB, now, 0, 100)).not.toContain(770077);

    await indexTicket(env.DB, { ticketId: 770077, updatedAtMs: now - 1000, nextAlarmAt: null });
    expect(await appliedVersions(env.DB, [770077])).toEqual(new Map([[770077, now - 1000]]));
    const rows = await env.DB.prepare('SELECT account, updated_at_ms FROM ticket_state WHERE ticket_id = ? ORDER BY account').bind(770077).all<{ account: string; updated_at_ms: number }>();
    expect(rows.results).toEqual([{ account: accountKey(env), updated_at_ms: now - 1000 }, { account: 'other.zendesk.com', updated_at_ms: now }].sort((a, b) => a.account.localeCompare(b.account)));

    await forgetTicket(env.DB, 770077);
    const left = await env.DB.prepare('SELECT account FROM ticket_state WHERE ticket_id = ?').bind(770077).all<{ account: string }>();
    expect(left.results).toEqual([{ account: 'other.zendesk.com' }]);
  });

  it('reads the applied versions of more than 100 tickets in one query', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => 880000 + i);
    for (const ticketId of ids.slice(0, 3)) await indexTicket(env.DB, { ticketId, updatedAtMs: 1, nextAlarmAt: null });
    expect([...(await appliedVersions(env.DB, ids)).keys()].sort()).toEqual(ids.slice(0, 3));
  });
});

/**
 * The D1 index of ticket objects (worker/migrations/0004_ticket_state_by_account.sql), one row
 * per account and ticket. The account is this worker's (accountKey of its ZENDESK_BASE_URL),
 * read from the runtime's env, so every caller keeps passing just the database.
 */
import { env as runtimeEnv } from 'cloudflare:workers';
import { accountKey } from '../zendesk/account-key.ts';

/** An alarm this far past its time counts as late (the runtime retries alarms within seconds). */
export const LATE_AFTER_MS = 5 * 60_000;
export interface IndexedTicket {
  ticketId: number;
  updatedAtMs: number;
  nextAlarmAt: number | null;
  /** When the ticket was solved or closed (ms); null while it is open. */
  solvedAtMs?: number | null;
}

function account(): string {
  return accountKey(runtimeEnv);
}

export async function indexTicket(db: D1Database, entry: IndexedTicket): Promise<void> {
  await indexStatement(db, entry).run();
}

/** The index write, for a caller that batches it with its other writes. */
export function indexStatement(db: D1Database, entry: IndexedTicket): D1PreparedStatement {
  return db
    .prepare('INSERT INTO ticket_state (account, ticket_id, updated_at_ms, next_alarm_at, solved_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, ticket_id) DO UPDATE SET updated_at_ms = MAX(updated_at_ms, excluded.updated_at_ms), next_alarm_at = excluded.next_alarm_at, solved_at_ms = excluded.solved_at_ms')
    .bind(account(), entry.ticketId, entry.updatedAtMs, entry.nextAlarmAt, entry.solvedAtMs ?? null);
}

export async function forgetTicket(db: D1Database, ticketId: number): Promise<void> {
  await db.prepare('DELETE FROM ticket_state WHERE account = ? AND ticket_id = ?').bind(account(), ticketId).run();
}

/**
 * The newest version each object applied, for the given tickets, in one query: the ids go in as
 * one JSON array (json_each), so D1's limit of 100 bound parameters does not apply.
 */
export async function appliedVersions(db: D1Database, ticketIds: readonly number[]): Promise<Map<number, number>> {
  if (ticketIds.length === 0) return new Map();
  const { results } = await db
    .prepare('SELECT ticket_id, updated_at_ms FROM ticket_state WHERE account = ? AND ticket_id IN (SELECT value FROM json_each(?))')
    .bind(account(), JSON.stringify(ticketIds))
    .all<{ ticket_id: number; updated_at_ms: number }>();
  return new Map(results.map((r) => [r.ticket_id, r.updated_at_ms]));
}

/** Tickets whose alarm should have fired more than `graceMs` ago. */
export async function lateClocks(db: D1Database, now: number, graceMs: number, limit: number): Promise<number[]> {
  const { results } = await db
    .prepare('SELECT ticket_id FROM ticket_state WHERE account = ? AND next_alarm_at < ? ORDER BY next_alarm_at LIMIT ?')
    .bind(account(), now - graceMs, limit)
    .all<{ ticket_id: number }>();
  return results.map((r) => r.ticket_id);
}

/** Solved (or closed) tickets solved before `before` (ms), oldest first: what retention removes. */
export async function solvedBefore(db: D1Database, before: number, limit: number): Promise<number[]> {
  const { results } = await db
    .prepare('SELECT ticket_id FROM ticket_state WHERE account = ? AND solved_at_ms < ? ORDER BY solved_at_ms LIMIT ?')
    .bind(account(), before, limit)
    .all<{ ticket_id: number }>();
  return results.map((r) => r.ticket_id);
}

/** The D1 index of ticket objects (worker/migrations/0002_ticket_state.sql). */

/** An alarm this far past its time counts as late (the runtime retries alarms within seconds). */
export const LATE_AFTER_MS = 5 * 60_000;
export interface IndexedTicket {
  ticketId: number;
  updatedAtMs: number;
  nextAlarmAt: number | null;
}

export async function indexTicket(db: D1Database, entry: IndexedTicket): Promise<void> {
  await db
    .prepare('INSERT INTO ticket_state (ticket_id, updated_at_ms, next_alarm_at) VALUES (?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET updated_at_ms = MAX(updated_at_ms, excluded.updated_at_ms), next_alarm_at = excluded.next_alarm_at')
    .bind(entry.ticketId, entry.updatedAtMs, entry.nextAlarmAt)
    .run();
}

export async function forgetTicket(db: D1Database, ticketId: number): Promise<void> {
  await db.prepare('DELETE FROM ticket_state WHERE ticket_id = ?').bind(ticketId).run();
}

/** The newest version each object applied, for the given tickets (at most 100: D1's bound-parameter limit). */
export async function appliedVersions(db: D1Database, ticketIds: readonly number[]): Promise<Map<number, number>> {
  if (ticketIds.length === 0) return new Map();
  const placeholders = ticketIds.map(() => '?').join(',');
  const { results } = await db.prepare(`SELECT ticket_id, updated_at_ms FROM ticket_state WHERE ticket_id IN (${placeholders})`).bind(...ticketIds).all<{ ticket_id: number; updated_at_ms: number }>();
  return new Map(results.map((r) => [r.ticket_id, r.updated_at_ms]));
}

/** Tickets whose alarm should have fired more than `graceMs` ago. */
export async function lateClocks(db: D1Database, now: number, graceMs: number, limit: number): Promise<number[]> {
  const { results } = await db.prepare('SELECT ticket_id FROM ticket_state WHERE next_alarm_at < ? ORDER BY next_alarm_at LIMIT ?').bind(now - graceMs, limit).all<{ ticket_id: number }>();
  return results.map((r) => r.ticket_id);
}

/** The alert deliveries' audit rows in D1 (migration 0005): one final row per alert, idempotent. */
import type { AlertIntent } from '../../../shared/alerts/alert.ts';

export type DeliveryOutcome = 'sent' | 'dropped' | 'unconfirmed';

export interface DeliveryRow {
  alertKey: string;
  ticketId: number;
  kind: string;
  destination: string;
  outcome: DeliveryOutcome;
  attempts: number;
  detail: string | null;
  at: string;
}

export async function recordDelivery(db: D1Database, account: string, intent: AlertIntent, outcome: DeliveryOutcome, attempts: number, detail: string | null, at: number): Promise<void> {
  await db
    .prepare('INSERT OR IGNORE INTO alert_deliveries (account, alert_key, ticket_id, kind, destination, outcome, attempts, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(account, intent.key, intent.ticketId, intent.kind, intent.destination, outcome, attempts, detail, new Date(at).toISOString())
    .run();
}

export async function readDeliveries(db: D1Database, account: string, ticketId?: number): Promise<DeliveryRow[]> {
  const query = ticketId === undefined
    ? db.prepare('SELECT * FROM alert_deliveries WHERE account = ? ORDER BY id').bind(account)
    : db.prepare('SELECT * FROM alert_deliveries WHERE account = ? AND ticket_id = ? ORDER BY id').bind(account, ticketId);
  const { results } = await query.all<Record<string, unknown>>();
  return results.map((r) => ({
    alertKey: String(r.alert_key),
    ticketId: Number(r.ticket_id),
    kind: String(r.kind),
    destination: String(r.destination),
    outcome: r.outcome as DeliveryOutcome,
    attempts: Number(r.attempts),
    detail: r.detail === null ? null : String(r.detail),
    at: String(r.at),
  }));
}

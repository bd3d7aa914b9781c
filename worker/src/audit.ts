/**
 * The audit trail in D1: every automatic change, in the row shape of shared/audit.ts, without
 * comment bodies or personal data. Rows are kept per Zendesk account (`accountKey`).
 */
import type { AuditChange, AuditReason, AuditRow, AuditStep } from '../../shared/audit.ts';
import type { Scene, Tier } from '../../shared/domain.ts';

interface StoredRow {
  ticket_id: number;
  step: AuditStep;
  tier: Tier;
  scene: Scene;
  reason_json: string;
  changes_json: string;
  at: string;
  correlation_id: string;
}

/** Idempotent: the same (account, ticket, step, correlation id) is written once. */
export async function writeAudit(db: D1Database, account: string, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.batch(auditStatements(db, account, rows));
}

/** The rows' inserts, for a caller that writes them in one batch with its other writes. */
export function auditStatements(db: D1Database, account: string, rows: readonly AuditRow[]): D1PreparedStatement[] {
  const insert = db.prepare('INSERT OR IGNORE INTO audit (account, ticket_id, step, tier, scene, reason_json, changes_json, at, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  return rows.map((r) => insert.bind(account, r.ticketId, r.step, r.tier, r.scene, JSON.stringify(r.reason), JSON.stringify(r.changes), r.at, r.correlationId));
}

/** The ticket's rows in this account, newest first. */
export async function readAudit(db: D1Database, account: string, ticketId: number, limit = 100): Promise<AuditRow[]> {
  const { results } = await db
    .prepare('SELECT ticket_id, step, tier, scene, reason_json, changes_json, at, correlation_id FROM audit WHERE account = ? AND ticket_id = ? ORDER BY id DESC LIMIT ?')
    .bind(account, ticketId, limit)
    .all<StoredRow>();
  return results.map((r) => ({
    ticketId: r.ticket_id,
    step: r.step,
    tier: r.tier,
    scene: r.scene,
    reason: JSON.parse(r.reason_json) as AuditReason,
    changes: JSON.parse(r.changes_json) as AuditChange[],
    at: r.at,
    correlationId: r.correlation_id,
  }));
}

/** How far back /health looks for changes Zendesk refused (needs attention). */
export const NEEDS_ATTENTION_DAYS = 7;

/** This account's refused changes (audit rows `refused`) since `since` (ms): one indexed count. */
export async function countRefused(db: D1Database, account: string, since: number): Promise<number> {
  const row = await db.prepare("SELECT COUNT(*) AS n FROM audit WHERE account = ? AND step = 'refused' AND at >= ?").bind(account, new Date(since).toISOString()).first<{ n: number }>();
  return row?.n ?? 0;
}

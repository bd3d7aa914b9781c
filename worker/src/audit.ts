/** The audit trail in D1: every automatic change, without comment bodies or personal data. */
export interface AuditEntry {
  ticketId: number;
  step: 'tier' | 'at_risk' | 'breached' | 'l1' | 'l2';
  tier: string;
  scene: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
  at: string;
  correlationId: string;
}

export interface AuditRow {
  id: number;
  ticket_id: number;
  step: string;
  tier: string;
  scene: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
  at: string;
  correlation_id: string;
}

/** Idempotent: the same (ticket, step, correlation id) is written once. */
export async function writeAudit(db: D1Database, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const insert = db.prepare('INSERT OR IGNORE INTO audit (ticket_id, step, tier, scene, before_json, after_json, reason, at, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  await db.batch(entries.map((e) => insert.bind(e.ticketId, e.step, e.tier, e.scene, JSON.stringify(e.before), JSON.stringify(e.after), e.reason, e.at, e.correlationId)));
}

export async function readAudit(db: D1Database, ticketId: number, limit = 100): Promise<AuditRow[]> {
  const { results } = await db
    .prepare('SELECT id, ticket_id, step, tier, scene, before_json, after_json, reason, at, correlation_id FROM audit WHERE ticket_id = ? ORDER BY id DESC LIMIT ?')
    .bind(ticketId, limit)
    .all<Omit<AuditRow, 'before' | 'after'> & { before_json: string; after_json: string }>();
  return results.map(({ before_json, after_json, ...row }) => ({ ...row, before: JSON.parse(before_json) as Record<string, unknown>, after: JSON.parse(after_json) as Record<string, unknown> }));
}

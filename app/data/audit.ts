/** The worker's audit trail for a ticket: where it lives and how its rows read. */
import type { ZafRequestOptions } from '../zaf/types.ts';

export interface AuditRow {
  at: number | null;
  step: string;
  tier: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
}

/**
 * The secure request: Zendesk's proxy replaces `{{setting.worker_token}}` server-side, so the
 * token never reaches the browser (`secure: true` needs `cors: false`, i.e. the proxy).
 */
export function auditRequest(workerUrl: string, ticketId: number): ZafRequestOptions {
  return {
    url: `${workerUrl.replace(/\/+$/, '')}/api/tickets/${ticketId}/audit`,
    type: 'GET',
    headers: { Authorization: 'Bearer {{setting.worker_token}}' },
    secure: true,
    cors: false,
    dataType: 'json',
  };
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return record(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The worker's answer, `{"ticket_id", "audit": [...]}` (ZAF may hand it over as a JSON string); newest first. */
export function parseAudit(response: unknown): AuditRow[] {
  const body = record(response);
  const list = Array.isArray(body.audit) ? (body.audit as unknown[]) : [];
  const rows = list.map((item): AuditRow => {
    const r = record(item);
    const at = typeof r.at === 'string' || typeof r.at === 'number' ? new Date(r.at).getTime() : NaN;
    return {
      at: Number.isNaN(at) ? null : at,
      step: String(r.step ?? ''),
      tier: String(r.tier ?? ''),
      before: record(r.before),
      after: record(r.after),
      reason: String(r.reason ?? ''),
    };
  });
  return rows.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}

/** "priority: low → high; tags: +tierwise_escalated_l1" */
export function describeChange(row: AuditRow): string {
  const keys = [...new Set([...Object.keys(row.before), ...Object.keys(row.after)])];
  return keys
    .map((key) => {
      const before = row.before[key];
      const after = row.after[key];
      if (Array.isArray(before) || Array.isArray(after)) {
        const b = new Set((Array.isArray(before) ? before : []).map(String));
        const a = new Set((Array.isArray(after) ? after : []).map(String));
        const added = [...a].filter((t) => !b.has(t)).map((t) => `+${t}`);
        const removed = [...b].filter((t) => !a.has(t)).map((t) => `-${t}`);
        return `${key}: ${[...added, ...removed].join(' ') || '='}`;
      }
      return `${key}: ${before === undefined || before === null ? '–' : String(before)} → ${after === undefined || after === null ? '–' : String(after)}`;
    })
    .join('; ');
}

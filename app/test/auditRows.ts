/**
 * Audit rows as the worker writes them (shared/audit.ts), for the sidebar's tests and the browser
 * test's stand-in worker: typed, so a change to the contract breaks the fixtures, not the agent.
 */
import type { AuditResponse, AuditRow } from '../../shared/audit.ts';

const base = { ticketId: 42, tier: 'core', scene: 'presale', correlationId: 'evt-1' } as const;

export const tierRow: AuditRow = {
  ...base,
  step: 'tier',
  at: '2026-11-28T10:00:00.000Z',
  reason: { kind: 'tier', tier: { rule: 'threshold', source: 'organization', name: 'Acme', matched: [{ metric: 'annual_spend', value: 620_000, threshold: 500_000 }] } },
  changes: [
    { field: 'priority', from: 'low', to: 'high' },
    { field: 'tags', added: ['tierwise_tier_core'], removed: ['tierwise_tier_basic'] },
  ],
};

export const l1Row: AuditRow = {
  ...base,
  step: 'l1',
  at: '2026-11-29T10:00:00.000Z',
  correlationId: 'clock-l1',
  reason: { kind: 'deadline', step: 'l1', afterMs: 24 * 3_600_000, from: 'created' },
  changes: [
    { field: 'group', from: { id: 363000002, name: 'Support' }, to: { id: 363000003, name: 'Supervisors' } },
    { field: 'tags', added: ['tierwise_escalated_l1'], removed: [] },
    { field: 'followers', added: [900000001] },
  ],
};

export const l2Row: AuditRow = {
  ...base,
  step: 'l2',
  at: '2026-11-30T10:00:00.000Z',
  correlationId: 'clock-l2',
  reason: { kind: 'deadline', step: 'l2', afterMs: 48 * 3_600_000, from: 'cycle' },
  changes: [
    { field: 'group', from: { id: 363000003, name: 'Supervisors' }, to: { id: 363000004, name: null } },
    { field: 'priority', from: 'high', to: 'urgent' },
    { field: 'assignee', from: 900000002, to: null },
  ],
};

export const refusedRow: AuditRow = {
  ...base,
  step: 'refused',
  at: '2026-11-30T11:00:00.000Z',
  correlationId: 'clock-l2-retry',
  reason: { kind: 'refused', step: 'l2', status: 422, error: 'RecordInvalid', description: 'Group is not valid' },
  changes: [],
};

export function auditResponse(ticketId: number, audit: AuditRow[]): AuditResponse {
  return { ticketId, audit: audit.map((row) => ({ ...row, ticketId })) };
}

/** The key a Tierwise update left in the ticket's audits (as Zendesk shows them to an agent who may see it). */
export const TEST_TICKET_KEY = 'test-ticket-key';

/** Answers the ticket's audits with the key, anything else with `other` (the worker, searches). */
export function withTicketKey(other: (options: unknown) => unknown): (options: unknown) => unknown {
  return (options) => {
    const url = typeof options === 'string' ? options : (options as { url: string }).url;
    if (/^\/api\/v2\/tickets\/\d+\/audits\.json/.test(url)) return { audits: [{ metadata: { system: {}, custom: { tierwise_key: TEST_TICKET_KEY } } }], next_page: null };
    return other(options);
  };
}

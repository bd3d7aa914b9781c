import { describe, expect, it } from 'vitest';
import { auditRequest, describeChange, parseAudit } from './audit.ts';

describe('audit trail', () => {
  it('asks the worker through the secure proxy with a placeholder token', () => {
    expect(auditRequest('https://w.example/', 5)).toMatchObject({ url: 'https://w.example/api/tickets/5/audit', headers: { Authorization: 'Bearer {{setting.worker_token}}' }, secure: true, cors: false });
  });

  it("reads the worker's rows, newest first", () => {
    const rows = parseAudit({
      ticket_id: 5,
      audit: [
        { at: '2026-11-28T10:00:00Z', step: 'tier', tier: 'core', before: { priority: 'low' }, after: { priority: 'high' }, reason: 'tier:threshold:organization' },
        { at: '2026-11-29T10:00:00Z', step: 'l1', tier: 'core', before: { group_id: 1, tags: ['a'] }, after: { group_id: 2, tags: ['a', 'tierwise_escalated_l1'] }, reason: 'deadline' },
      ],
    });
    expect(rows.map((r) => r.step)).toEqual(['l1', 'tier']);
    expect(describeChange(rows[0]!)).toBe('group_id: 1 → 2; tags: +tierwise_escalated_l1');
    expect(describeChange(rows[1]!)).toBe('priority: low → high');
    expect(parseAudit('{"audit":[{"step":"l2","at":"x"}]}')[0]).toMatchObject({ step: 'l2', at: null });
    expect(parseAudit(null)).toEqual([]);
  });
});

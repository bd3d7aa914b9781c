import { describe, expect, it } from 'vitest';
import { auditResponse, l1Row, l2Row, refusedRow, tierRow } from '../test/auditRows.ts';
import { fakeClient } from '../test/fakeClient.ts';
import { auditRequest, changeWords, loadAudit, parseAudit, readTicketKey, reasonWords, refusalNotice, stepWords, tagWords } from './audit.ts';

describe('audit trail', () => {
  it('asks the worker through the secure proxy with a placeholder token and the ticket\'s key', () => {
    expect(auditRequest('https://w.example/', 5, 'key-5')).toMatchObject({ url: 'https://w.example/api/tickets/5/audit', headers: { Authorization: 'Bearer {{setting.worker_token}}', 'X-Tierwise-Ticket-Key': 'key-5' }, secure: true, cors: false });
  });

  it('finds the ticket\'s key in its audits as Zendesk shows them to the agent, following pages', async () => {
    const pages: Record<string, unknown> = {
      '/api/v2/tickets/5/audits.json': { audits: [{ metadata: { system: {}, custom: {} } }], next_page: 'https://acme.zendesk.com/api/v2/tickets/5/audits.json?page=2' },
      '/api/v2/tickets/5/audits.json?page=2': { audits: [{ metadata: { custom: { tierwise_key: 'key-5' } } }], next_page: null },
    };
    const client = fakeClient({ request: (o) => pages[(o as { url: string }).url] }).client;
    expect(await readTicketKey(client, 5)).toBe('key-5');
    // Tierwise never changed the ticket: no key, and the worker is not asked.
    const untouched = fakeClient({ request: () => ({ audits: [{ metadata: { custom: {} } }], next_page: null }) });
    expect(await loadAudit(untouched.client, 'https://w.example', 5)).toEqual([]);
    expect(untouched.request).toHaveBeenCalledTimes(1);
  });

  it('shows Zendesk\'s refusal when the agent may not see the ticket, and never asks the worker', async () => {
    const refused = fakeClient({ request: () => Promise.reject({ status: 403, responseJSON: { error: 'Forbidden' } }) });
    await expect(loadAudit(refused.client, 'https://w.example', 5)).rejects.toMatchObject({ status: 403 });
    expect(refused.request.mock.calls.map(([o]) => (o as { url: string }).url)).toEqual(['/api/v2/tickets/5/audits.json']);
  });

  it("reads the worker's AuditResponse, newest first, also as a JSON string", () => {
    const body = auditResponse(42, [tierRow, l2Row, l1Row]);
    expect(parseAudit(body).map((r) => r.step)).toEqual(['l2', 'l1', 'tier']);
    expect(parseAudit(JSON.stringify(body))).toEqual(parseAudit(body));
  });

  it('drops rows that break the contract instead of showing them half-read', () => {
    const malformed = [{ ...l1Row, step: 'classify' }, { ...l1Row, reason: 'deadline' }, { ...l1Row, changes: [{ field: 'group_id', before: 1, after: 2 }] }, { ...l1Row, at: 'yesterday' }, null, 'row'];
    expect(parseAudit({ ticketId: 42, audit: [...malformed, tierRow] })).toEqual([tierRow]);
  });

  it('says so when the answer is not an audit trail at all', () => {
    expect(() => parseAudit(null)).toThrow('the worker did not answer an audit trail');
    expect(() => parseAudit('<html>')).toThrow('the worker did not answer JSON');
  });

  it('puts the step and the reason in words', () => {
    expect([tierRow, l1Row, l2Row, refusedRow].map((row) => [stepWords(row, 'en'), reasonWords(row, 'en')])).toEqual([
      ['Tier applied', 'Core: annual spend 620,000 >= 500,000, organization Acme'],
      ['Escalated to L1 (supervisor)', 'Not handled 24 h after creation'],
      ['Escalated to L2 (department head)', 'Not solved 48 h, counted from creation or the last reopen, pending time excluded'],
      ['Change refused by Zendesk', 'Zendesk refused: Group is not valid'],
    ]);
    expect([stepWords(l1Row, 'zh-CN'), reasonWords(l1Row, 'zh-CN')]).toEqual(['已升级至一级（主管）', '创建后 24 小时 未处理']);
  });

  it('says what Tierwise could not do when the newest row is a refusal, in the agent\'s language', () => {
    expect(refusalNotice([refusedRow, l1Row], 'en')).toBe('Tierwise could not make its last change to this ticket: Zendesk refused it (Group is not valid). It will not try that change again; an admin can check the settings.');
    expect(refusalNotice([refusedRow], 'zh-CN')).toContain('Zendesk 拒绝了此更改（Group is not valid）');
    const missing = { ...refusedRow, reason: { ...refusedRow.reason, error: 'GroupNotFound', status: 404 } } as typeof refusedRow;
    expect(refusalNotice([missing], 'en')).toContain('the escalation group was not found in Zendesk');
    // A later change means Tierwise moved on: no notice.
    expect(refusalNotice([l2Row, refusedRow], 'en')).toBeNull();
    expect(refusalNotice([], 'en')).toBeNull();
  });

  it('puts the changes in words, with group names and readable tags', () => {
    expect(changeWords(tierRow, 'tierwise', 'en')).toEqual(['Priority: low → high', 'Tags added: Tier: Core', 'Tags removed: Tier: Basic']);
    expect(changeWords(l1Row, 'tierwise', 'en')).toEqual(['Group: Support → Supervisors', 'Tags added: Escalated L1', 'Followers added: 1']);
    expect(changeWords(l2Row, 'tierwise', 'en')).toEqual(['Group: Supervisors → a group without a name', 'Priority: high → urgent', 'Assignee removed']);
    expect(changeWords(l1Row, 'tierwise', 'zh-CN')).toEqual(['组：Support → Supervisors', '新增标签：已一级升级', '新增关注者：1 位']);
  });

  it("reads tags under the installation's own prefix", () => {
    expect(tagWords('acme_escalated_l2', 'acme', 'en')).toBe('Escalated L2');
    expect(tagWords('acme_custom_flag', 'acme', 'en')).toBe('custom flag');
    expect(tagWords('pref_phone_calls', 'acme', 'en')).toBe('phone calls');
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../audit.ts';
import type { TicketSnapshot } from '../decision/ticket.ts';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { deriveAlerts, eventAlerts, type CareEvent } from './alert.ts';
import { buildAlertMessage } from './message.ts';

const H = 3_600_000;
const created = Date.parse('2026-03-02T08:00:00Z');
const ticket: TicketSnapshot = { id: 42, status: 'open', priority: 'low', tags: [], requesterId: 7, organizationId: null, groupId: 5, assigneeId: 9, createdAt: created, updatedAt: '2026-03-03T08:02:00Z', customFields: [] };
const deadlines = { firstResponse: created + H, atRisk: created + 0.75 * H, l1: created + 24 * H, l2: created + 48 * H };

function row(step: 'at_risk' | 'breached' | 'l1' | 'l2', at: number, group?: { id: number; name: string | null }): AuditRow {
  const afterMs = { at_risk: 0.75 * H, breached: H, l1: 24 * H, l2: 48 * H }[step];
  return { ticketId: 42, step, tier: 'basic', scene: 'presale', reason: { kind: 'deadline', step, afterMs, from: step === 'l2' ? 'cycle' : 'created' }, changes: group ? [{ field: 'group', from: null, to: group }] : [], at: new Date(at).toISOString(), correlationId: `${step}:${created}` };
}

const settings = (overrides: Partial<typeof DEFAULT_SETTINGS> = {}) => ({ ...DEFAULT_SETTINGS, alert_routes: 'l1 l2 -> team-wecom\nat_risk breached core -> vip-slack\nall -> ops-teams', ...overrides });

describe('deriving alerts from a landed change', () => {
  it('one alert per routed step and destination, keyed by ticket, step, cycle and destination', () => {
    const rows = [row('at_risk', created + 24 * H + 120_000), row('breached', created + 24 * H + 120_000), row('l1', created + 24 * H + 120_000, { id: 2, name: 'Supervisors' })];
    const alerts = deriveAlerts({ rows, ticket, deadlines, settings: settings() });
    expect(alerts.map((a) => a.key)).toEqual([`42:at_risk:${created}:ops-teams`, `42:breached:${created}:ops-teams`, `42:l1:${created}:team-wecom`, `42:l1:${created}:ops-teams`]);
    const l1 = alerts.find((a) => a.kind === 'l1')!;
    expect(l1).toMatchObject({ lateMs: 120_000, group: { id: 2, name: 'Supervisors' }, assigneeId: null, showSubject: false, locale: 'en' });
  });

  it('names nothing the admin did not allow, and nothing when no route matches or routes are empty', () => {
    const rows = [row('l1', created + 24 * H, { id: 2, name: 'Supervisors' })];
    expect(deriveAlerts({ rows, ticket, deadlines, settings: settings({ alert_show_assignee: true, alert_show_subject: true }) })[0]).toMatchObject({ assigneeId: 9, showSubject: true });
    expect(deriveAlerts({ rows, ticket, deadlines, settings: { ...DEFAULT_SETTINGS } })).toEqual([]);
    const tierRow: AuditRow = { ...rows[0]!, step: 'tier', reason: { kind: 'tier', tier: { rule: 'default' } as never } };
    expect(deriveAlerts({ rows: [tierRow], ticket, deadlines, settings: settings() })).toEqual([]);
  });
});

describe('what an alert says', () => {
  const [l2] = deriveAlerts({ rows: [row('l2', created + 48 * H + 30 * 60_000, { id: 3, name: 'Department heads' })], ticket, deadlines, settings: settings({ note_locale: 'zh-CN' }) });
  const [atRisk] = deriveAlerts({ rows: [row('at_risk', created + 0.75 * H)], ticket, deadlines, settings: settings({ alert_routes: 'at_risk -> a' }) });
  const link = 'https://acme.zendesk.com/agent/tickets/42';

  it('the step, tier, scene, how late, who holds it and the Zendesk link, in note_locale', () => {
    const message = buildAlertMessage(l2!, { groupName: null, assigneeName: null, subject: 'Private', ticketUrl: link });
    expect(message.title).toBe('工单 #42 已升级至 L2');
    expect(message.summary).toBe('48 小时 仍未解决（自创建或最近一次重新打开起计，不含待回应时间）。');
    expect(message.facts).toEqual([
      { label: '客户等级', value: '基础客户' }, { label: '场景', value: '售前咨询' }, { label: '超时', value: '30 分钟' }, { label: '处理组', value: 'Department heads' },
    ]);
    expect(message.link).toEqual({ label: '在 Zendesk 中打开工单 #42', url: link });
  });

  it('at risk says the time left; an unnamed group is named from the lookup, else by id', () => {
    const message = buildAlertMessage(atRisk!, { groupName: 'Tier 1', assigneeName: null, subject: null, ticketUrl: link });
    expect(message.summary).toBe('No agent reply yet, 45 min after creation; 15 min left before the target is missed.');
    expect(message.facts).toContainEqual({ label: 'Time left', value: '15 min' });
    expect(message.facts).toContainEqual({ label: 'Held by', value: 'Tier 1' });
    expect(buildAlertMessage(atRisk!, { groupName: null, assigneeName: null, subject: null, ticketUrl: link }).facts).toContainEqual({ label: 'Held by', value: 'group #5' });
  });

  it('the assignee and the subject only when allowed, cut to length', () => {
    const [allowed] = deriveAlerts({ rows: [row('l1', created + 24 * H, { id: 2, name: 'Supervisors' })], ticket, deadlines, settings: settings({ alert_routes: 'l1 -> a', alert_show_assignee: true, alert_show_subject: true }) });
    const message = buildAlertMessage(allowed!, { groupName: null, assigneeName: 'Li Lei', subject: `Printer ${'x'.repeat(300)}`, ticketUrl: link });
    expect(message.facts.find((f) => f.label === 'Assignee')).toEqual({ label: 'Assignee', value: 'Li Lei' });
    expect([...message.facts.find((f) => f.label === 'Subject')!.value]).toHaveLength(200);
    const [withheld] = deriveAlerts({ rows: [row('l1', created + 24 * H)], ticket, deadlines, settings: settings({ alert_routes: 'l1 -> a' }) });
    expect(buildAlertMessage(withheld!, { groupName: null, assigneeName: 'Li Lei', subject: 'Printer', ticketUrl: link }).facts.map((f) => f.label)).not.toContain('Subject');
  });
});

describe('alerts about the customer\'s care', () => {
  const badRating: CareEvent = { kind: 'bad_csat', ticketId: 42, id: 9001, tier: 'core', scene: 'aftersale', at: created, lateMs: null, groupId: 5, assigneeId: 9 };
  const overdue: CareEvent = { kind: 'follow_up_overdue', ticketId: 77, id: created, tier: null, scene: null, at: created + 26 * H, lateMs: 26 * H, groupId: null, assigneeId: 9 };

  it('one alert per routed destination, keyed by the rating or the due time, so a second sighting is the same alert', () => {
    const routes = settings({ alert_routes: 'bad_csat core -> vip-feishu\nfollow_up_overdue -> care-slack\nl1 -> team-wecom' });
    expect(eventAlerts(badRating, routes).map((a) => a.key)).toEqual(['42:bad_csat:9001:vip-feishu']);
    expect(eventAlerts({ ...badRating, tier: 'basic' }, routes)).toEqual([]);
    expect(eventAlerts(overdue, routes).map((a) => a.key)).toEqual([`77:follow_up_overdue:${created}:care-slack`]);
    expect(eventAlerts(badRating, settings({ alert_routes: '' }))).toEqual([]);
  });

  it('a customer event says what happened, without a scene it does not have, and the assignee only when allowed', () => {
    const [alert] = eventAlerts(overdue, settings({ alert_routes: 'all -> a' }));
    expect(alert!.assigneeId).toBeNull();
    const message = buildAlertMessage(alert!, { groupName: null, assigneeName: null, subject: null, ticketUrl: 'https://acme.zendesk.com/agent/tickets/77' });
    expect(message.title).toBe('Ticket #77: follow-up overdue');
    expect(message.severity).toBe('warning');
    expect(message.facts.map((f) => f.label)).toEqual(['Late by', 'Held by']);
    const [rating] = eventAlerts(badRating, settings({ alert_routes: 'all -> a', note_locale: 'zh-CN', alert_show_assignee: true }));
    const zh = buildAlertMessage(rating!, { groupName: 'VIP', assigneeName: 'Li Lei', subject: null, ticketUrl: 'x' });
    expect(zh.title).toBe('工单 #42：收到差评');
    expect(zh.facts.map((f) => f.value)).toEqual(['核心客户', '售后故障', 'VIP', 'Li Lei']);
  });
});

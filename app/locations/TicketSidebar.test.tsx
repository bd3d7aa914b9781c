import '../test/jsdom-shims.ts';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { ticketPaths } from '../data/ticket.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { fakeClient, ticketData } from '../test/fakeClient.ts';
import { auditResponse, l1Row, l2Row, refusedRow, TEST_TICKET_KEY, tierRow, withTicketKey } from '../test/auditRows.ts';
import { escalationNote } from '../../shared/explain.ts';
import { HOUR_MS } from '../../shared/domain.ts';
import { firstResponseTargetMs } from '../../shared/sla.ts';
import { parseSettings } from '../../shared/settings.ts';
import { careTaskKey } from '../../shared/care/plan.ts';
import { isoDay } from '../../shared/care/dates.ts';
import { zendeskAnswers } from '../test/zendeskAnswers.ts';

const MIN = 60_000;
const DAY = 86_400_000;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderTicket(overrides: Record<string, unknown> = {}, settings: Record<string, unknown> = {}, request?: (o: unknown) => unknown) {
  const now = Date.now();
  const fake = fakeClient({ data: ticketData(now, overrides), settings, ...(request ? { request } : {}) });
  render(<App client={fake.client} />);
  return { ...fake, now };
}

const careTask = (subject: string, dueAt: string | null, updatedAt = '2026-11-01T00:00:00Z', tags = ['tierwise_care']) => ({ result_type: 'ticket', id: 501, type: 'task', subject, due_at: dueAt, updated_at: updatedAt, status: dueAt ? 'open' : 'solved', tags });

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const dateIn = (days: number, year = 1985) => {
  const d = new Date(Date.now() + days * DAY);
  return `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
};

describe('ticket sidebar', () => {
  it('shows a core customer with the reason', async () => {
    renderTicket();
    const badge = await screen.findByTestId('tier-badge');
    expect(badge.dataset.tier).toBe('core');
    expect(badge.textContent).toBe('Core');
    expect(screen.getByTestId('tier-reason').textContent).toBe('Core: annual spend 620,000 >= 500,000, organization Acme');
    expect(screen.getByTestId('ticket-priority').dataset.tierPriority).toBe('high');
  });

  it('counts down while the first-response target is on track', async () => {
    renderTicket(); // created 10 min ago; core presale target = 30 min
    const countdown = await screen.findByTestId('sla-countdown');
    expect(countdown.dataset.state).toBe('ok');
    const remaining = Number(countdown.dataset.remainingMs);
    expect(remaining).toBeGreaterThan(19 * MIN);
    expect(remaining).toBeLessThanOrEqual(20 * MIN);
    expect(countdown.textContent).toMatch(/On track: 0:(19|20):\d\d left/);
    expect(screen.getByText(/Target 30 min for a Core customer, pre-sales inquiry/)).toBeTruthy();
    await waitFor(() => expect(Number(screen.getByTestId('sla-countdown').dataset.remainingMs)).toBeLessThanOrEqual(remaining - 1000), { timeout: 2500 });
  });

  it('warns when the target is at risk and says when it is breached', async () => {
    renderTicket({ 'ticket.createdAt': ago(25 * MIN) });
    const countdown = await screen.findByTestId('sla-countdown');
    expect(countdown.dataset.state).toBe('at-risk');
    expect(countdown.textContent).toContain('At risk');
    cleanup();
    renderTicket({ 'ticket.createdAt': ago(45 * MIN) });
    const breached = await screen.findByTestId('sla-countdown');
    expect(breached.dataset.state).toBe('breached');
    expect(Number(breached.dataset.remainingMs)).toBeLessThan(-14 * MIN);
    expect(breached.textContent).toMatch(/Breached: 0:1[45]:\d\d overdue/);
  });

  it('shows met once an agent replied publicly (not for an internal note), live on comment events', async () => {
    const fake = renderTicket({ 'ticket.createdAt': ago(45 * MIN) });
    expect((await screen.findByTestId('sla-countdown')).dataset.state).toBe('breached');
    const requesterComment = { id: 1, value: 'Help', author: { id: 7, role: 'end-user' }, isPublic: true };
    fake.update({ 'ticket.comments': [requesterComment, { id: 2, value: 'Looking', author: { id: 100, role: 'agent' }, isPublic: false }] });
    await act(async () => fake.fire('ticket.comments.changed'));
    await waitFor(() => expect(fake.get).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId('sla-countdown').dataset.state).toBe('breached');
    fake.update({ 'ticket.comments': [requesterComment, { id: 3, value: 'Hi', author: { id: 100, role: 'admin' }, isPublic: true }] });
    await act(async () => fake.fire('ticket.conversation.changed'));
    await waitFor(() => expect(screen.getByTestId('sla-countdown').dataset.state).toBe('met'));
    expect(screen.getByTestId('sla-countdown').dataset.remainingMs).toBeUndefined();
    expect(screen.getByTestId('sla-countdown').textContent).toContain('Met');
  });

  it('stops the clock on a solved ticket', async () => {
    renderTicket({ 'ticket.status': 'solved' });
    expect((await screen.findByTestId('sla-countdown')).dataset.state).toBe('stopped');
  });

  it('shows the escalation ladder: L1 done by tag, L2 pending with its time', async () => {
    renderTicket({ 'ticket.createdAt': ago(30 * 60 * MIN), 'ticket.tags': ['scene_presale', 'tierwise_tier_core', 'tierwise_escalated_l1'] });
    const ladder = await screen.findByTestId('escalation-ladder');
    const l1 = within(ladder).getByTestId('escalation-l1');
    const l2 = within(ladder).getByTestId('escalation-l2');
    expect(l1.dataset.state).toBe('done');
    expect(l2.dataset.state).toBe('pending');
    expect(new Date(l2.dataset.dueAt!).getTime()).toBeCloseTo(Date.now() + 18 * 60 * MIN, -5);
    expect(l1.textContent).toContain('Supervisors');
    expect(l2.textContent).toMatch(/Pending: due in 17:59:\d\d/);
  });

  it('marks L1 overdue when nobody handled the ticket, and not needed once it is handled', async () => {
    renderTicket({ 'ticket.createdAt': ago(25 * 60 * MIN), 'ticket.status': 'new' });
    expect((await screen.findByTestId('escalation-l1')).dataset.state).toBe('overdue');
    cleanup();
    renderTicket({ 'ticket.createdAt': ago(25 * 60 * MIN), 'ticket.assignee': { user: { id: 100 }, group: { id: 1 } } });
    expect((await screen.findByTestId('escalation-l1')).dataset.state).toBe('not-needed');
  });

  it('groups the customer tags and highlights a birthday within the care window', async () => {
    renderTicket({ 'ticket.requester.customField:birthday': dateIn(3), 'ticket.organization.customField:partnership_anniversary': dateIn(40, 2019) });
    const birthday = await screen.findByTestId('care-birthday');
    expect(birthday.dataset.soon).toBe('true');
    expect(birthday.textContent).toContain('Birthday in 3 days');
    expect(screen.getByTestId('care-anniversary').dataset.soon).toBe('false');
    expect(screen.getByTestId('tags-preferences-list').textContent).toContain('video call');
    expect(screen.getByTestId('tags-complaints').textContent).toContain('late delivery');
    expect(screen.getByTestId('tags-feedback').textContent).toContain('positive');
    expect(screen.getByTestId('tags-escalations').textContent).toContain('2025');
  });

  it('flags churn risk after churn_after_days without interaction', async () => {
    renderTicket({ 'ticket.requester.customField:last_interaction': new Date(Date.now() - 200 * DAY).toISOString().slice(0, 10) });
    const churn = await screen.findByTestId('churn-risk');
    expect(churn.dataset.atRisk).toBe('true');
    expect(churn.textContent).toContain('Churn risk: no interaction for 200 days');
    cleanup();
    renderTicket();
    expect((await screen.findByTestId('churn-risk')).dataset.atRisk).toBe('false');
  });

  it('speaks Chinese to a zh-CN agent, and switches language live', async () => {
    const fake = renderTicket({ 'currentUser.locale': 'zh-CN' });
    await waitFor(() => expect(screen.getByTestId('tier-badge').textContent).toBe('核心客户'));
    expect(screen.getByTestId('tier-reason').textContent).toBe('核心客户：年度消费 620,000 >= 500,000（组织 Acme）');
    expect(screen.getByText('首次响应')).toBeTruthy();
    expect(screen.getByTestId('sla-countdown').textContent).toContain('正常：剩余');
    expect(screen.getByTestId('playbook').textContent).toContain('专属客户经理');
    await act(async () => fake.fire('currentUser.locale.changed', 'en-US'));
    expect(screen.getByTestId('tier-badge').textContent).toBe('Core');
  });

  it('shows invalid settings to the admin and keeps working with the defaults', async () => {
    renderTicket({}, { core_min_orders: 'lots', sla_warning_share: '2' });
    const notice = await screen.findByTestId('settings-problems');
    expect(notice.textContent).toContain('Core: minimum orders a year');
    expect(notice.textContent).toContain('At-risk warning share: sla_warning_share: must be below 1');
    expect((await screen.findByTestId('tier-badge')).dataset.tier).toBe('core');
  });

  it('words invalid settings in the admin\'s language', async () => {
    renderTicket({ 'currentUser.locale': 'zh-CN' }, { sla_warning_share: '2' });
    const notice = await screen.findByTestId('settings-problems');
    expect(notice.textContent).toContain('sla_warning_share：必须小于 1（当前值 "2"），已改用默认值 0.75');
    expect(notice.textContent).not.toContain('must be');
  });

  it('explains a ticket with no requester', async () => {
    renderTicket({ 'ticket.requester': null });
    expect((await screen.findByTestId('no-requester')).textContent).toContain('no requester');
    expect(screen.queryByTestId('tier-badge')).toBeNull();
  });

  it('shows an error with a retry when ZAF fails', async () => {
    const fake = renderTicket();
    cleanup();
    fake.get.mockRejectedValueOnce(new Error('timeout'));
    render(<App client={fake.client} />);
    expect((await screen.findByTestId('load-error')).textContent).toContain('timeout');
    await act(async () => screen.getByRole('button').click());
    expect(await screen.findByTestId('tier-badge')).toBeTruthy();
  });

  it('makes one batched get per refresh and refreshes on ticket events', async () => {
    const fake = renderTicket({}, { scene_field_id: '360001' });
    await screen.findByTestId('tier-badge');
    expect(fake.get).toHaveBeenCalledTimes(1);
    const paths = fake.get.mock.calls[0]![0] as string[];
    expect(paths).toEqual(ticketPaths({ ...DEFAULT_SETTINGS, scene_field_id: 360001 }));
    expect(paths).toContain('ticket.customField:custom_field_360001');
    // The only API reads: the customer's follow-ups (no manager is set), once, not per refresh.
    expect(fake.request.mock.calls.map(([o]) => (o as { url: string }).url.split('?')[0])).toEqual(['/api/v2/search.json', '/api/v2/search.json']);
    expect(fake.listeners('ticket.custom_field_360001.changed')).toBe(1);

    fake.update({ 'ticket.organization.customField:annual_spend': 150000 });
    await act(async () => fake.fire('ticket.tags.changed'));
    await waitFor(() => expect(screen.getByTestId('tier-badge').dataset.tier).toBe('potential'));
    expect(fake.get).toHaveBeenCalledTimes(2);

    // A save fires several events at once: they coalesce.
    await act(async () => {
      fake.fire('ticket.status.changed');
      fake.fire('ticket.priority.changed');
      fake.fire('ticket.tags.changed');
      fake.fire('ticket.updated');
    });
    await waitFor(() => expect(fake.get.mock.calls.length).toBeGreaterThanOrEqual(3));
    expect(fake.get.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('loads the audit trail through the secure proxy and reads it in words', async () => {
    const fake = renderTicket({}, { worker_url: 'https://tierwise.example.workers.dev/' }, withTicketKey(() => auditResponse(42, [tierRow, l1Row])));
    const trail = await screen.findByTestId('audit-trail');
    await waitFor(() => expect(trail.dataset.state).toBe('ready'));
    expect(fake.request).toHaveBeenCalledWith({
      url: 'https://tierwise.example.workers.dev/api/tickets/42/audit',
      type: 'GET',
      headers: { Authorization: 'Bearer {{setting.worker_token}}', 'X-Tierwise-Ticket-Key': TEST_TICKET_KEY },
      secure: true,
      cors: false,
      dataType: 'json',
    });
    const [l1, tier] = within(trail).getAllByTestId('audit-row');
    expect(l1!.textContent).toContain('Escalated to L1 (supervisor)');
    expect(within(l1!).getByTestId('audit-reason').textContent).toBe('Not handled 24 h after creation');
    expect(within(l1!).getAllByTestId('audit-change').map((c) => c.textContent)).toEqual(['Group: Support → Supervisors', 'Tags added: Escalated L1', 'Followers added: 1']);
    expect(within(tier!).getByTestId('audit-reason').textContent).toBe('Core: annual spend 620,000 >= 500,000, organization Acme');
    expect(within(tier!).getAllByTestId('audit-change').map((c) => c.textContent)).toEqual(['Priority: low → high', 'Tags added: Tier: Core', 'Tags removed: Tier: Basic']);
  });

  it('says above the trail, in the agent\'s language, what Tierwise could not do when its last change was refused', async () => {
    renderTicket({ 'currentUser.locale': 'zh-CN' }, { worker_url: 'https://tierwise.example.workers.dev/' }, withTicketKey(() => auditResponse(42, [tierRow, refusedRow])));
    const notice = await screen.findByTestId('audit-refused', {}, { timeout: 5000 });
    expect(notice.textContent).toBe('Tierwise 未能完成对此工单的最近一次更改：Zendesk 拒绝了此更改（Group is not valid）。不会再次尝试该更改；管理员可检查设置。');
  });

  it('shows no refusal notice when Tierwise changed the ticket after the refusal', async () => {
    renderTicket({}, { worker_url: 'https://tierwise.example.workers.dev/' }, withTicketKey(() => auditResponse(42, [refusedRow, { ...l2Row, at: '2026-12-01T10:00:00.000Z' }])));
    const trail = await screen.findByTestId('audit-trail', {}, { timeout: 5000 });
    await waitFor(() => expect(trail.dataset.state).toBe('ready'), { timeout: 5000 });
    expect(screen.queryByTestId('audit-refused')).toBeNull();
  });

  it('shows the same first-response target as the internal note', async () => {
    renderTicket({}, { sla_presale_hours: 0.5 / 60 });
    await screen.findByTestId('sla-countdown');
    const note = escalationNote(['breached'], { tier: 'core', scene: 'presale', targetHours: firstResponseTargetMs('core', 'presale', parseSettings({ sla_presale_hours: 0.5 / 60 }).settings) / HOUR_MS, hours: { l1: 24, l2: 48 }, groups: { l1: 'S', l2: 'D' }, priority: 'high' }, 'en');
    const target = /first-response target ([^)]+)\)/.exec(note)?.[1];
    expect(target).toBeTruthy();
    expect(screen.getByText(`Target ${target} for a Core customer, pre-sales inquiry`)).toBeTruthy();
  });

  it.each(['en-US', 'zh-CN'])('shows no raw code, tag or id anywhere (%s)', async (locale) => {
    const answers = zendeskAnswers({ other: withTicketKey(() => auditResponse(42, [tierRow, l1Row, l2Row, refusedRow])), manager: { name: '王芳 Wang Fang' }, open: [careTask('Follow-up due: core customer, last contact 30 days ago', '2026-12-02T23:59:59Z')], solved: [careTask('Birthday on 2026-11-20: send greetings', null, '2026-11-19T10:00:00Z')] });
    renderTicket({ 'currentUser.locale': locale, 'ticket.status': 'pending', 'ticket.tags': ['scene_presale', 'tierwise_tier_core', 'tierwise_escalated_l1'], 'ticket.organization.customField:account_manager': '372135781234' }, { worker_url: 'https://tierwise.example.workers.dev/' }, answers);
    await waitFor(() => expect(screen.getByTestId('care-manager')).toBeTruthy());
    expect(screen.getByTestId('care-next').textContent).toContain('Follow-up due');
    const trail = await screen.findByTestId('audit-trail', {}, { timeout: 5000 });
    await waitFor(() => expect(trail.dataset.state).toBe('ready'), { timeout: 5000 });
    expect(screen.getAllByTestId('audit-row')).toHaveLength(4);
    const shown = [document.body.textContent ?? '', ...[...document.querySelectorAll('[aria-label],[title]')].flatMap((e) => [e.getAttribute('aria-label') ?? '', e.getAttribute('title') ?? ''])].join('\n');
    for (const code of [/group_id/, /deadline:/, /tier:/, /(?<![\d.,])\d{6,}(?![\d.,])/, /tierwise_/, /\b[a-z]+_[a-z0-9]+(_[a-z0-9]+)*\b/, /\b(at_risk|l1|l2|presale|aftersale|insale|threshold|organization\.|RecordInvalid)\b/]) {
      expect(shown.match(new RegExp(code, 'g')) ?? [], `${code}`).toEqual([]);
    }
  });

  it('has no audit trail without a worker URL', async () => {
    renderTicket();
    await screen.findByTestId('tier-badge');
    expect(screen.queryByTestId('audit-trail')).toBeNull();
  });

  it('follows the dark colour scheme and resizes the iframe to its content', async () => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ height: 512.4 } as DOMRect);
    const fake = renderTicket({ colorScheme: 'dark' });
    await screen.findByTestId('tier-badge');
    await waitFor(() => expect(document.querySelector('main')!.dataset.colorScheme).toBe('dark'));
    await act(async () => fake.fire('colorScheme', 'light'));
    expect(document.querySelector('main')!.dataset.colorScheme).toBe('light');
    expect(fake.invoke).toHaveBeenCalledWith('resize', { width: '100%', height: '513px' });
  });

  it('asks to be opened inside Zendesk when there is no ZAF client', () => {
    render(<App client={null} />);
    expect(screen.getByTestId('not-in-zendesk').textContent).toContain('Open Tierwise inside Zendesk');
  });
});

describe('follow-ups in the ticket sidebar', () => {
  const requests = (fake: ReturnType<typeof renderTicket>) => fake.request.mock.calls.map(([o]) => o as { url: string; type?: string; data?: string });
  const queryOf = (url: string) => new URL(url, 'https://x.zendesk.com').searchParams.get('query');

  it("names the account manager and shows the next open task (earliest due date) and the last one done", async () => {
    const fake = renderTicket({ 'ticket.organization.customField:account_manager': '5001' }, {}, zendeskAnswers({
      manager: { name: '王芳 Wang Fang' },
      open: [careTask('Birthday on 2026-12-20: send greetings', '2026-12-20T23:59:59Z'), careTask('Follow-up due: core customer, last contact 31 days ago', '2026-12-02T23:59:59Z')],
      solved: [careTask('Yearly satisfaction survey due', null, '2026-11-15T09:30:00Z', ['tierwise_care', 'tierwise_method_wechat', 'tierwise_confirmed', 'tierwise_score_communication_9'])],
    }));
    expect((await screen.findByTestId('care-manager')).textContent).toBe('Account manager: 王芳 Wang Fang');
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    expect(screen.getByTestId('care-next').textContent).toBe('Next: Follow-up due: core customer, last contact 31 days ago, due 2 Dec 2026');
    expect(screen.getByTestId('care-last').textContent).toBe('Last done: Yearly satisfaction survey due, 15 Nov 2026');
    expect(screen.getByTestId('care-last-record').textContent).toBe('WeChat, confirmed by the customer');
    const searches = requests(fake).filter((r) => r.url.startsWith('/api/v2/search.json')).map((r) => queryOf(r.url));
    expect(searches).toEqual(['type:ticket ticket_type:task tags:tierwise_care status<solved organization:9', 'type:ticket ticket_type:task tags:tierwise_care status>=solved organization:9']);
    expect(requests(fake).map((r) => r.url)).toContain('/api/v2/users/5001.json');
  });

  it('says when there is no follow-up, and shows no manager it cannot read (never the id)', async () => {
    const fake = renderTicket({ 'ticket.organization.customField:account_manager': '372135781234' }, {}, zendeskAnswers());
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    expect(screen.getByTestId('care-next').textContent).toBe('No open follow-up');
    expect(screen.getByTestId('care-last').textContent).toBe('No follow-up done yet');
    await waitFor(() => expect(requests(fake).map((r) => r.url)).toContain('/api/v2/users/372135781234.json'));
    expect(screen.queryByTestId('care-manager')).toBeNull();
    expect(document.body.textContent).not.toContain('372135781234');
  });

  it('for a requester without organization, reads the requester\'s tasks', async () => {
    const fake = renderTicket({ 'ticket.organization': null }, {}, zendeskAnswers());
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    expect(requests(fake).map((r) => queryOf(r.url))).toEqual(['type:ticket ticket_type:task tags:tierwise_care status<solved requester:7', 'type:ticket ticket_type:task tags:tierwise_care status>=solved requester:7']);
  });

  it('creates one follow-up task due tomorrow, keyed like the daily run, assigned to the manager', async () => {
    const fake = renderTicket({ 'ticket.organization.customField:account_manager': '5001' }, {}, zendeskAnswers({ manager: { name: 'Wang Fang' } }));
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    await act(async () => screen.getByTestId('care-create').click());
    expect((await screen.findByTestId('care-created')).textContent).toMatch(/^Follow-up created, due \d+ \w+ \d{4}\.$/);
    const tomorrow = isoDay(Date.now() + DAY);
    const key = careTaskKey({ kind: 'organization', id: 9 }, 'cadence', tomorrow, DEFAULT_SETTINGS);
    expect(key).toBe(`tierwise-care:o9:cadence:${tomorrow}`);
    const lookups = requests(fake).filter((r) => r.url.startsWith('/api/v2/tickets.json?'));
    expect(lookups.map((r) => r.url)).toEqual([`/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`]);
    const posts = requests(fake).filter((r) => r.type === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('/api/v2/tickets.json');
    expect(JSON.parse(posts[0]!.data!)).toEqual({
      ticket: {
        type: 'task',
        due_at: `${tomorrow}T23:59:59Z`,
        subject: 'Follow-up asked for by an agent: Core customer',
        comment: { body: expect.stringContaining(`due ${tomorrow}`), public: false },
        requester_id: 7,
        organization_id: 9,
        assignee_id: 5001,
        external_id: key,
        tags: ['tierwise_care', 'tierwise_care_cadence'],
      },
    });
    // The panel reads the follow-ups again, so the new task shows up.
    await waitFor(() => expect(requests(fake).filter((r) => r.url.startsWith('/api/v2/search.json'))).toHaveLength(4));
  });

  it('creates nothing when a task with the key exists already (the daily run, or a click before)', async () => {
    const fake = renderTicket({}, {}, zendeskAnswers({ existing: [{ id: 77 }] }));
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    await act(async () => screen.getByTestId('care-create').click());
    const outcome = await screen.findByTestId('care-created');
    expect(outcome.dataset.outcome).toBe('exists');
    expect(outcome.textContent).toMatch(/already exists; none was added/);
    expect(requests(fake).filter((r) => r.type === 'POST')).toEqual([]);
  });

  it('says in words why Zendesk refused the task, and why the follow-ups could not be read', async () => {
    const refused = Object.assign(new Error('refused'), { status: 422, statusText: 'Unprocessable Entity', responseText: JSON.stringify({ error: 'RecordInvalid', description: 'Record validation errors', details: { assignee: [{ description: 'Assignee is not an agent' }] } }) });
    renderTicket({ 'ticket.organization.customField:account_manager': '5001' }, {}, zendeskAnswers({ created: refused }));
    await waitFor(() => expect(screen.getByTestId('care-panel').dataset.state).toBe('ready'));
    await act(async () => screen.getByTestId('care-create').click());
    expect((await screen.findByTestId('care-create-error')).textContent).toBe('Could not create the follow-up: Assignee is not an agent');
    cleanup();
    renderTicket({ 'currentUser.locale': 'zh-CN' }, {}, () => Promise.reject({ status: 403, statusText: 'Forbidden', responseText: '' }));
    expect((await screen.findByTestId('care-error')).textContent).toBe('无法加载回访：403 Forbidden');
  });
});

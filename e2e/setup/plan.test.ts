/** Pure parts of setup and backfill: the planner, the search export walk, the rate limiter. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { CUSTOMER_EVENT_TYPES, TICKET_EVENT_TYPES } from '../../sandbox/zendesk/server.ts';
import { ExpiredCursor, collectOpenTickets, type CollectState, type ExportPage } from '../../scripts/zendesk/backfill-core.ts';
import { desiredState, WEBHOOK_SUBSCRIPTIONS } from '../../scripts/zendesk/desired.ts';
import { countByOp, planSetup, type CurrentState } from '../../scripts/zendesk/plan.ts';
import { RateLimiter } from '../../scripts/zendesk/rate-limit.ts';

const empty: CurrentState = { userFields: [], organizationFields: [], ticketFields: [], ticketForms: [], groups: [], webhooks: [], triggers: [] };
const desired = desiredState(DEFAULT_SETTINGS, 'https://w.example.dev/', 'events');

describe('planSetup', () => {
  it('creates everything on an empty account, keyed by the settings defaults', () => {
    const plan = planSetup(desired, empty);
    expect(countByOp(plan.actions)).toEqual({ create: 29, update: 0, unchanged: 0, conflict: 0 });
    expect(desired.webhook.endpoint).toBe('https://w.example.dev/webhooks/zendesk');
    expect(desired.userFields.map((f) => f.key)).toEqual(['annual_spend', 'orders_per_year', 'tier_override', 'birthday', 'partnership_anniversary', 'last_interaction', 'account_manager']);
  });

  it('the follow-up record: ten fields whose drop-downs and checkbox set the tags the worker reads, and a form listing them', () => {
    const plan = planSetup(desired, empty);
    const fields = plan.actions.filter((a) => a.kind === 'follow_up_field');
    expect(fields.map((a) => a.label)).toEqual([
      'follow-up field "Follow-up method 回访方式" (tagger)', 'follow-up field "Follow-up feedback 客户反馈" (textarea)', 'follow-up field "Pending items 待办事项" (textarea)',
      'follow-up field "Next follow-up date 下次回访日期" (date)', 'follow-up field "Customer confirmed 客户确认" (checkbox)',
      ...['response timeliness 响应及时性', 'problem-solving 问题解决能力', 'communication 沟通质量', 'added value 增值服务', 'overall satisfaction 整体满意度'].map((d) => `follow-up field "Score: ${d}" (tagger)`),
    ]);
    const body = (i: number) => (fields[i] as unknown as { request: { body: { ticket_field: Record<string, unknown> } } }).request.body.ticket_field;
    expect((body(0).custom_field_options as Array<{ value: string }>).map((o) => o.value)).toEqual(['tierwise_method_phone', 'tierwise_method_visit', 'tierwise_method_video', 'tierwise_method_wechat', 'tierwise_method_email']);
    expect(body(4).tag).toBe('tierwise_confirmed');
    expect((body(7).custom_field_options as Array<{ value: string }>).map((o) => o.value)).toEqual(Array.from({ length: 10 }, (_, i) => `tierwise_score_communication_${i + 1}`));
    expect(plan.actions.find((a) => a.kind === 'ticket_form')).toMatchObject({ op: 'create', request: { body: { ticket_form: { name: 'Tierwise follow-up 回访记录', end_user_visible: false } } } });
  });

  it('a plan without ticket forms keeps the fields and notes the form; an existing form gets only what it lacks', () => {
    const noForms = planSetup(desired, { ...empty, ticketForms: null });
    expect(noForms.actions.find((a) => a.kind === 'ticket_form')).toMatchObject({ op: 'unchanged', note: expect.stringContaining('Suite Growth') });
    const fields: CurrentState['ticketFields'] = desired.followUpFields.map((f, i) => ({ id: 100 + i, type: f.type, title: f.title, active: true, custom_field_options: f.options ? f.options.map((o) => ({ ...o })) : null }));
    const complete = planSetup(desired, { ...empty, ticketFields: fields, ticketForms: [{ id: 9, name: 'Tierwise follow-up 回访记录', active: true, ticket_field_ids: fields.map((f) => f.id) }] });
    expect(complete.actions.filter((a) => a.kind === 'follow_up_field' || a.kind === 'ticket_form').map((a) => a.op)).toEqual(Array(11).fill('unchanged'));
    const partial = planSetup(desired, { ...empty, ticketFields: fields, ticketForms: [{ id: 9, name: 'tierwise follow-up 回访记录', active: true, ticket_field_ids: [5, 100] }] });
    expect(partial.actions.find((a) => a.kind === 'ticket_form')).toMatchObject({ op: 'update', id: 9, changes: ['add the missing follow-up fields'] });
    const clash = planSetup(desired, { ...empty, ticketFields: [{ id: 7, type: 'text', title: 'Follow-up method 回访方式', active: true }] });
    expect(clash.actions.find((a) => a.label.startsWith('follow-up field "Follow-up method'))).toMatchObject({ op: 'conflict', id: 7 });
  });

  it('subscribes only to event types Zendesk (and the simulator) send', () => {
    for (const t of WEBHOOK_SUBSCRIPTIONS) expect([...TICKET_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES] as readonly string[]).toContain(t);
  });

  it('reports a wrong type as a conflict, appends missing options, reactivates, and repairs the webhook', () => {
    const current: CurrentState = {
      ...empty,
      userFields: [
        { id: 1, type: 'text', key: 'annual_spend', title: 'Spend', active: true },
        { id: 2, type: 'dropdown', key: 'tier_override', title: 'Tier', active: false, custom_field_options: [{ id: 7, name: 'Core', value: 'core' }] },
        { id: 3, type: 'decimal', key: 'orders_per_year', title: 'Orders', active: true },
      ],
      organizationFields: [{ id: 4, type: 'integer', key: 'account_manager', title: 'AM', active: true }],
      webhooks: [{ id: 'W1', name: 'Tierwise', endpoint: 'https://old.example/webhooks/zendesk', http_method: 'POST', request_format: 'json', status: 'inactive', subscriptions: ['zen:event-type:ticket.created'] }],
    };
    const { actions } = planSetup(desired, current);
    const find = (label: string) => actions.find((a) => a.label.startsWith(label))!;
    expect(find('user field annual_spend')).toMatchObject({ op: 'conflict', id: 1 });
    expect(find('user field orders_per_year')).toMatchObject({ op: 'unchanged', note: expect.stringContaining('decimal') });
    expect(find('organization field account_manager')).toMatchObject({ op: 'unchanged', id: 4 });
    expect(find('user field account_manager')).toMatchObject({ op: 'create', request: { body: { user_field: { type: 'text', key: 'account_manager' } } } });
    const tier = find('user field tier_override');
    expect(tier).toMatchObject({ op: 'update', changes: ['reactivate (it is inactive)', 'add options tier_potential, tier_basic'] });
    expect(tier.op === 'update' && tier.request.body).toEqual({ user_field: { active: true, custom_field_options: [{ id: 7, name: 'Core', value: 'core' }, { name: 'Potential 潜力客户', value: 'tier_potential' }, { name: 'Basic 基础客户', value: 'tier_basic' }] } });
    const hook = find('webhook');
    expect(hook).toMatchObject({ op: 'update', id: 'W1', request: { method: 'PATCH', path: '/api/v2/webhooks/W1' } });
    expect(hook.op === 'update' && Object.keys(hook.request.body.webhook as object).sort()).toEqual(['endpoint', 'status', 'subscriptions']);
  });

  it('switching mode creates the other connection method\'s webhook and retires the old one last, never PATCHing its subscriptions', () => {
    const endpoint = 'https://w.example.dev/webhooks/zendesk';
    const eventsHook = { id: 'W1', name: 'Tierwise', endpoint, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['zen:event-type:ticket.created'] };
    const toTrigger = planSetup(desiredState(DEFAULT_SETTINGS, 'https://w.example.dev', 'trigger'), { ...empty, webhooks: [eventsHook] }).actions;
    const hooks = toTrigger.filter((a) => a.kind === 'webhook' || a.kind === 'trigger');
    expect(hooks.map((a) => `${a.op} ${a.kind}`)).toEqual(['create webhook', 'create trigger', 'update webhook']);
    expect(hooks[0]!.op === 'create' && hooks[0]!.request.body).toMatchObject({ webhook: { name: 'Tierwise (trigger)', subscriptions: ['conditional_ticket_events'] } });
    expect(hooks[2]).toMatchObject({ id: 'W1', request: { method: 'PATCH', body: { webhook: { status: 'inactive' } } } });
    const triggerHook = { ...eventsHook, id: 'W2', name: 'Tierwise (trigger)', status: 'inactive', subscriptions: ['conditional_ticket_events'] };
    const back = planSetup(desiredState(DEFAULT_SETTINGS, 'https://w.example.dev', 'trigger'), { ...empty, webhooks: [{ ...eventsHook, status: 'inactive' }, triggerHook] });
    expect(back.webhookId).toBe('W2');
    expect(back.actions.find((a) => a.kind === 'webhook')).toMatchObject({ op: 'update', id: 'W2', changes: ['status "inactive" -> "active"'] });
    expect(back.actions.filter((a) => a.kind === 'webhook')).toHaveLength(1);
  });

  it('in trigger mode the trigger names the webhook created in the same run', () => {
    const plan = planSetup(desiredState(DEFAULT_SETTINGS, 'https://w.example.dev', 'trigger'), empty);
    const trigger = plan.actions.at(-1)!;
    expect(trigger.op === 'create' && JSON.stringify(trigger.request.body)).toContain('<id of the webhook created above>');
    expect(plan.webhookId).toBeNull();
  });
});

describe('collectOpenTickets', () => {
  /** A fake search export: cursor paging over any number of tickets; cursors can be made to expire. */
  function fakeExport(total: number, pageSize: number) {
    const tickets = Array.from({ length: total }, (_, i) => ({ id: i + 1, created_at: '2025-01-01T00:00:00Z' }));
    const queries = new Set<string>();
    let calls = 0;
    const expired = new Set<string>();
    const exportPage = async (query: string, cursor: string | null): Promise<ExportPage> => {
      calls += 1;
      queries.add(query);
      if (cursor !== null && expired.delete(cursor)) throw new ExpiredCursor('cursor expired');
      const after = cursor === null ? 0 : Number(cursor.replace('c', ''));
      const rest = tickets.filter((t) => t.id > after);
      const results = rest.slice(0, pageSize);
      const hasMore = rest.length > pageSize;
      return { results, hasMore, afterCursor: results.length > 0 ? `c${results.at(-1)!.id}` : null };
    };
    return { tickets, exportPage, calls: () => calls, queries, expire: (c: string) => expired.add(c) };
  }

  it('reads far more than the Search API\'s 1,000 results, each once, by the export cursor', async () => {
    const fake = fakeExport(2_503, 100);
    const result = await collectOpenTickets(fake.exportPage, '2030-01-01T00:00:00Z', { cursor: null, tickets: [] });
    expect(result.tickets).toEqual(fake.tickets.map((t) => t.id));
    expect(fake.calls()).toBe(26);
    expect([...fake.queries]).toEqual(['status<solved created<2030-01-01T00:00:00Z']);
  });

  it('resumes from a saved cursor without losing or repeating tickets', async () => {
    const fake = fakeExport(1_450, 50);
    let saved: CollectState = { cursor: null, tickets: [] };
    let pages = 0;
    await expect(collectOpenTickets(fake.exportPage, '2030-01-01T00:00:00Z', saved, (s) => {
      saved = { cursor: s.cursor, tickets: [...s.tickets] };
      if (++pages === 23) throw new Error('interrupted');
    })).rejects.toThrow('interrupted');
    expect(saved.cursor).toBe('c1150');
    const before = fake.calls();
    const result = await collectOpenTickets(fake.exportPage, '2030-01-01T00:00:00Z', saved);
    expect(result.tickets).toEqual(fake.tickets.map((t) => t.id));
    expect(fake.calls() - before).toBe(6);
  });

  it('starts the walk again when the saved cursor has expired, still listing each ticket once', async () => {
    const fake = fakeExport(300, 100);
    fake.expire('c100');
    const result = await collectOpenTickets(fake.exportPage, '2030-01-01T00:00:00Z', { cursor: 'c100', tickets: [1, 2, 3] });
    expect(result.tickets).toEqual([1, 2, 3, ...fake.tickets.slice(3).map((t) => t.id)]);
    expect(new Set(result.tickets).size).toBe(300);
  });
});

describe('RateLimiter', () => {
  it('allows one second of burst, then spaces requests evenly', async () => {
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => { now += ms; } };
    const limiter = new RateLimiter(120, clock);
    const at: number[] = [];
    for (let i = 0; i < 10; i++) {
      await limiter.take();
      at.push(now);
    }
    expect(limiter.capacity).toBe(2);
    expect(at).toEqual([0, 0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]);
    expect(() => new RateLimiter(0)).toThrow(/positive/);
  });
});

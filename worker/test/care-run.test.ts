/** The daily care run against the seeded simulator: what it creates, and that it never creates twice. */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import type { CareRunReport } from '../../shared/care/report.ts';
import { careRunObject, customerObject } from '../src/objects.ts';
import { clearAccountCaches } from '../src/zendesk/account.ts';
import { admin, userIdByEmail, zendesk } from './helpers.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

const ORGS = { core: 'Acme Manufacturing 艾克美制造', coreByOrders: '星辰科技 Xingchen Tech', potential: 'Blue River Trading 蓝河贸易', basic: 'Little Leaf Studio 小叶工作室', override: 'Strategic Partner 战略伙伴' };
const today = new Date().toISOString().slice(0, 10);
const created: number[] = [];
let basicOrgTags: string[] | null = null;

async function orgId(name: string): Promise<number> {
  const { organizations } = await zendesk<{ organizations: Array<{ id: number; name: string; tags: string[] }> }>('GET', '/api/v2/organizations.json?per_page=100');
  const org = organizations.find((o) => o.name === name)!;
  if (name === ORGS.basic) basicOrgTags ??= org.tags;
  return org.id;
}

async function runNow(token: string = TEST_ZENDESK.workerToken): Promise<Response> {
  return SELF.fetch('https://worker.test/api/care/run', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
}

/** Organizations whose last interaction a solved follow-up wrote: put back as seeded for the other files. */
const interacted = new Map<number, unknown>();
async function remember(organizationId: number): Promise<void> {
  if (!interacted.has(organizationId)) interacted.set(organizationId, (await zendesk('GET', `/api/v2/organizations/${organizationId}.json`)).organization.organization_fields.last_interaction);
}

afterAll(async () => {
  await admin('POST', '/app-settings', { settings: { follow_up_next_date_field_id: '' } });
  for (const [id, value] of interacted) {
    await runDurableObjectAlarm(customerObject(env, 'organization', id));
    await zendesk('PUT', `/api/v2/organizations/${id}.json`, { organization: { organization_fields: { last_interaction: value } } });
  }
  // Leave the shared simulator as the other worker tests expect it.
  for (const id of created) await zendesk('DELETE', `/api/v2/tickets/${id}.json`).catch(() => undefined);
  if (basicOrgTags) await zendesk('PUT', `/api/v2/organizations/${await orgId(ORGS.basic)}.json`, { organization: { tags: basicOrgTags } });
});

describe('care run', () => {
  it('refuses a caller without the API token', async () => {
    expect((await SELF.fetch('https://worker.test/api/care/run', { method: 'POST' })).status).toBe(401);
    expect((await runNow('wrong')).status).toBe(401);
  });

  it('creates the due follow-ups as task tickets keyed by external_id, and tags the customer at churn risk', async () => {
    const [coreByOrders, potential, basic, core, override] = await Promise.all([ORGS.coreByOrders, ORGS.potential, ORGS.basic, ORGS.core, ORGS.override].map(orgId));
    const zhang = await userIdByEmail('zhang.wei@example.com');
    const response = await runNow();
    expect(response.status).toBe(200);
    const report = (await response.json()) as CareRunReport;
    created.push(...report.created.map((c) => c.ticketId));
    expect(report).toMatchObject({ date: today, finished: true });
    // Another file's cron call may have run today's pass first: then its tasks are found, not made again.
    expect(report.skipped.filter((s) => s.reason !== 'exists')).toEqual([]);
    const keys = [...report.created.map((c) => c.key), ...report.skipped.map((s) => s.key)];
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(keys).toEqual(expect.arrayContaining([
      `tierwise-care:o${coreByOrders}:cadence:${today}`, // core, last contact 30 days ago: due today
      `tierwise-care:o${potential}:cadence:${day(-31)}`, // potential, 45 days: overdue since day 14
      `tierwise-care:o${basic}:winback:${day(-200)}`, // 200 days without contact
      `tierwise-care:o${core}:anniversary:${day(3)}`,
      `tierwise-care:o${override}:cadence:first`,
      `tierwise-care:u${zhang}:birthday:${day(3)}`, // a person of Acme: their own birthday
    ]));
    expect(keys.filter((k) => k.includes(`o${core}:cadence`))).toEqual([]); // 10 days ago: not due

    const key = `tierwise-care:o${override}:cadence:first`;
    const { tickets } = await zendesk('GET', `/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ type: 'task', external_id: key, organization_id: override, tags: expect.arrayContaining(['tierwise_care', 'tierwise_care_cadence']) });
    expect(tickets[0].due_at).toBe(`${today}T23:59:59Z`);
    // It opens with the follow-up record's form (the account's plan has ticket forms).
    const { ticket_forms } = await zendesk<{ ticket_forms: Array<{ id: number; name: string }> }>('GET', '/api/v2/ticket_forms.json');
    expect(tickets[0].ticket_form_id).toBe(ticket_forms.find((f) => f.name === 'Tierwise follow-up 回访记录')!.id);
    const { organization } = await zendesk('GET', `/api/v2/organizations/${basic}.json`);
    expect(organization.tags).toContain('tierwise_churn_risk');
  });

  it('a second run creates nothing: every task is found by its external_id', async () => {
    const report = (await (await runNow()).json()) as CareRunReport;
    expect(report.created).toEqual([]);
    expect(report.skipped.length).toBeGreaterThanOrEqual(6);
    expect(new Set(report.skipped.map((s) => s.reason))).toEqual(new Set(['exists']));
    expect(report.churnTagged).toBe(0);
  });

  it('the cron starts one pass a day, from the alarm; a later pass finds the tasks of this one and creates none', async () => {
    const object = careRunObject(env);
    expect(await object.runIfDue(Date.now())).toBe('already');
    // Yesterday's pass is the last one recorded: today's is due; it runs from the alarm.
    await runInDurableObject(object, async (_instance, state) => {
      const run = await state.storage.get<{ date: string; phase: string }>('run');
      await state.storage.put('run', { ...run, date: '2000-01-01', phase: 'done' });
    });
    expect(await object.runIfDue(Date.now())).toBe('started');
    expect(await object.runIfDue(Date.now())).toBe('already');
    // An alarm invocation takes ten tasks at most (the free plan's subrequests), then re-arms.
    let invocations = 0;
    while (invocations < 10 && (await runDurableObjectAlarm(object))) invocations++;
    expect(invocations).toBeGreaterThan(1);
    const report = await object.lastReport();
    expect(report).toMatchObject({ date: today, finished: true, created: [] });
    expect(report!.skipped.length).toBeGreaterThan(10);
  });

  it('solving a task records the follow-up (method, confirmation, scores; no text) and moves the next follow-up of the cadence', async () => {
    const coreByOrders = await orgId(ORGS.coreByOrders);
    await remember(coreByOrders);
    const key = `tierwise-care:o${coreByOrders}:cadence:${today}`;
    const { tickets: [task] } = await zendesk('GET', `/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`);
    const { ticket_fields } = await zendesk<{ ticket_fields: Array<{ id: number; title: string }> }>('GET', '/api/v2/ticket_fields.json');
    const nextDateField = ticket_fields.find((f) => f.title.startsWith('Next follow-up date'))!.id;
    await admin('POST', '/app-settings', { settings: { follow_up_next_date_field_id: nextDateField } });
    await clearAccountCaches(env);
    const nextDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    // The account manager solves it, the task's form filled in (its drop-downs and checkbox are tags).
    await zendesk('PUT', `/api/v2/tickets/${task.id}.json`, { ticket: {
      status: 'solved', tags: [...task.tags, 'tierwise_method_visit', 'tierwise_confirmed', 'tierwise_score_communication_8', 'tierwise_score_added_value_6'],
      custom_fields: [{ id: nextDateField, value: nextDate }],
      comment: { body: 'Visited; they want a quote for 200 units by Friday', public: false },
    } });
    const report = (await (await runNow()).json()) as CareRunReport;
    const keys = [...report.created.map((c) => c.key), ...report.skipped.map((s) => s.key)];
    expect(keys.filter((k) => k.includes(`o${coreByOrders}:cadence`))).toEqual([]);
    expect(report.created).toEqual([]);
    const row = await env.DB.prepare('SELECT * FROM follow_ups WHERE ticket_id = ?').bind(task.id).first();
    expect(row).toMatchObject({ task_key: key, customer_kind: 'organization', customer_id: coreByOrders, method: 'visit', confirmed: 1, communication: 8, added_value: 6, timeliness: null, next_date_ms: Date.parse(nextDate) });
    expect(JSON.stringify(row)).not.toContain('quote');
    expect((await careRunObject(env).watched()).map((w) => w.ticketId)).not.toContain(task.id);
  });

  it('a task solved without the watch seeing it (an agent created it in the sidebar) is recorded when the run finds it by its key', async () => {
    // Not Blue River: interaction.test.ts needs its last interaction before today.
    const override = await orgId(ORGS.override);
    await remember(override);
    const key = `tierwise-care:o${override}:cadence:first`;
    const { tickets: [task] } = await zendesk('GET', `/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`);
    // The object never watched it, as for a task the sidebar created.
    await runInDurableObject(careRunObject(env), async (_instance, state) => {
      const watch = (await state.storage.get<Array<{ ticketId: number }>>('watch')) ?? [];
      await state.storage.put('watch', watch.filter((w) => w.ticketId !== task.id));
    });
    await zendesk('PUT', `/api/v2/tickets/${task.id}.json`, { ticket: { status: 'solved', tags: [...task.tags, 'tierwise_method_phone'], comment: { body: 'Called', public: false } } });
    expect((await runNow()).status).toBe(200);
    expect(await env.DB.prepare('SELECT method, customer_id FROM follow_ups WHERE ticket_id = ?').bind(task.id).first()).toEqual({ method: 'phone', customer_id: override });
  });
});

/**
 * Chat alerts inside workerd, against the local chat sink (a real server that checks each
 * platform's signature, timestamp, keywords and shape, and answers errors the platform's way):
 * every platform's message arrives, each alert once whatever is enqueued again, a platform that
 * answers 5xx or 429 gets the alert later, a refusal drops it with an audit row, an alert cut off
 * mid-send is not sent twice, and a ticket's escalation reaches chat once, also when the ticket
 * object died after the PUT.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertIntent } from '../../shared/alerts/alert.ts';
import { alertKey } from '../../shared/alerts/alert.ts';
import type { AuditRow } from '../../shared/audit.ts';
import { SANDBOX_DESTINATION_NAMES } from '../../sandbox/chat/robots.ts';
import type { ReceivedMessage } from '../../sandbox/chat/server.ts';
import { readDeliveries } from '../src/alerts/deliveries.ts';
import type { AlertOutbox } from '../src/alerts/outbox.ts';
import type { TicketClock } from '../src/ticket/ticket-clock.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { clearAccountCaches } from '../src/zendesk/account.ts';
import { admin, createTicket, deliver, getTicket, settle, ticketEvent, ticketObject, zendesk } from './helpers.ts';

const MIN = 60_000;
const H = 60 * MIN;
const NAMES = SANDBOX_DESTINATION_NAMES;
let nextTicket = 900_000;

async function chat<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.TEST_CHAT_URL}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`chat ${method} ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const received = async (ticketId: number): Promise<ReceivedMessage[]> =>
  (await chat<{ messages: ReceivedMessage[] }>('GET', '/messages')).messages.filter((m) => m.text.includes(`#${ticketId}`));

async function setNow(stub: DurableObjectStub<AlertOutbox>, at: number): Promise<void> {
  await runInDurableObject(stub, (instance: AlertOutbox) => {
    instance.now = () => at;
  });
}

/**
 * An outbox of its own per test (the pacing per destination is kept per outbox), its clock set
 * to `start` before anything is enqueued, so the alarm the runtime fires by itself sees the
 * same time as the ones the test fires.
 */
async function outboxAt(start: number): Promise<DurableObjectStub<AlertOutbox>> {
  const stub = env.ALERTS.get(env.ALERTS.idFromName(`test-${crypto.randomUUID()}/alerts`));
  await setNow(stub, start);
  return stub;
}

/** Move the outbox's clock to `at` and fire its alarm (after any run already under way). */
async function fire(stub: DurableObjectStub<AlertOutbox>, at: number): Promise<void> {
  await setNow(stub, at);
  await runDurableObjectAlarm(stub);
}

function intent(destination: string, overrides: Partial<AlertIntent> = {}): AlertIntent {
  const ticketId = overrides.ticketId ?? ++nextTicket;
  const kind = overrides.kind ?? 'l1';
  return {
    key: alertKey(ticketId, kind, 1_700_000_000_000, destination),
    kind,
    destination,
    ticketId,
    tier: 'basic',
    scene: 'presale',
    cycle: 1_700_000_000_000,
    at: Date.now(),
    afterMs: 24 * H,
    from: 'created',
    lateMs: 90_000,
    leftMs: null,
    group: { id: 2, name: 'Supervisors' },
    assigneeId: null,
    showSubject: false,
    locale: 'en',
    ...overrides,
  };
}

beforeEach(async () => {
  await chat('DELETE', '/fail');
});

afterEach(async () => {
  await chat('DELETE', '/fail');
  await admin('DELETE', '/faults');
});

describe('each platform, its format and its signature', () => {
  it('delivers one message to each of the five platforms, signed where they sign, in the configured language', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const ticketId = ++nextTicket;
    const alerts = Object.values(NAMES).map((name) => intent(name, { ticketId, locale: name === NAMES.dingtalk || name === NAMES.wecom ? 'zh-CN' : 'en' }));
    expect(await stub.enqueue(alerts)).toEqual({ queued: 5, duplicate: 0 });
    await fire(stub, start);

    const messages = await received(ticketId);
    expect(messages.map((m) => [m.platform, m.accepted, m.status]).sort()).toEqual([
      ['dingtalk', true, 200], ['feishu', true, 200], ['slack', true, 200], ['teams', true, 202], ['wecom', true, 200],
    ]);
    const text = (platform: string) => messages.find((m) => m.platform === platform)!.text;
    expect(text('wecom')).toContain(`工单 #${ticketId} 已升级至 L1`);
    expect(text('dingtalk')).toContain('Tierwise'); // the robot's keyword
    expect(text('slack')).toContain(`Ticket #${ticketId} escalated to L1`);
    expect(text('slack')).toContain('Late by');
    expect(text('teams')).toContain('Supervisors');
    const link = `${new URL(env.ZENDESK_BASE_URL).origin}/agent/tickets/${ticketId}`;
    for (const m of messages) expect(JSON.stringify(m.body)).toContain(link);
    expect((await stub.view()).sent).toBe(5);
    const rows = (await readDeliveries(env.DB, accountKey(env))).filter((r) => r.ticketId === ticketId);
    expect(rows.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('a wrong signing secret is refused by the platform and dropped with an audit row, not retried', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent(NAMES.feishu);
    await runInDurableObject(stub, async (instance: AlertOutbox) => {
      (instance as unknown as { env: typeof env }).env = { ...env, ALERT_DESTINATIONS: JSON.stringify({ [NAMES.feishu]: { ...JSON.parse(env.ALERT_DESTINATIONS!)[NAMES.feishu], secret: 'not-the-secret' } }) };
    });
    await stub.enqueue([alert]);
    await fire(stub, start);
    const [message] = (await chat<{ messages: ReceivedMessage[] }>('GET', '/messages')).messages.slice(-1);
    expect(message).toMatchObject({ platform: 'feishu', accepted: false, status: 200 });
    expect(JSON.parse(message!.error!)).toMatchObject({ code: 19021 });
    const view = await stub.view();
    expect(view).toMatchObject({ dropped: 1, pending: 0, alarmAt: null });
    expect(view.entries[0]!.lastError).toContain('19021');
    const [row] = (await readDeliveries(env.DB, accountKey(env))).filter((r) => r.alertKey === alert.key);
    expect(row).toMatchObject({ outcome: 'dropped', attempts: 1 });
  });
});

describe('delivery you can trust', () => {
  it('sends an alert once however often it is enqueued, before or after it went out', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent(NAMES.slack);
    await stub.enqueue([alert]);
    expect(await stub.enqueue([alert, alert])).toEqual({ queued: 0, duplicate: 2 });
    await fire(stub, start);
    expect(await stub.enqueue([alert])).toEqual({ queued: 0, duplicate: 1 });
    await fire(stub, start + MIN);
    expect(await received(alert.ticketId)).toHaveLength(1);
  });

  it('a platform answering 5xx gets the alert again later, with backoff, and it arrives once', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent(NAMES.wecom);
    await chat('POST', '/fail', { platform: 'wecom', answer: 'server_error', times: 2 });
    await stub.enqueue([alert]);
    await fire(stub, start);
    let view = await stub.view();
    expect(view).toMatchObject({ pending: 1, sent: 0 });
    expect(view.alarmAt!).toBeGreaterThanOrEqual(start + 12_000);
    await fire(stub, view.alarmAt!);
    view = await stub.view();
    expect(view.entries[0]).toMatchObject({ attempts: 2, state: 'pending' });
    await fire(stub, view.alarmAt!);
    expect((await stub.view()).entries[0]).toMatchObject({ outcome: 'sent', attempts: 3 });
    expect((await received(alert.ticketId)).map((m) => m.accepted)).toEqual([true]);
  });

  it('a platform answering 429 (or its throttle errcode) is waited out as it asks', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const teams = intent(NAMES.teams);
    const dingtalk = intent(NAMES.dingtalk);
    await chat('POST', '/fail', { platform: 'teams', answer: 'rate_limited', times: 1, retryAfter: 120 });
    await chat('POST', '/fail', { platform: 'dingtalk', answer: 'rate_limited', times: 1 });
    await stub.enqueue([teams, dingtalk]);
    await fire(stub, start);
    const next = Object.fromEntries((await stub.view()).entries.map((e) => [e.key, e]));
    expect(next[teams.key]!.nextAt).toBeGreaterThanOrEqual(start + 120_000);
    // DingTalk throttles a robot for 10 minutes after 20 messages a minute (errcode 130101).
    expect(next[dingtalk.key]!.nextAt).toBeGreaterThanOrEqual(start + 10 * MIN);
    expect(next[dingtalk.key]!.lastError).toContain('130101');
    await fire(stub, start + 11 * MIN);
    expect((await stub.view()).sent).toBe(2);
    expect(await received(teams.ticketId)).toHaveLength(1);
    expect(await received(dingtalk.ticketId)).toHaveLength(1);
  });

  it('paces one robot at its platform rate: WeCom takes 20 a minute', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const ticketIds = Array.from({ length: 3 }, () => ++nextTicket);
    await stub.enqueue(ticketIds.map((ticketId) => intent(NAMES.wecom, { ticketId })));
    await fire(stub, start);
    expect((await stub.view()).sent).toBe(1);
    expect((await stub.view()).alarmAt).toBeGreaterThanOrEqual(start + 3_000);
    await fire(stub, start + 3_000);
    await fire(stub, start + 6_000);
    expect((await stub.view()).sent).toBe(3);
  });

  it('an alert cut off mid-send (the worker killed with the request out) is not sent again, and says so', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent(NAMES.slack);
    await stub.enqueue([alert]);
    // What a killed run leaves: the write-ahead mark, set before the request left.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE outbox SET state = 'sending', attempts = 1 WHERE key = ?", alert.key);
    });
    await fire(stub, start);
    expect(await received(alert.ticketId)).toHaveLength(0);
    expect((await stub.view())).toMatchObject({ unconfirmed: 1, pending: 0, sending: 0 });
    const [row] = (await readDeliveries(env.DB, accountKey(env))).filter((r) => r.alertKey === alert.key);
    expect(row).toMatchObject({ outcome: 'unconfirmed', attempts: 1 });
  });

  it('gives up after 24 hours of failures with an audit row, never silently', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent(NAMES.slack);
    await chat('POST', '/fail', { platform: 'slack', answer: 'server_error', times: 1 });
    await stub.enqueue([alert]);
    await fire(stub, start);
    await fire(stub, start + 25 * H);
    expect(await stub.view()).toMatchObject({ dropped: 1, pending: 0 });
    const [row] = (await readDeliveries(env.DB, accountKey(env))).filter((r) => r.alertKey === alert.key);
    expect(row!.outcome).toBe('dropped');
    expect(row!.detail).toContain('not delivered within 24 h: platform answered 500');
  });

  it('a destination missing from ALERT_DESTINATIONS is kept for the admin to add, not sent anywhere', async () => {
    const start = Date.now();
    const stub = await outboxAt(start);
    const alert = intent('not-configured');
    await stub.enqueue([alert]);
    await fire(stub, start);
    const view = await stub.view();
    expect(view.entries[0]).toMatchObject({ state: 'pending', attempts: 0 });
    expect(view.entries[0]!.lastError).toBe('destination "not-configured" is not in ALERT_DESTINATIONS');
  });
});

describe('from the escalation step to chat', () => {
  const BASIC = 'xiao.lin@example.com';

  async function routeAlerts(routes: string, extra: Record<string, unknown> = {}): Promise<void> {
    await admin('POST', '/app-settings', { settings: { alert_routes: routes, ...extra } });
    await clearAccountCaches(env);
  }

  afterEach(async () => {
    await routeAlerts('', { alert_show_subject: false, alert_show_assignee: false });
  });

  async function fireTicketAt(ticketId: number, at: number): Promise<void> {
    await runInDurableObject(ticketObject(ticketId), (instance: TicketClock) => {
      instance.now = () => at;
    });
    await runDurableObjectAlarm(ticketObject(ticketId));
  }

  /** Wait until the account's outbox has sent what is due (its alarm fires by itself). */
  async function deliverAccountAlerts(): Promise<void> {
    const stub = env.ALERTS.get(env.ALERTS.idFromName(`${accountKey(env)}/alerts`));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const view = await stub.view();
      if (view.sending === 0 && view.entries.every((e) => e.state !== 'pending' || e.nextAt > Date.now() + 50)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the alert outbox did not settle within 10 s');
  }

  it('an L1 escalation is announced in chat once, with the group, the subject when allowed, and the ticket link', async () => {
    await routeAlerts(`l1 -> ${NAMES.slack}\nl1 basic -> ${NAMES.feishu}\nl2 core -> ${NAMES.wecom}`, { alert_show_subject: true });
    const ticket = await createTicket(BASIC, { tags: ['scene_presale'], subject: 'Printer on fire' });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const createdAt = Date.parse(ticket.created_at);
    await fireTicketAt(ticket.id, createdAt + 24 * H);
    await fireTicketAt(ticket.id, createdAt + 24 * H + MIN); // a second alarm: nothing more
    await deliverAccountAlerts();
    await deliverAccountAlerts();
    const messages = await received(ticket.id);
    expect(messages.map((m) => m.platform).sort()).toEqual(['feishu', 'slack']);
    const slack = messages.find((m) => m.platform === 'slack')!;
    expect(slack.text).toContain(`Ticket #${ticket.id} escalated to L1`);
    expect(slack.text).toContain('Supervisors');
    expect(slack.text).toContain('Printer on fire');
    expect(JSON.stringify(slack.body)).toContain(`/agent/tickets/${ticket.id}`);
    expect(slack.text).not.toContain('xiao.lin');
  });

  it('leaves the subject out unless the admin allows it', async () => {
    await routeAlerts(`l1 -> ${NAMES.teams}`);
    const ticket = await createTicket(BASIC, { tags: ['scene_presale'], subject: 'My private order 12345' });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    await fireTicketAt(ticket.id, Date.parse(ticket.created_at) + 24 * H);
    await deliverAccountAlerts();
    const [teams] = await received(ticket.id);
    expect(teams!.text).toContain('escalated to L1');
    expect(JSON.stringify(teams!.body)).not.toContain('My private order');
  });

  it('a step whose PUT landed but whose run died before the hand-over still reaches chat, once', async () => {
    await routeAlerts(`l1 -> ${NAMES.dingtalk}`);
    const ticket = await createTicket(BASIC, { tags: ['scene_presale'] });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const createdAt = Date.parse(ticket.created_at);
    // The run sent the L1 PUT and died: the change is on the ticket, the write-ahead record holds it.
    const current = await getTicket(ticket.id);
    const tags = [...current.tags, 'tierwise_sla_at_risk', 'tierwise_sla_breached', 'tierwise_escalated_l1'];
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags } });
    const audit: AuditRow = { ticketId: ticket.id, step: 'l1', tier: 'basic', scene: 'presale', reason: { kind: 'deadline', step: 'l1', afterMs: 24 * H, from: 'created' }, changes: [{ field: 'group', from: null, to: { id: 2, name: 'Supervisors' } }], at: new Date(createdAt + 24 * H).toISOString(), correlationId: `l1:${createdAt}` };
    await runInDurableObject(ticketObject(ticket.id), async (_instance, state) => {
      const record = (await state.storage.get<Record<string, unknown>>('record'))!;
      await state.storage.put('record', { ...record, inFlight: { change: { tags }, steps: ['at_risk', 'breached', 'l1'], cycle: createdAt, applied: { tier: 'basic', scene: 'presale' }, audit: [audit] } });
    });
    await fireTicketAt(ticket.id, createdAt + 24 * H);
    await fireTicketAt(ticket.id, createdAt + 24 * H + MIN);
    await deliverAccountAlerts();
    const messages = await received(ticket.id);
    expect(messages.map((m) => [m.platform, m.accepted])).toEqual([['dingtalk', true]]);
    expect(messages[0]!.text).toContain(`Ticket #${ticket.id} escalated to L1`);
  });
});

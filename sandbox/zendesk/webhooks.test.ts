import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { client, startReceiver, waitFor, fetchJson } from './test-helpers.ts';

const SECRET = 'test-webhook-secret';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(respond?: Parameters<typeof startReceiver>[0], retryDelayMs = 20) {
  const receiver = await startReceiver(respond);
  const sim = await startZendeskSimulator({ port: 0, webhookTargetUrl: receiver.url, webhookSecret: SECRET, webhookRetryDelayMs: retryDelayMs });
  cleanups.push(() => receiver.close(), () => sim.close());
  return { receiver, sim, api: client(sim.url) };
}

const verify = (headers: Record<string, string | string[] | undefined>, body: string, secret: string): boolean => {
  const ts = String(headers['x-zendesk-webhook-signature-timestamp']);
  const expected = createHmac('sha256', secret).update(ts + body).digest();
  const got = Buffer.from(String(headers['x-zendesk-webhook-signature']), 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected);
};

async function newTicket(sim: RunningSimulator, api: ReturnType<typeof client>, extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/tickets.json', { ticket: { subject: 'Help', comment: { body: 'Broken' }, requester_id: sim.ids!.users.coreCustomer, ...extra } });
  return res.body.ticket as { id: number; updated_at: string };
}

describe('event webhooks', () => {
  it('delivers a signed ticket.created event to the seeded webhook', async () => {
    const { receiver, sim, api } = await setup();
    const t = await newTicket(sim, api, { priority: 'high' });
    const req = await waitFor(() => receiver.received[0]);
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-zendesk-webhook-id']).toBe(sim.ids!.webhookId);
    expect(String(req.headers['x-zendesk-webhook-signature-timestamp'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(verify(req.headers, req.body, SECRET)).toBe(true);
    expect(verify(req.headers, req.body, 'wrong-secret')).toBe(false);
    const ev = JSON.parse(req.body);
    expect(ev).toMatchObject({
      type: 'zen:event-type:ticket.created', account_id: 1, zendesk_event_version: '2022-11-06', subject: `zen:ticket:${t.id}`,
      detail: { id: String(t.id), status: 'NEW', priority: 'HIGH', requester_id: String(sim.ids!.users.coreCustomer), organization_id: String(sim.ids!.organizations.core) },
    });
    const secret = await api.get(`/api/v2/webhooks/${sim.ids!.webhookId}/signing_secret`);
    expect(secret.body).toEqual({ signing_secret: { secret: SECRET, algorithm: 'SHA256' } });
  });

  it('emits one event per kind of change, including for the API caller\'s own updates', async () => {
    const { receiver, sim, api } = await setup();
    const t = await newTicket(sim, api, { tags: ['a'] });
    await sim.webhooksIdle();
    receiver.received.length = 0;
    await api.put(`/api/v2/tickets/${t.id}.json`, {
      ticket: { priority: 'urgent', tags: ['b'], assignee_id: sim.ids!.users.agent, comment: { body: 'note', public: false } },
    });
    await sim.webhooksIdle();
    const events = receiver.received.map((r) => JSON.parse(r.body));
    const byType = Object.fromEntries(events.map((e) => [e.type.replace('zen:event-type:ticket.', ''), e.event]));
    expect(Object.keys(byType).sort()).toEqual(['agent_assignment_changed', 'comment_added', 'group_assignment_changed', 'priority_changed', 'status_changed', 'tags_changed']);
    expect(byType.status_changed).toMatchObject({ current: 'OPEN', previous: 'NEW' });
    expect(byType.priority_changed).toMatchObject({ current: 'URGENT', previous: null });
    expect(byType.tags_changed).toMatchObject({ tags_added: ['b'], tags_removed: ['a'] });
    expect(byType.agent_assignment_changed).toMatchObject({ current: String(sim.ids!.users.agent), previous: null });
    expect(byType.comment_added.comment).toMatchObject({ body: 'note', is_public: false });
    const invocationIds = new Set(receiver.received.map((r) => r.headers['x-zendesk-webhook-invocation-id']));
    expect(invocationIds.size).toBe(events.length);
  });

  it('retries 5xx and 429 with the same invocation id, honouring Retry-After', async () => {
    const { receiver, sim, api } = await setup((_req, n) => (n === 1 ? { status: 503 } : n === 2 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    await newTicket(sim, api);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers['x-zendesk-webhook-invocation-id']));
    expect(ids.size).toBe(1);
    expect(receiver.received[2]!.at - receiver.received[1]!.at).toBeGreaterThanOrEqual(900);
    const log = await fetchJson(`${sim.url}/__admin/deliveries`);
    expect(log.deliveries[0].outcome).toBe('delivered');
    expect(log.deliveries[0].attempts.map((a: { status: number }) => a.status)).toEqual([503, 429, 200]);
  });

  it('gives up after three retries and does not retry a 4xx', async () => {
    const { receiver, sim, api } = await setup(() => ({ status: 500 }));
    await newTicket(sim, api);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(4);
    const log = await fetchJson(`${sim.url}/__admin/deliveries`);
    expect(log.deliveries[0].outcome).toBe('failed');

    const { receiver: r2, sim: s2, api: a2 } = await setup(() => ({ status: 400 }));
    await newTicket(s2, a2);
    await s2.webhooksIdle();
    expect(r2.received).toHaveLength(1);
  });

  it('drops events while paused and delivers again after resume', async () => {
    const { receiver, sim, api } = await setup();
    await fetch(`${sim.url}/__admin/webhooks/pause`, { method: 'POST' });
    await newTicket(sim, api);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    const log = await fetchJson(`${sim.url}/__admin/deliveries`);
    expect(log.deliveries[0].outcome).toBe('dropped');
    await fetch(`${sim.url}/__admin/webhooks/resume`, { method: 'POST' });
    await newTicket(sim, api);
    await waitFor(() => receiver.received.length === 1);
  });

  it('manages webhooks through the API', async () => {
    const { sim, api } = await setup();
    const created = await api.post('/api/v2/webhooks', {
      webhook: { name: 'Other', endpoint: 'http://127.0.0.1:9/x', http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook.signing_secret.secret).toBeNull();
    const id = created.body.webhook.id;
    expect((await api.patch(`/api/v2/webhooks/${id}`, { webhook: { status: 'inactive' } })).status).toBe(204);
    expect((await api.get(`/api/v2/webhooks/${id}`)).body.webhook.status).toBe('inactive');
    expect((await api.get('/api/v2/webhooks')).body.webhooks).toHaveLength(2);
    expect((await api.del(`/api/v2/webhooks/${id}`)).status).toBe(204);
    expect((await api.get(`/api/v2/webhooks/${id}`)).status).toBe(404);
    void sim;
  });
});

describe('trigger webhooks', () => {
  it('renders placeholders into the body of a matching trigger and signs it', async () => {
    const receiver = await startReceiver();
    const sim = await startZendeskSimulator({ port: 0 });
    cleanups.push(() => receiver.close(), () => sim.close());
    const api = client(sim.url);
    const hook = await api.post('/api/v2/webhooks', { webhook: { name: 'Trigger hook', endpoint: receiver.url, subscriptions: ['conditional_ticket_events'] } });
    const hookId = hook.body.webhook.id;
    const scene = sim.ids!.ticketFields.serviceScene;
    const template = `{"ticket_id":"{{ticket.id}}","requester":"{{ticket.requester.id}}","org":"{{ticket.organization.id}}","status":"{{ticket.status}}","priority":"{{ticket.priority}}","tags":"{{ticket.tags}}","updated":"{{ticket.updated_at_with_timestamp}}","scene":"{{ticket.ticket_field_${scene}}}","subject":"{{ticket.title}}"}`;
    const trig = await api.post('/api/v2/triggers.json', {
      trigger: {
        title: 'Notify Tierwise on change', conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Change' }] },
        actions: [{ field: 'notification_webhook', value: [hookId, template] }],
      },
    });
    expect(trig.status).toBe(201);
    const t = await newTicket(sim, api, { subject: 'Say "hi"' });
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(0); // update_type is Create: no match
    const upd = await api.put(`/api/v2/tickets/${t.id}.json`, { ticket: { priority: 'high', custom_fields: [{ id: scene, value: 'scene_presale' }] } });
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    const hookSecret = (await api.get(`/api/v2/webhooks/${hookId}/signing_secret`)).body.signing_secret.secret;
    expect(verify(req.headers, req.body, hookSecret)).toBe(true);
    expect(JSON.parse(req.body)).toEqual({
      ticket_id: String(t.id), requester: String(sim.ids!.users.coreCustomer), org: String(sim.ids!.organizations.core),
      status: 'New', priority: 'High', tags: 'scene_presale', updated: upd.body.ticket.updated_at, scene: 'scene_presale', subject: 'Say "hi"',
    });
  });

  it('fires only when every condition holds (tags, priority change)', async () => {
    const receiver = await startReceiver();
    const sim = await startZendeskSimulator({ port: 0 });
    cleanups.push(() => receiver.close(), () => sim.close());
    const api = client(sim.url);
    const hookId = (await api.post('/api/v2/webhooks', { webhook: { name: 'h', endpoint: receiver.url } })).body.webhook.id;
    await api.post('/api/v2/triggers.json', {
      trigger: {
        title: 'VIP priority changes',
        conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'vip' }, { field: 'priority', operator: 'changed' }] },
        actions: [{ field: 'notification_webhook', value: [hookId, '{"id":{{ticket.id}},"p":"{{ticket.priority}}","who":{{current_user.id}}}'] }],
      },
    });
    const plain = await newTicket(sim, api);
    const vip = await newTicket(sim, api, { tags: ['vip'] });
    await sim.webhooksIdle();
    receiver.received.length = 0;
    await api.put(`/api/v2/tickets/${plain.id}.json`, { ticket: { priority: 'high' } });
    await api.put(`/api/v2/tickets/${vip.id}.json`, { ticket: { subject: 'renamed' } });
    await api.put(`/api/v2/tickets/${vip.id}.json`, { ticket: { priority: 'low' } });
    await sim.webhooksIdle();
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ id: vip.id, p: 'Low', who: sim.ids!.adminId }]);
  });
});

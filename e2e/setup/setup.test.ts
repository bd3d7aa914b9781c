/**
 * npm run zendesk:setup against the Zendesk simulator: from an empty account, twice, with a
 * conflicting field, as a dry run, and with bad credentials, a non-admin and no server at all.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { freePort } from '../../sandbox/lib/ports.ts';
import { CUSTOMER_EVENT_TYPES, SEED_EMAILS, startZendeskSimulator, TICKET_EVENT_TYPES, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { parseTicketEvent } from '../../worker/src/webhook/ticket-event.ts';
import { signPayload } from '../../scripts/zendesk/backfill-core.ts';
import { TRIGGER_BODY, TRIGGER_TITLE } from '../../scripts/zendesk/desired.ts';
import { runSetup } from '../../scripts/zendesk/setup.ts';
import { ADMIN, api, captureIo, requestLog, runCli, startReceiver, zendeskEnv } from './helpers.ts';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const SETUP = 'scripts/zendesk/setup.ts';
const FIELD_KEYS = [DEFAULT_SETTINGS.annual_spend_field, DEFAULT_SETTINGS.orders_field, DEFAULT_SETTINGS.tier_override_field, DEFAULT_SETTINGS.birthday_field, DEFAULT_SETTINGS.anniversary_field, DEFAULT_SETTINGS.last_interaction_field, DEFAULT_SETTINGS.account_manager_field];

interface Field { id: number; key?: string; type: string; title: string; custom_field_options?: Array<{ name: string; value: string }> }
interface Webhook { id: string; name: string; endpoint: string; subscriptions: string[]; status: string }
interface Trigger { id: number; title: string; active: boolean; actions: Array<{ field: string; value: unknown }>; conditions: { any: unknown[]; all: unknown[] } }

let sim: RunningSimulator;

async function start(seed = false): Promise<void> {
  sim = await startZendeskSimulator({ port: 0, seed, email: ADMIN.email, apiToken: ADMIN.apiToken, webhookRetryDelayMs: 50 });
}

afterEach(async () => {
  vi.restoreAllMocks();
  await sim?.close();
});

describe('setup from an empty account', () => {
  beforeEach(() => start(false));

  it('creates every field, the scene field, both groups and the webhook, and keeps the secret out of the log', async () => {
    const cap = captureIo();
    const code = await runSetup(['--no-env-file'], zendeskEnv(sim.url), cap.io);
    expect(code, cap.text()).toBe(0);

    for (const kind of ['user_fields', 'organization_fields'] as const) {
      const fields = (await api<Record<string, Field[]>>(sim.url, 'GET', `/api/v2/${kind}.json`))[kind]!;
      const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
      expect(FIELD_KEYS.map((k) => byKey[k]?.type)).toEqual(['decimal', 'integer', 'dropdown', 'date', 'date', 'date', 'text']);
      expect(byKey.tier_override?.custom_field_options?.map((o: { value: string }) => o.value)).toEqual(['tier_core', 'tier_potential', 'tier_basic']);
    }
    const { ticket_fields } = await api<{ ticket_fields: Field[] }>(sim.url, 'GET', '/api/v2/ticket_fields.json');
    expect(ticket_fields).toHaveLength(11);
    expect(ticket_fields[0]).toMatchObject({ type: 'tagger', title: 'Service scene' });
    expect(ticket_fields[0]!.custom_field_options!.map((o) => o.value)).toEqual(['scene_presale', 'scene_insale', 'scene_aftersale']);
    // The follow-up record's fields, and the care tasks' form listing them (agents only).
    const followUp = ticket_fields.slice(1);
    expect(followUp.map((f) => f.type)).toEqual(['tagger', 'textarea', 'textarea', 'date', 'checkbox', 'tagger', 'tagger', 'tagger', 'tagger', 'tagger']);
    const { ticket_forms } = await api<{ ticket_forms: Array<{ name: string; end_user_visible: boolean; ticket_field_ids: number[] }> }>(sim.url, 'GET', '/api/v2/ticket_forms.json');
    expect(ticket_forms).toHaveLength(1);
    expect(ticket_forms[0]).toMatchObject({ name: 'Tierwise follow-up 回访记录', end_user_visible: false, ticket_field_ids: followUp.map((f) => f.id) });
    expect(cap.out).toContain(`Optional: set the app setting follow_up_next_date_field_id to ${followUp[3]!.id} (a next follow-up date recorded on a solved care task then replaces the cadence's).`);

    const { groups } = await api<{ groups: Array<{ name: string }> }>(sim.url, 'GET', '/api/v2/groups.json');
    expect(groups.map((g) => g.name).sort()).toEqual([DEFAULT_SETTINGS.escalation_l2_group, DEFAULT_SETTINGS.escalation_l1_group].sort());

    const { webhooks } = await api<{ webhooks: Webhook[] }>(sim.url, 'GET', '/api/v2/webhooks');
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]).toMatchObject({ name: 'Tierwise', endpoint: 'https://tierwise.example.workers.dev/webhooks/zendesk', status: 'active' });
    expect(webhooks[0]!.subscriptions).toContain('zen:event-type:ticket.created');
    for (const s of webhooks[0]!.subscriptions) expect([...TICKET_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES] as readonly string[]).toContain(s);

    const { signing_secret } = await api<{ signing_secret: { secret: string } }>(sim.url, 'GET', `/api/v2/webhooks/${webhooks[0]!.id}/signing_secret`);
    expect(cap.out).toContain('  npx wrangler secret put ZENDESK_WEBHOOK_SECRET');
    expect(cap.text()).not.toContain(signing_secret.secret);
    expect(cap.text()).toMatch(/29 changes: created 29, updated 0/);
    // The app is not installed yet: setup names no installation for the worker (it would refuse a guess).
    expect(cap.text()).toContain('No enabled Tierwise app installation yet');
    expect(cap.text()).not.toMatch(/TIERWISE_INSTALLATION_ID=\d/);
  });

  it('a second run changes nothing and says so', async () => {
    expect(await runSetup(['--no-env-file'], zendeskEnv(sim.url), captureIo().io)).toBe(0);
    const before = (await requestLog(sim.url)).length;
    const cap = captureIo();
    expect(await runSetup(['--no-env-file'], zendeskEnv(sim.url), cap.io)).toBe(0);
    expect(cap.out, cap.text()).toContain('Everything is already set up: 0 changes.');
    const writes = (await requestLog(sim.url)).slice(before).filter((r) => WRITE_METHODS.includes(r.method));
    expect(writes).toEqual([]);
  });

  it('on a plan without ticket forms, sets up the fields, notes the form, and a second run changes nothing', async () => {
    await sim.close();
    sim = await startZendeskSimulator({ port: 0, seed: false, email: ADMIN.email, apiToken: ADMIN.apiToken, ticketForms: false });
    const cap = captureIo();
    expect(await runSetup(['--no-env-file'], zendeskEnv(sim.url), cap.io), cap.text()).toBe(0);
    expect(cap.out.join('\n')).toMatch(/ticket form "Tierwise follow-up 回访记录".*not on this plan: ticket forms need Suite Growth or above, or Support Enterprise/);
    expect((await api<{ ticket_fields: Field[] }>(sim.url, 'GET', '/api/v2/ticket_fields.json')).ticket_fields).toHaveLength(11);
    const again = captureIo();
    expect(await runSetup(['--no-env-file'], zendeskEnv(sim.url), again.io)).toBe(0);
    expect(again.out).toContain('Everything is already set up: 0 changes.');
  });

  it('--show-secret prints the signing secret', async () => {
    const cap = captureIo();
    expect(await runSetup(['--no-env-file', '--show-secret'], zendeskEnv(sim.url), cap.io)).toBe(0);
    const { webhooks } = await api<{ webhooks: Webhook[] }>(sim.url, 'GET', '/api/v2/webhooks');
    const { signing_secret } = await api<{ signing_secret: { secret: string } }>(sim.url, 'GET', `/api/v2/webhooks/${webhooks[0]!.id}/signing_secret`);
    expect(cap.text()).toContain(signing_secret.secret);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const result = await runCli(SETUP, ['--no-env-file', '--dry-run'], zendeskEnv(sim.url));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('create     user field annual_spend (decimal)');
    expect(result.stdout).toContain('create     organization field account_manager (text)');
    expect(result.stdout).toContain('Dry run: would create 29, update 0; 0 unchanged; 0 conflicts. Nothing was written.');
    const log = await requestLog(sim.url);
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => WRITE_METHODS.includes(r.method))).toEqual([]);
  });

  it('a field that exists with the wrong type is a conflict: reported with a fix, left alone, the rest done, exit 1', async () => {
    await api(sim.url, 'POST', '/api/v2/user_fields.json', { user_field: { type: 'text', key: 'annual_spend', title: 'Annual spend (text)' } });
    const result = await runCli(SETUP, ['--no-env-file'], zendeskEnv(sim.url));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CONFLICT   user field annual_spend (decimal): user field "annual_spend"');
    expect(result.stdout).toMatch(/already exists as text; Tierwise needs decimal/);
    expect(result.stdout).toMatch(/--set annual_spend_field=<new_key>/);
    expect(result.stderr).toMatch(/Not finished: 1 conflict/);

    const { user_fields } = await api<{ user_fields: Field[] }>(sim.url, 'GET', '/api/v2/user_fields.json');
    expect(user_fields.filter((f) => f.key === 'annual_spend').map((f) => f.type)).toEqual(['text']);
    expect(user_fields.map((f) => f.key).sort()).toEqual([...FIELD_KEYS].sort());
    const { organization_fields } = await api<{ organization_fields: Field[] }>(sim.url, 'GET', '/api/v2/organization_fields.json');
    expect(organization_fields.find((f) => f.key === 'annual_spend')?.type).toBe('decimal');
    expect((await api<{ webhooks: Webhook[] }>(sim.url, 'GET', '/api/v2/webhooks')).webhooks).toHaveLength(1);

    // The documented way out: another key for Tierwise's field.
    const again = await runCli(SETUP, ['--no-env-file', '--set', 'annual_spend_field=annual_spend_12m'], zendeskEnv(sim.url));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('created user field annual_spend_12m (decimal)');
  });

  it('--mode=trigger installs a trigger whose webhook body is the payload the worker parses', async () => {
    const receiver = await startReceiver(async () => true);
    try {
      const env = zendeskEnv(sim.url, { TIERWISE_WORKER_URL: receiver.url });
      const cap = captureIo();
      expect(await runSetup(['--no-env-file', '--mode=trigger'], env, cap.io), cap.text()).toBe(0);
      const { triggers } = await api<{ triggers: Trigger[] }>(sim.url, 'GET', '/api/v2/triggers.json');
      expect(triggers).toHaveLength(1);
      const { webhooks } = await api<{ webhooks: Webhook[] }>(sim.url, 'GET', '/api/v2/webhooks');
      expect(webhooks[0]!.subscriptions).toEqual(['conditional_ticket_events']);
      expect(triggers[0]).toMatchObject({ title: TRIGGER_TITLE, active: true });
      expect(triggers[0]!.actions).toEqual([{ field: 'notification_webhook', value: [webhooks[0]!.id, TRIGGER_BODY] }]);
      expect(TRIGGER_BODY).toBe('{"tierwise": 1, "ticket": {"id": "{{ticket.id}}"}}');

      // A ticket created through the API reaches the "worker" with a body the worker accepts.
      const { user } = await api<{ user: { id: number } }>(sim.url, 'POST', '/api/v2/users.json', { user: { name: 'Customer', email: 'c@example.com' } });
      const { ticket } = await api<{ ticket: { id: number } }>(sim.url, 'POST', '/api/v2/tickets.json', { ticket: { subject: 'Hello', comment: { body: 'Hi' }, requester_id: user.id } });
      await sim.webhooksIdle();
      expect(receiver.deliveries.map((d) => d.ticketId)).toEqual([ticket.id]);
      const parsed = parseTicketEvent({ tierwise: 1, ticket: { id: String(ticket.id) } }, receiver.deliveries[0]!.invocationId);
      expect(parsed).toMatchObject({ ok: true, event: { ticketId: ticket.id, type: 'trigger' } });

      // Again: nothing to do.
      const second = captureIo();
      expect(await runSetup(['--no-env-file', '--mode=trigger'], env, second.io)).toBe(0);
      expect(second.out).toContain('Everything is already set up: 0 changes.');

      // Back to events mode. Zendesk fixes a webhook's connection method at creation, so this is
      // a second webhook; the trigger and the trigger webhook are switched off, not deleted.
      const hooks = async () => (await api<{ webhooks: Webhook[] }>(sim.url, 'GET', '/api/v2/webhooks')).webhooks;
      const triggerHook = webhooks[0]!;
      const dry = captureIo();
      const beforeDry = (await requestLog(sim.url)).length;
      expect(await runSetup(['--no-env-file', '--dry-run'], env, dry.io), dry.text()).toBe(0);
      expect((await requestLog(sim.url)).slice(beforeDry).filter((r) => WRITE_METHODS.includes(r.method))).toEqual([]);
      expect(dry.out.join('\n')).toMatch(/create +webhook "Tierwise"[^]*retire: deactivate/);
      const third = captureIo();
      expect(await runSetup(['--no-env-file'], env, third.io), third.text()).toBe(0);
      const after = (await api<{ triggers: Trigger[] }>(sim.url, 'GET', '/api/v2/triggers.json')).triggers;
      expect(after.map((t) => t.active)).toEqual([false]);
      const switched = await hooks();
      expect(switched).toHaveLength(2);
      const eventsHook = switched.find((w) => w.id !== triggerHook.id)!;
      expect(eventsHook).toMatchObject({ status: 'active', endpoint: triggerHook.endpoint });
      expect(eventsHook.subscriptions).toContain('zen:event-type:ticket.created');
      expect(switched.find((w) => w.id === triggerHook.id)).toMatchObject({ status: 'inactive', subscriptions: ['conditional_ticket_events'] });
      expect(third.out.join('\n')).toContain('npx wrangler secret put ZENDESK_WEBHOOK_SECRET');
      const idle = captureIo();
      expect(await runSetup(['--no-env-file'], env, idle.io)).toBe(0);
      expect(idle.out).toContain('Everything is already set up: 0 changes.');

      // And to trigger mode again: the old trigger webhook and trigger come back, nothing new is made.
      const fourth = captureIo();
      expect(await runSetup(['--no-env-file', '--mode=trigger'], env, fourth.io), fourth.text()).toBe(0);
      const back = await hooks();
      expect(back).toHaveLength(2);
      expect(back.find((w) => w.id === triggerHook.id)!.status).toBe('active');
      expect(back.find((w) => w.id === eventsHook.id)!.status).toBe('inactive');
      const triggersBack = (await api<{ triggers: Trigger[] }>(sim.url, 'GET', '/api/v2/triggers.json')).triggers;
      expect(triggersBack.map((t) => [t.active, t.actions])).toEqual([[true, [{ field: 'notification_webhook', value: [triggerHook.id, TRIGGER_BODY] }]]]);
    } finally {
      await receiver.close();
    }
  });

  it('stops on a 403 mid-run and says what was done and what was not', async () => {
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (init?.method === 'POST' && new URL(url).pathname === '/api/v2/webhooks') {
        return new Response(JSON.stringify({ error: 'Forbidden', description: 'You do not have access to this page.' }), { status: 403, headers: { 'Content-Type': 'application/json' } });
      }
      return realFetch(input, init);
    });
    const cap = captureIo();
    const code = await runSetup(['--no-env-file'], zendeskEnv(sim.url), cap.io);
    expect(code).toBe(4);
    const err = cap.err.join('\n');
    expect(err).toMatch(/Stopped: Zendesk refused POST \/api\/v2\/webhooks \(403 Forbidden\): this token's user is not an admin/);
    expect(err).toMatch(/Done before the failure[^]*created group "Supervisors"[^]*created ticket field "Service scene"/);
    expect(err).toMatch(/Not done:\n {2}- create webhook "Tierwise"/);
  });
});

describe('setup refuses bad input with a clear message and exit code', () => {
  beforeEach(() => start(true));

  it('401: refused credentials (as a process)', async () => {
    const result = await runCli(SETUP, ['--no-env-file'], zendeskEnv(sim.url, { ZENDESK_API_TOKEN: 'wrong-token' }));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('ZENDESK_EMAIL/ZENDESK_API_TOKEN were refused by Zendesk (401): check');
  });

  it('403: an agent, not an admin', async () => {
    const result = await runCli(SETUP, ['--no-env-file'], zendeskEnv(sim.url, { ZENDESK_EMAIL: SEED_EMAILS.agent }));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/This token's user is not an admin \(wang\.fang@tierwise\.test has the role "agent"\)/);
    expect((await requestLog(sim.url)).filter((r) => WRITE_METHODS.includes(r.method))).toEqual([]);
  });

  it('unreachable, malformed or missing settings', async () => {
    const closed = await freePort();
    const unreachable = await runCli(SETUP, ['--no-env-file'], zendeskEnv(`http://127.0.0.1:${closed}`));
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain(`Could not reach ZENDESK_BASE_URL http://127.0.0.1:${closed}: connection refused`);

    const cap = captureIo();
    expect(await runSetup(['--no-env-file'], zendeskEnv('not a url'), cap.io)).toBe(2);
    expect(cap.err.join('\n')).toContain('ZENDESK_BASE_URL is not a valid http(s) URL');

    const missing = captureIo();
    const env = zendeskEnv(sim.url);
    delete (env as Record<string, string | undefined>).ZENDESK_API_TOKEN;
    expect(await runSetup(['--no-env-file'], env, missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('ZENDESK_API_TOKEN is not set');

    const noWorker = captureIo();
    expect(await runSetup(['--no-env-file'], { ...zendeskEnv(sim.url), TIERWISE_WORKER_URL: 'ftp://x' }, noWorker.io)).toBe(2);
    expect(noWorker.err.join('\n')).toContain('TIERWISE_WORKER_URL is not a valid http(s) URL');

    const badMode = captureIo();
    expect(await runSetup(['--no-env-file', '--mode=cron'], zendeskEnv(sim.url), badMode.io)).toBe(2);
    expect(badMode.err.join('\n')).toContain('--mode must be "events" or "trigger"');

    // Something that answers, but is not Zendesk.
    const notZendesk = captureIo();
    const receiver = await startReceiver(async () => true);
    try {
      expect(await runSetup(['--no-env-file'], zendeskEnv(receiver.url), notZendesk.io)).toBe(5);
      expect(notZendesk.err.join('\n')).toContain('does not look like a Zendesk account');
    } finally {
      await receiver.close();
    }
  });

  it('on a seeded account (existing fields with core/potential/basic options) only the webhook is missing', async () => {
    const cap = captureIo();
    expect(await runSetup(['--no-env-file', '--dry-run'], zendeskEnv(sim.url), cap.io)).toBe(0);
    expect(cap.out.filter((l) => l.startsWith('  create'))).toEqual(['  create     webhook "Tierwise" -> https://tierwise.example.workers.dev/webhooks/zendesk']);
    expect(cap.out.filter((l) => l.startsWith('  update'))).toEqual([]);
  });
});

// The receiver in these tests trusts everything; make sure the scripts' signer matches the worker's.
describe('signatures', () => {
  it('scripts sign exactly like the worker expects', async () => {
    const workerSignature = (await import(`../../worker/src/webhook/${'signature.ts'}`)) as {
      signWebhook(secret: string, timestamp: string, body: string): Promise<string>;
    };
    const body = '{"tierwise":1,"ticket":{"id":"42"}}';
    expect(signPayload('s3cret', '2026-11-28T13:40:00Z', body)).toBe(await workerSignature.signWebhook('s3cret', '2026-11-28T13:40:00Z', body));
  });
});

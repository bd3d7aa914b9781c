/**
 * The worker acts only on the app installation it is told (TIERWISE_INSTALLATION_ID): a missing,
 * disabled or unconfigured one is reported on /health and refused, and the events that arrive
 * meanwhile stay queued until it is fixed, never handled on default settings.
 */
import { env, runDurableObjectAlarm, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { Env } from '../src/env.ts';
import { clearAccountCaches, loadSettings, readAccountSettings } from '../src/zendesk/account.ts';
import { zendeskClient } from '../src/zendesk/connect.ts';
import { SettingsUnavailable } from '../src/zendesk/installation.ts';
import { createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, zendesk } from './helpers.ts';

const CORE = 'zhang.wei@example.com';
const configured = Number(env.TIERWISE_INSTALLATION_ID);

async function setEnabled(enabled: boolean): Promise<void> {
  await zendesk('PUT', `/api/v2/apps/installations/${configured}.json`, { enabled });
  await clearAccountCaches(env);
}

async function health(): Promise<{ status: string; installation: Record<string, unknown> }> {
  return (await SELF.fetch('https://tierwise.test/health')).json();
}

afterEach(async () => {
  await setEnabled(true);
});

describe('the app installation the worker is told', () => {
  it('is reported usable on /health, next to the existing keys', async () => {
    expect(await health()).toMatchObject({ status: 'ok', service: 'tierwise', needs_attention: { days: 7 }, installation: { state: 'ok', id: configured } });
  });

  it.each<[string, string | undefined, string]>([
    ['not set', undefined, 'not_configured'],
    ['not an id', 'tierwise', 'invalid_id'],
    ['an installation this account does not have', '999999999', 'missing'],
  ])('is refused when it is %s', async (_name, value, state) => {
    const told: Env = { ...env, TIERWISE_INSTALLATION_ID: value };
    await clearAccountCaches(env);
    expect((await readAccountSettings(zendeskClient(told), told)).installation.state).toBe(state);
    await clearAccountCaches(env);
    await expect(loadSettings(zendeskClient(told), told)).rejects.toBeInstanceOf(SettingsUnavailable);
    await clearAccountCaches(env);
  });

  it('is never replaced by another installation named Tierwise', async () => {
    await setEnabled(false);
    const { installations } = await zendesk<{ installations: Array<{ id: number; enabled: boolean }> }>('GET', '/api/v2/apps/installations.json');
    expect(installations.find((i) => i.id === configured)?.enabled).toBe(false);
    await expect(loadSettings(zendeskClient(env), env)).rejects.toThrow(/disabled/);
    expect((await health()).installation).toMatchObject({ state: 'disabled', id: configured, problem: expect.stringContaining('disabled') });
  });

  it('disabled: a ticket event is kept, nothing is changed, and it is handled once the installation is enabled again', async () => {
    const ticket = await createTicket(CORE);
    await setEnabled(false);
    const since = await lastRequestSeq();
    const answer = await deliver(ticketEvent(ticket));
    expect(answer.status).toBe(202);
    const stub = ticketObject(ticket.id);
    const deadline = Date.now() + 10_000;
    while ((await stub.view()).failures === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const view = await stub.view();
    expect(view).toMatchObject({ queued: 1, failures: 1 });
    // Retried a minute later, not hammered.
    expect(view.alarmAt! - Date.now()).toBeGreaterThan(50_000);
    expect(await requestsSince(since, { method: 'PUT' })).toEqual([]);
    expect((await getTicket(ticket.id)).tags).not.toContain('tierwise_tier_core');

    await setEnabled(true);
    await runDurableObjectAlarm(stub);
    await settle(ticket.id);
    expect((await getTicket(ticket.id)).tags).toContain('tierwise_tier_core');
    expect((await stub.view()).failures).toBe(0);
  });
});

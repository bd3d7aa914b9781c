/** Test helpers for chat alerts: the local chat sink's control API, the routes, the account's outbox. */
import { env } from 'cloudflare:test';
import type { ReceivedMessage } from '../../sandbox/chat/server.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { clearAccountCaches } from '../src/zendesk/account.ts';
import { admin } from './helpers.ts';

export async function chat<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.TEST_CHAT_URL}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`chat ${method} ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The messages the sink received about one ticket (#9, not #900001). */
export const received = async (ticketId: number): Promise<ReceivedMessage[]> =>
  (await chat<{ messages: ReceivedMessage[] }>('GET', '/messages')).messages.filter((m) => new RegExp(`#${ticketId}(?!\\d)`).test(m.text));

/** Set the app's alert routes (and other settings) and drop the worker's cached settings. */
export async function routeAlerts(routes: string, extra: Record<string, unknown> = {}): Promise<void> {
  await admin('POST', '/app-settings', { settings: { alert_routes: routes, ...extra } });
  await clearAccountCaches(env);
}

/** Wait until the account's outbox has sent what is due (its alarm fires by itself). */
export async function deliverAccountAlerts(): Promise<void> {
  const stub = env.ALERTS.get(env.ALERTS.idFromName(`${accountKey(env)}/alerts`));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const view = await stub.view();
    if (view.sending === 0 && view.entries.every((e) => e.state !== 'pending' || e.nextAt > Date.now() + 50)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the alert outbox did not settle within 10 s');
}

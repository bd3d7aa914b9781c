/**
 * What an alert names beyond its intent, looked up when it is sent: the holding group's name
 * (when the decision knew only its id), the assignee's name and the ticket subject (only when
 * the admin allows them). Best effort: Zendesk calls go through the account's request budget,
 * and a failed lookup sends the alert without the detail rather than late.
 */
import type { AlertIntent } from '../../../shared/alerts/alert.ts';
import { ticketUrl, type AlertDetails } from '../../../shared/alerts/message.ts';
import type { Env } from '../env.ts';
import { TtlCache } from '../zendesk/cache.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { ticketLinkOrigin } from './config.ts';

const groupNames = new TtlCache<Map<number, string>>(300_000, 10);

async function orNull<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch {
    return null;
  }
}

/** Only the link: what an alert says when no lookup is allowed or possible. */
export function noDetails(env: Env, intent: AlertIntent): AlertDetails {
  return { groupName: null, assigneeName: null, subject: null, ticketUrl: ticketUrl(ticketLinkOrigin(env), intent.ticketId) };
}

export async function alertDetails(env: Env, intent: AlertIntent): Promise<AlertDetails> {
  const details = noDetails(env, intent);
  const needGroup = intent.group !== null && intent.group.name === null;
  if (!needGroup && intent.assigneeId === null && !intent.showSubject) return details;
  const client = zendeskClient(env);
  if (needGroup) {
    const names = await orNull(() => groupNames.get(accountKey(env), async () => new Map((await client.listGroups()).map((g) => [g.id, g.name]))));
    details.groupName = names?.get(intent.group!.id) ?? null;
  }
  if (intent.assigneeId !== null) {
    const id = intent.assigneeId;
    details.assigneeName = (await orNull(() => client.request<{ user: { name?: string } }>('GET', `/api/v2/users/${id}.json`)))?.user.name ?? null;
  }
  if (intent.showSubject) {
    details.subject = (await orNull(() => client.request<{ ticket: { subject?: string | null } }>('GET', `/api/v2/tickets/${intent.ticketId}.json`)))?.ticket.subject ?? null;
  }
  return details;
}

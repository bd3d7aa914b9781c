/**
 * A ticket's audit trail from the worker, read the way the sidebar reads it: the ticket's key
 * from its audits in Zendesk (as the user `zendeskAuth` names: Zendesk answers only users who
 * may see the ticket), then the worker's `GET /api/tickets/:id/audit` with the app's token and
 * that key (worker/src/api/ticket-key.ts). A ticket no worker change ever landed on (every one
 * refused, e.g. a closed ticket) has no key in Zendesk: an operator holding the token makes it,
 * as the worker does. For the sandbox's checks and e2e tests.
 */
import { ticketKey } from '../../worker/src/api/ticket-key.ts';

export interface AuditTrailAccess {
  workerUrl: string;
  /** TIERWISE_API_TOKEN (the app's worker_token). */
  token: string;
  zendeskUrl: string;
  /** Authorization header for Zendesk (Basic email/token:...). */
  zendeskAuth: string;
}

/** The key a worker update left in the ticket's audits, or null (never changed by the worker, or not visible). */
export async function ticketKeyFromZendesk(access: Pick<AuditTrailAccess, 'zendeskUrl' | 'zendeskAuth'>, ticketId: number): Promise<string | null> {
  const response = await fetch(`${access.zendeskUrl}/api/v2/tickets/${ticketId}/audits.json`, { headers: { Authorization: access.zendeskAuth } });
  if (!response.ok) return null;
  const { audits } = (await response.json()) as { audits: Array<{ metadata?: { custom?: Record<string, unknown> } }> };
  const key = audits.map((a) => a.metadata?.custom?.['tierwise_key']).find((k): k is string => typeof k === 'string');
  return key ?? null;
}

/** The worker's answer for the ticket's audit trail (a 403 when the ticket has no key). */
export async function fetchAuditTrail(access: AuditTrailAccess, ticketId: number): Promise<Response> {
  const key = (await ticketKeyFromZendesk(access, ticketId)) ?? (await ticketKey({ TIERWISE_API_TOKEN: access.token, ZENDESK_BASE_URL: access.zendeskUrl }, ticketId));
  return fetch(`${access.workerUrl}/api/tickets/${ticketId}/audit`, { headers: { Authorization: `Bearer ${access.token}`, ...(key ? { 'X-Tierwise-Ticket-Key': key } : {}) } });
}

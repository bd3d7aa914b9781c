import { numberVar, type Env } from '../env.ts';
import { budgetObject } from '../objects.ts';
import { ticketKey, TICKET_KEY_METADATA } from '../api/ticket-key.ts';
import { RetryLater, ZendeskClient } from './client.ts';

const MAX_BUDGET_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Zendesk client for this worker's account, from its secrets. Every request first takes a
 * slot from the account-wide budget; a wait longer than a few seconds is handed back to the
 * caller (RetryLater) so a ticket's object re-arms its alarm instead of holding a request open.
 */
export function zendeskClient(env: Env): ZendeskClient {
  const budget = budgetObject(env);
  const limit = numberVar(env.ZENDESK_RATE_LIMIT_PER_MINUTE, 160);
  return new ZendeskClient({
    baseUrl: env.ZENDESK_BASE_URL,
    auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN, oauthToken: env.ZENDESK_OAUTH_TOKEN },
    beforeRequest: async () => {
      const { granted, waitMs } = await budget.reserve(limit, MAX_BUDGET_WAIT_MS);
      if (!granted) throw new RetryLater(waitMs, `Zendesk request budget (${limit}/min) is spent for the next ${Math.round(waitMs / 1000)} s`);
      if (waitMs > 0) await sleep(waitMs);
    },
    updateMetadata: async (ticketId) => {
      const key = await ticketKey(env, ticketId);
      return key ? { [TICKET_KEY_METADATA]: key } : null;
    },
  });
}

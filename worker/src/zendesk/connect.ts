import type { Env } from '../env.ts';
import { ZendeskClient } from './client.ts';

/** The Zendesk client for this worker's account, from its secrets. */
export function zendeskClient(env: Env): ZendeskClient {
  return new ZendeskClient({
    baseUrl: env.ZENDESK_BASE_URL,
    auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN, oauthToken: env.ZENDESK_OAUTH_TOKEN },
  });
}

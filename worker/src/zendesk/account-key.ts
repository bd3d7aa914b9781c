/**
 * Which Zendesk account a stored thing belongs to. Every Durable Object name, D1 row and cache
 * key carries it, so one worker pointed first at a Zendesk sandbox account and then at
 * production (or a sandbox simulator started afresh) never mixes their tickets.
 */
/** The account's host, e.g. `acme.zendesk.com` (lower case, port kept for local simulators). */
export function accountKey(env: { ZENDESK_BASE_URL: string }): string {
  return new URL(env.ZENDESK_BASE_URL).host.toLowerCase();
}

/**
 * The worker's alert configuration from its secrets and vars: the destinations
 * (ALERT_DESTINATIONS, checked by shared/alerts/destinations.ts), whether loopback URLs are
 * allowed (ALERT_ALLOW_LOOPBACK=true, set only by the sandbox and tests), and the origin ticket
 * links open (ALERT_TICKET_LINK_BASE, default the Zendesk account's own).
 */
import { parseDestinations, type DestinationsResult } from '../../../shared/alerts/destinations.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';

let cached: { text: string | undefined; loopback: boolean; result: DestinationsResult } | null = null;

export function alertDestinations(env: Pick<Env, 'ALERT_DESTINATIONS' | 'ALERT_ALLOW_LOOPBACK'>): DestinationsResult {
  const loopback = env.ALERT_ALLOW_LOOPBACK === 'true';
  if (cached && cached.text === env.ALERT_DESTINATIONS && cached.loopback === loopback) return cached.result;
  const result = parseDestinations(env.ALERT_DESTINATIONS, { allowLoopback: loopback });
  // The problems name destinations and fields, never a URL's path or query, nor a secret.
  if (!result.ok) for (const problem of result.problems) log.error('ALERT_DESTINATIONS invalid', { problem });
  cached = { text: env.ALERT_DESTINATIONS, loopback, result };
  return result;
}

export function ticketLinkOrigin(env: Pick<Env, 'ALERT_TICKET_LINK_BASE' | 'ZENDESK_BASE_URL'>): string {
  return new URL(env.ALERT_TICKET_LINK_BASE || env.ZENDESK_BASE_URL).origin;
}

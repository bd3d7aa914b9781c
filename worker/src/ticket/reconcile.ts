/**
 * The cron sweep. Zendesk drops webhook deliveries sometimes, and the worker can be down while
 * tickets change, so every five minutes:
 *  1. every ticket changed in the last `recentMinutes` (any status: a ticket created and
 *     solved during an outage still gets its tier) is checked against what its object last saw;
 *  2. a rotating slice of the open tickets, least recently updated first, is checked for a
 *     missing or late clock.
 * An object that already saw a ticket's latest version answers without any Zendesk call.
 * Bounded: two search requests and at most `recentTickets + openTickets` object calls per run,
 * inside the Workers free plan's 50 subrequests.
 */
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { zendeskClient } from '../zendesk/connect.ts';

export interface ReconcileLimits {
  /** Window of recent changes to check; the sweep runs every 5 minutes, so 15 gives three chances. */
  recentMinutes: number;
  recentTickets: number;
  openTickets: number;
  /** How many slices of open tickets to rotate through (openTickets each). */
  openSlices: number;
}

export const RECONCILE_LIMITS: ReconcileLimits = { recentMinutes: 15, recentTickets: 30, openTickets: 15, openSlices: 20 };

const SWEEP_EVERY_MS = 5 * 60_000;

export async function reconcileClocks(env: Env, limits: ReconcileLimits = RECONCILE_LIMITS, now = Date.now()): Promise<{ checked: number; armed: number }> {
  const client = zendeskClient(env);
  const recent = await client.searchTickets(`updated>${limits.recentMinutes}minutes order_by:updated_at sort:desc`, 1, limits.recentTickets);
  const slice = 1 + (Math.floor(now / SWEEP_EVERY_MS) % limits.openSlices);
  const open = await client.searchTickets('status<solved order_by:updated_at sort:asc', slice, limits.openTickets);

  const tickets = new Map<number, string>();
  for (const ticket of [...recent.tickets, ...open.tickets]) tickets.set(ticket.id, ticket.updated_at);
  let armed = 0;
  for (const [id, updatedAt] of tickets) {
    const stub = env.TICKETS.get(env.TICKETS.idFromName(String(id)));
    if ((await stub.reconcile(id, updatedAt)) === 'armed') armed++;
  }
  log.info('reconciliation sweep', { checked: tickets.size, armed, slice });
  return { checked: tickets.size, armed };
}

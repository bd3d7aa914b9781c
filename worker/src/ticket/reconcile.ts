/**
 * The cron sweep. Zendesk drops webhook deliveries sometimes, and the worker can be down while
 * tickets change, so every five minutes:
 *  1. missed changes: the tickets changed in the last `recentMinutes` (any status: a ticket
 *     created and solved during an outage still gets its tier) are compared, in one D1 query per
 *     page, with the version their object last applied; only the ones it never saw are re-read;
 *  2. late clocks: tickets whose alarm should have fired minutes ago, from the same index.
 * The objects stay the authority: each called object checks for itself and does nothing when
 * all is well. Bounded: `recentPages` searches, one D1 query per page, one for late clocks, and
 * at most `tickets` object calls, inside the Workers free plan's 50 subrequests.
 */
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { ticketObject } from '../objects.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { appliedVersions, LATE_AFTER_MS, lateClocks } from './ticket-index.ts';

export interface ReconcileLimits {
  /** Window of recent changes to check; the sweep runs every 5 minutes, so 15 gives three chances. */
  recentMinutes: number;
  recentPages: number;
  /** Object calls per run (each is a subrequest). */
  tickets: number;
}

export const RECONCILE_LIMITS: ReconcileLimits = { recentMinutes: 15, recentPages: 2, tickets: 40 };

export async function reconcileClocks(env: Env, limits: ReconcileLimits = RECONCILE_LIMITS, now = Date.now()): Promise<{ checked: number; armed: number }> {
  const client = zendeskClient(env);
  const toCheck = new Map<number, string | null>();

  // Oldest change first: those leave the window soonest.
  for (let page = 1; page <= limits.recentPages && toCheck.size < limits.tickets; page++) {
    const { tickets, hasMore } = await client.searchTickets(`updated>${limits.recentMinutes}minutes`, page, 100, { sortBy: 'updated_at', sortOrder: 'asc' });
    const applied = await appliedVersions(env.DB, tickets.map((t) => t.id));
    for (const ticket of tickets) {
      const seen = applied.get(ticket.id);
      if ((seen === undefined || seen < Date.parse(ticket.updated_at)) && toCheck.size < limits.tickets) toCheck.set(ticket.id, ticket.updated_at);
    }
    if (!hasMore) break;
  }
  for (const ticketId of await lateClocks(env.DB, now, LATE_AFTER_MS, limits.tickets)) {
    if (toCheck.size >= limits.tickets) break;
    if (!toCheck.has(ticketId)) toCheck.set(ticketId, null);
  }

  let armed = 0;
  for (const [ticketId, updatedAt] of toCheck) {
    if ((await ticketObject(env, ticketId).reconcile(ticketId, updatedAt)) === 'armed') armed++;
  }
  log.info('reconciliation sweep', { checked: toCheck.size, armed });
  return { checked: toCheck.size, armed };
}

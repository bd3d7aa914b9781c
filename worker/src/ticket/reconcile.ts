/**
 * The cron sweep: Zendesk drops webhook deliveries sometimes, so every few minutes find open
 * tickets and make sure each has a live clock. Bounded: a few search pages and a capped number
 * of object calls per run, inside the per-invocation subrequest budget.
 */
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { zendeskClient } from '../zendesk/connect.ts';

export interface ReconcileLimits {
  pages: number;
  perPage: number;
  /** Ticket objects called per run: each call is a subrequest. */
  tickets: number;
}

export const RECONCILE_LIMITS: ReconcileLimits = { pages: 2, perPage: 100, tickets: 40 };

export async function reconcileClocks(env: Env, limits: ReconcileLimits = RECONCILE_LIMITS): Promise<{ checked: number; armed: number }> {
  const client = zendeskClient(env);
  let checked = 0;
  let armed = 0;
  for (let page = 1; page <= limits.pages && checked < limits.tickets; page++) {
    // Least recently updated first: those are the ones whose deadlines come soonest.
    const { tickets, hasMore } = await client.searchTickets('status<solved order_by:updated_at sort:asc', page, limits.perPage);
    for (const ticket of tickets) {
      if (checked >= limits.tickets) break;
      checked++;
      const stub = env.TICKETS.get(env.TICKETS.idFromName(String(ticket.id)));
      if ((await stub.reconcile(ticket.id)) === 'armed') armed++;
    }
    if (!hasMore) break;
  }
  log.info('reconciliation sweep', { checked, armed });
  return { checked, armed };
}

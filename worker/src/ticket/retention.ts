/**
 * Retention of solved tickets: a ticket solved (or closed) more than `audit_retention_days` ago
 * loses its object state and audit rows (ticket-purge.ts says which). Runs on the service-data
 * cron, in bounded batches: `RETENTION_BATCH` object calls a run, oldest solved first; a long
 * backlog goes over several runs. Each ticket's object checks it is still solved before it goes.
 */
import { DAY_MS } from '../../../shared/report-period.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { ticketObject } from '../objects.ts';
import { loadSettings } from '../zendesk/account.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { solvedBefore } from './ticket-index.ts';

/** Object calls a run (each a subrequest), beside the service-data sweep's own requests. */
export const RETENTION_BATCH = 20;

export async function retireSolvedTickets(env: Env, retentionDays: number, now = Date.now(), batch = RETENTION_BATCH): Promise<{ removed: number; kept: number; failed: number }> {
  const before = now - retentionDays * DAY_MS;
  const counts = { removed: 0, kept: 0, failed: 0 };
  for (const ticketId of await solvedBefore(env.DB, before, batch)) {
    try {
      if (await ticketObject(env, ticketId).retire(ticketId, before)) counts.removed++;
      else counts.kept++;
    } catch (error) {
      counts.failed++;
      log.error('retention: a ticket object failed; the others go on', { ticket: ticketId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (counts.removed + counts.kept + counts.failed > 0) log.info('retention sweep', counts);
  return counts;
}

/** The cron's entry: this account's `audit_retention_days`, then one batch. */
export async function retentionSweep(env: Env, now = Date.now()): Promise<void> {
  const { settings } = await loadSettings(zendeskClient(env), env);
  await retireSolvedTickets(env, settings.audit_retention_days, now);
}

/**
 * The ticket object's one call into alerts: after a change's PUT landed (or an earlier run's
 * change is found landed), derive its alerts (pure, from the change's audit rows, which the
 * write-ahead record also holds) and hand them to the account's outbox. Idempotent by key, so
 * a retried run hands over again without sending twice; if the hand-over fails, the run fails
 * before the record is saved, and the next run finds the write-ahead record and hands over again.
 */
import type { AuditRow } from '../../../shared/audit.ts';
import { deriveAlerts } from '../../../shared/alerts/alert.ts';
import type { DecisionInput, TicketDecision } from '../../../shared/decision/decide.ts';
import type { Env } from '../env.ts';
import { alertOutbox } from '../objects.ts';

export async function handOffAlerts(env: Env, rows: readonly AuditRow[], input: DecisionInput, decision: TicketDecision): Promise<void> {
  const alerts = deriveAlerts({ rows, ticket: input.ticket, deadlines: decision.facts.deadlines, settings: input.settings });
  if (alerts.length > 0) await alertOutbox(env).enqueue(alerts);
}

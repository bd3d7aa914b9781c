/**
 * Tierwise worker. The data flow reads top to bottom:
 *   Zendesk webhook -> verify + normalise -> the ticket's Durable Object (tier, priority, tags,
 *   SLA clock, escalation at the deadline, audit) -> Zendesk API.
 *   Cron -> reconcile clocks that webhooks missed (from Zendesk's incremental export, any outage
 *   length); pull CSAT ratings, purge old service facts and retire long-solved tickets.
 *   Sidebar -> GET /api/tickets/:id/audit; dashboard -> GET /api/reports/service, /api/reports/today.
 */
import { Hono } from 'hono';
import { apiRoutes } from './api/audit-route.ts';
import { countRefused, NEEDS_ATTENTION_DAYS } from './audit.ts';
import { reportRoutes } from './api/reports-route.ts';
import { careRoutes, dailyCare } from './care/route.ts';
import type { Env } from './env.ts';
import { errorResponse } from './errors.ts';
import { log } from './log.ts';
import { SERVICE_DATA_CRON, serviceDataSweep } from './reports/service-sync.ts';
import { lastReconcileOutcome, reconcileClocks, type ReconcileOutcome } from './ticket/reconcile.ts';
import { retentionSweep } from './ticket/retention.ts';
import { webhookRoutes } from './webhook/route.ts';
import { accountKey } from './zendesk/account-key.ts';
import { readAccountSettings } from './zendesk/account.ts';
import { zendeskClient } from './zendesk/connect.ts';
import { describeInstallation } from './zendesk/installation.ts';

export { AlertOutbox } from './alerts/outbox.ts';
export { CareRun } from './care/care-run.ts';
export { CustomerRefresh } from './customer/customer-refresh.ts';
export { TicketClock } from './ticket/ticket-clock.ts';
export { ZendeskBudget } from './zendesk/rate-budget.ts';
export { GatheredReads } from './zendesk/gathered-reads.ts';

/** Zendesk retries a 429/503 delivery only when Retry-After is short (well under a minute). */
const RETRY_AFTER_SECONDS = 10;

const app = new Hono<{ Bindings: Env }>();

/**
 * Alive, how many changes Zendesk refused in this account in the last 7 days
 * (`needs_attention`: each is in the ticket's audit trail, with what Zendesk said), how the
 * last reconciliation sweep ended (`reconciliation`, null before the first), and whether the
 * app installation the worker is told is usable (`installation`: nothing acts until it is).
 */
app.get('/health', async (c) => {
  const since = Date.now() - NEEDS_ATTENTION_DAYS * 86_400_000;
  const refused = await countRefused(c.env.DB, accountKey(c.env), since);
  const reconciliation = await lastReconcileOutcome(c.env);
  return c.json({ status: 'ok', service: 'tierwise', needs_attention: { refused_changes: refused, days: NEEDS_ATTENTION_DAYS }, reconciliation, installation: await installationHealth(c.env) });
});

async function installationHealth(env: Env): Promise<Record<string, unknown>> {
  try {
    const { installation } = await readAccountSettings(zendeskClient(env), env);
    const problem = describeInstallation(installation);
    return { ...installation, ...(problem ? { problem } : {}) };
  } catch (error) {
    return { state: 'unknown', problem: `Zendesk could not be asked: ${error instanceof Error ? error.message : String(error)}` };
  }
}
app.route('/', webhookRoutes);
app.route('/', apiRoutes);
app.route('/', reportRoutes);
app.route('/', careRoutes);
app.notFound((c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
// (Not exported: every export of the main module must be a handler or a Durable Object class.)
/**
 * The worker itself failed (a Durable Object or D1 unreachable, a bug): 503 with a short
 * Retry-After, which Zendesk retries (a 500 it would drop, and the change with it).
 */
app.onError((error, c) => {
  log.error('unhandled error', { path: new URL(c.req.url).pathname, error: error.message });
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return errorResponse(c, 503, 'temporarily_unavailable', `the worker could not handle this request; it was logged; try again in ${RETRY_AFTER_SECONDS} s`);
});

/** A sweep that stopped early or had items fail is a failed run (its outcome is on /health too). */
function throwIfIncomplete(outcome: ReconcileOutcome): void {
  if (outcome.error !== null || outcome.failed > 0) throw new Error(`reconciliation incomplete (${outcome.failed} failed${outcome.error ? `; ${outcome.error}` : ''})`);
}

export default {
  fetch: app.fetch,
  /**
   * Each schedule is its own invocation, with its own subrequest limit. The jobs are awaited, not
   * left to waitUntil: each runs to its end whatever the other does, and a failed one fails the
   * invocation (Cloudflare records it), after it was logged.
   */
  async scheduled(controller, env, _ctx) {
    const jobs: Record<string, Promise<unknown>> = controller.cron === SERVICE_DATA_CRON
      ? { 'service data': serviceDataSweep(env), retention: retentionSweep(env) }
      : { reconciliation: reconcileClocks(env).then(throwIfIncomplete), care: dailyCare(env) };
    const names = Object.keys(jobs);
    const results = await Promise.allSettled(Object.values(jobs));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${names[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
    if (failed.length === 0) return;
    log.error('scheduled run failed', { cron: controller.cron, failed: failed.join('; ') });
    throw new Error(`scheduled run failed: ${failed.join('; ')}`);
  },
} satisfies ExportedHandler<Env>;

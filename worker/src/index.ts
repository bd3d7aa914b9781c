/**
 * Tierwise worker. The data flow reads top to bottom:
 *   Zendesk webhook -> verify + normalise -> the ticket's Durable Object (tier, priority, tags,
 *   SLA clock, escalation at the deadline, audit) -> Zendesk API.
 *   Cron -> reconcile clocks that webhooks missed; pull CSAT ratings and purge old service facts.
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
import { reconcileClocks } from './ticket/reconcile.ts';
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

/** Zendesk retries a 429/503 delivery only when Retry-After is short (well under a minute). */
const RETRY_AFTER_SECONDS = 10;

const app = new Hono<{ Bindings: Env }>();

/**
 * Alive, how many changes Zendesk refused in this account in the last 7 days
 * (`needs_attention`: each is in the ticket's audit trail, with what Zendesk said), and whether
 * the app installation the worker is told is usable (`installation`: nothing acts until it is).
 */
app.get('/health', async (c) => {
  const since = Date.now() - NEEDS_ATTENTION_DAYS * 86_400_000;
  const refused = await countRefused(c.env.DB, accountKey(c.env), since);
  return c.json({ status: 'ok', service: 'tierwise', needs_attention: { refused_changes: refused, days: NEEDS_ATTENTION_DAYS }, installation: await installationHealth(c.env) });
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

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    // Each schedule is its own invocation, with its own subrequest limit.
    if (controller.cron === SERVICE_DATA_CRON) ctx.waitUntil(serviceDataSweep(env));
    else {
      ctx.waitUntil(reconcileClocks(env));
      ctx.waitUntil(dailyCare(env));
    }
  },
} satisfies ExportedHandler<Env>;

/**
 * Tierwise worker. The data flow reads top to bottom:
 *   Zendesk webhook -> verify + normalise -> the ticket's Durable Object (tier, priority, tags,
 *   SLA clock, escalation at the deadline, audit) -> Zendesk API.
 *   Cron -> reconcile clocks that webhooks missed.
 *   Sidebar -> GET /api/tickets/:id/audit.
 */
import { Hono } from 'hono';
import { apiRoutes } from './api/audit-route.ts';
import { careRoutes, dailyCare } from './care/route.ts';
import type { Env } from './env.ts';
import { errorResponse } from './errors.ts';
import { log } from './log.ts';
import { reconcileClocks } from './ticket/reconcile.ts';
import { webhookRoutes } from './webhook/route.ts';

export { CareRun } from './care/care-run.ts';
export { CustomerRefresh } from './customer/customer-refresh.ts';
export { TicketClock } from './ticket/ticket-clock.ts';
export { ZendeskBudget } from './zendesk/rate-budget.ts';

/** Zendesk retries a 429/503 delivery only when Retry-After is short (well under a minute). */
const RETRY_AFTER_SECONDS = 10;

const app = new Hono<{ Bindings: Env }>();

app.get('/health', (c) => c.json({ status: 'ok', service: 'tierwise' }));
app.route('/', webhookRoutes);
app.route('/', apiRoutes);
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
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(reconcileClocks(env));
    ctx.waitUntil(dailyCare(env));
  },
} satisfies ExportedHandler<Env>;

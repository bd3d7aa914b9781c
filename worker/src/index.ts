/**
 * Tierwise worker. The data flow reads top to bottom:
 *   Zendesk webhook -> verify + normalise -> the ticket's Durable Object (tier, priority, tags,
 *   SLA clock, escalation at the deadline, audit) -> Zendesk API.
 *   Cron -> reconcile clocks that webhooks missed.
 *   Sidebar -> GET /api/tickets/:id/audit.
 */
import { Hono } from 'hono';
import { apiRoutes } from './api/audit-route.ts';
import type { Env } from './env.ts';
import { errorResponse } from './errors.ts';
import { log } from './log.ts';
import { reconcileClocks } from './ticket/reconcile.ts';
import { webhookRoutes } from './webhook/route.ts';

export { CustomerRefresh } from './customer/customer-refresh.ts';
export { TicketClock } from './ticket/ticket-clock.ts';
export { ZendeskBudget } from './zendesk/rate-budget.ts';

const app = new Hono<{ Bindings: Env }>();

app.get('/health', (c) => c.json({ status: 'ok', service: 'tierwise' }));
app.route('/', webhookRoutes);
app.route('/', apiRoutes);
app.notFound((c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
app.onError((error, c) => {
  log.error('unhandled error', { path: new URL(c.req.url).pathname, error: error.message });
  return errorResponse(c, 500, 'internal_error', 'the worker failed to handle this request; it was logged');
});

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(reconcileClocks(env));
  },
} satisfies ExportedHandler<Env>;

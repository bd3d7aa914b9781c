/**
 * GET /api/reports/service?from=YYYY-MM-DD&to=YYYY-MM-DD (ServiceReport) and GET
 * /api/reports/today (TodaySummary), for the dashboard. Aggregates only: counts, durations,
 * shares and Zendesk ids, never a name, an email or comment text.
 *
 * Mounted after `apiRoutes` (audit-route.ts), whose `/api/*` middleware (CORS for Zendesk's
 * origins, the bearer token) guards every /api path, these included.
 */
import { Hono } from 'hono';
import { parsePeriod } from '../../../shared/report-period.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import type { Env } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { serviceReport, todaySummary } from '../reports/service-report.ts';
import { loadSettings } from '../zendesk/account.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { zendeskClient } from '../zendesk/connect.ts';

export const reportRoutes = new Hono<{ Bindings: Env }>();

const KNOWN_PARAMS = new Set(['from', 'to']);

reportRoutes.get('/api/reports/service', async (c) => {
  const unknown = Object.keys(c.req.queries()).filter((name) => !KNOWN_PARAMS.has(name));
  if (unknown.length > 0) return errorResponse(c, 400, 'unknown_parameter', `unknown query parameter ${unknown[0]!.slice(0, 40)}: only from and to are read`);
  const repeated = ['from', 'to'].find((name) => (c.req.queries(name)?.length ?? 0) > 1);
  if (repeated) return errorResponse(c, 400, `bad_${repeated}`, `${repeated} is given more than once`);
  const parsed = parsePeriod(c.req.query('from'), c.req.query('to'));
  if (!parsed.ok) return errorResponse(c, 400, parsed.code, parsed.message);
  const report = await serviceReport(c.env.DB, { account: accountKey(c.env), fromMs: parsed.fromMs, toMs: parsed.toMs, now: Date.now(), churnAfterDays: await churnAfterDays(c.env) });
  return c.json(report);
});

reportRoutes.get('/api/reports/today', async (c) => c.json(await todaySummary(c.env.DB, accountKey(c.env), Date.now())));

for (const path of ['/api/reports/service', '/api/reports/today']) {
  reportRoutes.all(path, (c) => {
    c.header('Allow', 'GET, OPTIONS');
    return errorResponse(c, 405, 'method_not_allowed', 'reports are read-only: use GET');
  });
}

/** The churn window from the app's settings (cached for a minute); the default when Zendesk cannot say. */
async function churnAfterDays(env: Env): Promise<number> {
  try {
    return (await loadSettings(zendeskClient(env), env)).settings.churn_after_days;
  } catch (error) {
    log.warn('settings unreadable for the report; default churn window used', { error: error instanceof Error ? error.message : String(error) });
    return DEFAULT_SETTINGS.churn_after_days;
  }
}

/**
 * Fills the sandbox with the planned past (plan.ts) through the real pipeline: customers and
 * tickets go into the simulator through Zendesk's documented APIs (organizations, users, the
 * ticket import API with past `created_at`, comments and `solved_at`), each ticket is handed to
 * the worker as a signed delivery (as `zendesk:backfill` does), and the worker's own runs read
 * it with its metric set and record its service facts. A reopen cannot be imported: the planned
 * ones are replayed through the ticket API (the requester writes back, an agent solves again),
 * so their metric sets count them. CSAT ratings go in through the
 * simulator's control API (requesters rate through a survey in Zendesk) and reach the worker
 * through its cron sweep, fired once here (wrangler dev runs no crons).
 */
import { deliver } from '../../scripts/zendesk/backfill-core.ts';
import { DAY_MS, isoDay } from '../../shared/report-period.ts';
import type { ServiceReport } from '../../shared/reports.ts';
import { parseSettings } from '../../shared/settings.ts';
import { firstResponseTargetMs } from '../../shared/sla.ts';
import { TIERS } from '../../shared/domain.ts';
import { SERVICE_DATA_CRON } from '../../worker/src/reports/service-cron.ts';
import { userId, type Credentials } from '../demo-tickets.ts';
import { pool, sleep } from '../faults/stack.ts';
import { SEED_EMAILS } from '../zendesk/server.ts';
import { planHistory, type HistoryPlan } from './plan.ts';

export interface HistoryOptions extends Credentials {
  zendeskUrl: string;
  workerUrl: string;
  webhookSecret: string;
  /** The worker's API token (the reports API tells when the worker has recorded every ticket). */
  workerToken: string;
  /** The app settings the sandbox runs with (durations are planned as multiples of its targets). */
  appSettings: Record<string, unknown>;
  days: number;
  tickets: number;
  customers?: number;
  now?: number;
  timeoutMs?: number;
}

export interface HistoryResult {
  tickets: number;
  ratings: number;
  /** Filing the past in the simulator. */
  ms: number;
  /** Resolves once every ticket was handed to the worker, which recorded it, and the worker pulled every rating (total ms). */
  recorded: Promise<number>;
}

const CONCURRENCY = 12;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function seedHistory(options: HistoryOptions): Promise<HistoryResult> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const settings = parseSettings(options.appSettings).settings;
  const plan = planHistory({
    now, days: options.days, tickets: options.tickets, customers: options.customers ?? 40,
    timing: { targetMs: (tier, scene) => firstResponseTargetMs(tier, scene, settings), l1Ms: settings.escalation_l1_hours * 3_600_000, l2Ms: settings.escalation_l2_hours * 3_600_000 },
  });
  const zendesk = api(options);
  // The simulator's own rate limit would make a few thousand imports, and the worker's reading of
  // them (its budget is raised for the past, historyWorkerVars), take many minutes and starve the
  // demo tickets and the agent view of requests; the past is not under test. The limit comes back
  // once the worker has recorded the past.
  await control(options.zendeskUrl, 'POST', '/faults', { rateLimitPerMinute: 0 });
  const restoreLimit = () => control(options.zendeskUrl, 'DELETE', '/faults');
  let ids: number[];
  let ratings: number;
  try {
    ids = await importPast(zendesk, options, plan, settings.annual_spend_field, settings.orders_field, settings.last_interaction_field, now);
    await replayReopens(zendesk, options, plan, ids);
    ratings = await rate(options, plan, ids, now);
  } catch (error) {
    await restoreLimit();
    throw error;
  }
  const filed = Date.now() - started;
  // The worker works through the deliveries on its own time; the sandbox is usable meanwhile.
  const recorded = (async () => {
    try {
      await pool(ids, CONCURRENCY, async (ticketId) => {
        const result = await deliver(ticketId, { endpoint: `${options.workerUrl}/webhooks/zendesk`, secret: options.webhookSecret, runId: 'sandbox-history' });
        if (!result.ok) throw new Error(`the worker refused history ticket ${ticketId}: ${result.message}`);
      });
      await waitForFacts(options, ids.length, now, options.timeoutMs ?? 1_800_000);
      await pullRatings(options, ratings, now);
    } finally {
      await restoreLimit();
    }
    return Date.now() - started;
  })();
  return { tickets: ids.length, ratings, ms: filed, recorded };
}

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

function api(options: HistoryOptions): Api {
  const authorization = `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(options.zendeskUrl + path, { method, headers: { Authorization: authorization, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as T;
  };
}

async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`simulator control ${method} ${path} -> ${response.status} ${await response.text()}`);
}

/** Customers (an organization with one contact each), then every ticket through the import API; returns the ticket ids in plan order. */
async function importPast(zendesk: Api, options: HistoryOptions, plan: HistoryPlan, spendField: string, ordersField: string, lastField: string, now: number): Promise<number[]> {
  const requesters = await pool(plan.customers, CONCURRENCY, async (customer, i) => {
    const { organization } = await zendesk<{ organization: { id: number } }>('POST', '/api/v2/organizations.json', {
      organization: { name: customer.name, organization_fields: { [spendField]: customer.annualSpend, [ordersField]: customer.ordersPerYear, [lastField]: isoDay(now - customer.lastInteractionDaysAgo * DAY_MS) } },
    });
    const { user } = await zendesk<{ user: { id: number } }>('POST', '/api/v2/users.json', {
      user: { name: `Contact ${i + 1} 联系人`, email: `history.${i + 1}@example.com`, role: 'end-user', organization_id: organization.id },
    });
    return user.id;
  });
  const agent = await userId(options.zendeskUrl, options, SEED_EMAILS.agent);
  return pool(plan.tickets, CONCURRENCY, async (t) => {
    const requester = requesters[t.customer]!;
    const comments = [{ author_id: requester, body: 'Past request', public: true, created_at: iso(t.createdAt) }];
    if (t.replyAfterMs !== null) comments.push({ author_id: agent, body: 'Past answer', public: true, created_at: iso(t.createdAt + t.replyAfterMs) });
    const solvedAt = t.solvedAfterMs === null ? null : t.createdAt + t.solvedAfterMs;
    const { ticket } = await zendesk<{ ticket: { id: number } }>('POST', '/api/v2/imports/tickets.json', {
      ticket: {
        subject: `Past ${t.scene} request`, requester_id: requester, tags: [`scene_${t.scene}`], comments,
        status: solvedAt === null ? (t.replyAfterMs === null ? 'new' : 'open') : 'solved',
        created_at: iso(t.createdAt), updated_at: iso(solvedAt ?? t.createdAt + (t.replyAfterMs ?? 0)), ...(solvedAt === null ? {} : { solved_at: iso(solvedAt) }),
      },
    });
    return ticket.id;
  });
}

/** The planned reopens, now: the requester writes back on the solved ticket (Zendesk reopens it) and an agent solves it again. */
async function replayReopens(zendesk: Api, options: HistoryOptions, plan: HistoryPlan, ids: number[]): Promise<void> {
  const agent = await userId(options.zendeskUrl, options, SEED_EMAILS.agent);
  const reopened = plan.tickets.flatMap((t, i) => (t.reopened ? [ids[i]!] : []));
  await pool(reopened, CONCURRENCY, async (id) => {
    const { ticket } = await zendesk<{ ticket: { requester_id: number } }>('GET', `/api/v2/tickets/${id}.json`);
    await zendesk('PUT', `/api/v2/tickets/${id}.json`, { ticket: { comment: { body: 'It happens again', public: true, author_id: ticket.requester_id } } });
    await zendesk('PUT', `/api/v2/tickets/${id}.json`, { ticket: { status: 'solved', comment: { body: 'Fixed for good', public: true, author_id: agent } } });
  });
}

async function report(options: HistoryOptions, now: number): Promise<ServiceReport | null> {
  const from = isoDay(now - (options.days + 1) * DAY_MS);
  const to = isoDay(now + DAY_MS);
  const response = await fetch(`${options.workerUrl}/api/reports/service?from=${from}&to=${to}`, { headers: { Authorization: `Bearer ${options.workerToken}` } });
  return response.ok ? ((await response.json()) as ServiceReport) : null;
}

const total = (r: ServiceReport, figure: (f: ServiceReport['byTier']['core']['current']) => number) => TIERS.reduce((sum, tier) => sum + figure(r.byTier[tier].current), 0);

async function waitForFacts(options: HistoryOptions, expected: number, now: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await report(options, now);
    const recorded = r ? total(r, (f) => f.tickets) : 0;
    // The demo tickets are recorded too, so at least the history's count.
    if (recorded >= expected) return;
    if (Date.now() > deadline) throw new Error(`the worker recorded ${recorded} of ${expected} history tickets within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(1000);
  }
}

async function rate(options: HistoryOptions, plan: HistoryPlan, ids: number[], now: number): Promise<number> {
  const rated = plan.tickets.map((t, i) => ({ t, id: ids[i]! })).filter(({ t }) => t.csat !== null && t.solvedAfterMs !== null);
  await pool(rated, CONCURRENCY, async ({ t, id }) => {
    const at = iso(Math.min(now - 1000, t.createdAt + t.solvedAfterMs! + t.csat!.afterSolveMs));
    await control(options.zendeskUrl, 'POST', '/satisfaction_ratings', { ticket_id: id, score: t.csat!.score, reason_code: t.csat!.reasonCode, created_at: at, updated_at: at });
  });
  return rated.length;
}

/** Fires the worker's service data sweep until it has every rating (each sweep reads up to 1,000). */
async function pullRatings(options: HistoryOptions, expected: number, now: number): Promise<void> {
  for (let sweep = 0; sweep < 20; sweep++) {
    await fetch(`${options.workerUrl}/__scheduled?cron=${encodeURIComponent(SERVICE_DATA_CRON)}`).then((r) => r.arrayBuffer());
    const r = await report(options, now);
    if (r && total(r, (f) => f.satisfaction.offered) >= expected) return;
    await sleep(500);
  }
  throw new Error(`the worker's CSAT sweep did not pick up the ${expected} history ratings`);
}

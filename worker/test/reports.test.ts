/**
 * The dashboard's data: service facts written by the ticket's own run (live and imported
 * tickets), and the reports API over them: its protection, its 400s, its figures.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ServiceReport, TodaySummary } from '../../shared/reports.ts';
import type { ServiceFactsRow } from '../../shared/service-facts.ts';
import { writeFacts } from '../src/reports/record-facts.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { createTicket, deliver, importTicket, settle, ticketEvent, userIdByEmail, zendesk } from './helpers.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const CORE = 'zhang.wei@example.com';
const BASIC = 'xiao.lin@example.com';

interface FactsRecord {
  tier: string;
  tier_at_creation: string;
  scene: string;
  created_at_ms: number;
  customer_kind: string;
  first_reply_at_ms: number | null;
  first_reply_source: string | null;
  first_response_met: number | null;
  breached_at_ms: number | null;
  at_risk_at_ms: number | null;
  solved_at_ms: number | null;
  written_at_ms: number;
}

async function factsOf(ticketId: number): Promise<FactsRecord | null> {
  return env.DB.prepare('SELECT * FROM service_facts WHERE account = ? AND ticket_id = ?').bind(accountKey(env), ticketId).first<FactsRecord>();
}

function get(path: string, token: string | null = TEST_ZENDESK.workerToken, origin?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (origin) headers.Origin = origin;
  return SELF.fetch(`https://tierwise.test${path}`, { headers });
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('service facts from the ticket run', () => {
  it('a live core ticket gets its facts, and the first public agent reply is recorded once an agent answers', async () => {
    const ticket = await createTicket(CORE, { tags: ['scene_insale'] });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const first = await factsOf(ticket.id);
    expect(first).toMatchObject({ tier: 'core', tier_at_creation: 'core', scene: 'insale', created_at_ms: Date.parse(ticket.created_at), first_reply_at_ms: null, first_response_met: null });

    const agent = await userIdByEmail('wang.fang@tierwise.test');
    const { ticket: replied } = await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'open', comment: { body: 'On it', public: true, author_id: agent } } });
    await deliver({ ...ticketEvent(replied, 'ticket.comment_added'), event: { comment: { id: '1', is_public: true, author: { id: String(agent), is_staff: true } } } });
    await settle(ticket.id);
    const after = await factsOf(ticket.id);
    expect(after?.first_reply_at_ms).not.toBeNull();
    expect(after?.first_response_met).toBe(1);
  });

  it('an imported past ticket gets its facts from its own timestamps and metric set, not from when Tierwise saw it', async () => {
    const created = Math.floor((Date.now() - 20 * DAY) / 1000) * 1000;
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    const requester = await userIdByEmail(BASIC);
    const ticket = await importTicket(BASIC, new Date(created), {
      status: 'solved', assignee_id: agent, tags: ['scene_presale'], solved_at: iso(created + 5 * H), updated_at: iso(created + 5 * H),
      comments: [{ author_id: requester, body: 'Broken', created_at: iso(created) }, { author_id: agent, body: 'Looking', public: true, created_at: iso(created + 90 * MIN) }],
    });
    await deliver({ tierwise: 1, ticket: { id: String(ticket.id) } });
    await settle(ticket.id);
    const facts = await factsOf(ticket.id);
    // Basic pre-sales: 1 h target, at risk at 45 min; the reply came after 90 min.
    expect(facts).toMatchObject({
      tier: 'basic', scene: 'presale', created_at_ms: created, first_reply_at_ms: created + 90 * MIN, first_reply_source: 'metric',
      first_response_met: 0, at_risk_at_ms: created + 45 * MIN, breached_at_ms: created + H, solved_at_ms: created + 5 * H,
    });
  });

  it('a run that changes no fact does not write the row again', async () => {
    const ticket = await createTicket(CORE);
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const first = await factsOf(ticket.id);
    await deliver(ticketEvent(ticket, 'ticket.tags_changed'));
    await settle(ticket.id);
    expect((await factsOf(ticket.id))?.written_at_ms).toBe(first?.written_at_ms);
  });
});

describe('the reports API', () => {
  it('is protected like the audit API: a bearer token, CORS for Zendesk origins only', async () => {
    expect((await get('/api/reports/today', null)).status).toBe(401);
    expect((await get('/api/reports/service?from=2020-01-01&to=2020-02-01', 'wrong')).status).toBe(401);
    const preflight = await SELF.fetch('https://tierwise.test/api/reports/service', { method: 'OPTIONS', headers: { Origin: 'https://acme.zendesk.com', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://acme.zendesk.com');
    const evil = await get('/api/reports/today', TEST_ZENDESK.workerToken, 'https://evil.example');
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect((await SELF.fetch('https://tierwise.test/api/reports/today', { method: 'POST', headers: { Authorization: `Bearer ${TEST_ZENDESK.workerToken}` } })).status).toBe(405);
  });

  it.each([
    ['', 'missing_from'],
    ['?from=2026-01-01', 'missing_to'],
    ['?from=2026-02-30&to=2026-03-01', 'bad_from'],
    ['?from=2026-1-01&to=2026-03-01', 'bad_from'],
    ['?from=2026-03-01&to=2026-03-01', 'bad_period'],
    ['?from=2026-03-02&to=2026-03-01', 'bad_period'],
    ['?from=2025-01-01&to=2026-01-03', 'period_too_long'],
    ['?from=2026-01-01&to=2026-02-01&tier=core', 'unknown_parameter'],
    ['?from=2026-01-01&from=2026-01-02&to=2026-02-01', 'bad_from'],
  ])('answers %s with a precise 400 (%s)', async (query, code) => {
    const response = await get(`/api/reports/service${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('a period of 366 days (a leap year) is accepted', async () => {
    expect((await get('/api/reports/service?from=2024-01-01&to=2025-01-01')).status).toBe(200);
  });

  it('aggregates per tier and scene, with medians, the previous period, weeks, backlog, customers and dimensions', async () => {
    const account = accountKey(env);
    const base = Date.UTC(2021, 2, 1); // Monday 1 March 2021
    const row = (id: number, over: Partial<ServiceFactsRow>): ServiceFactsRow => ({
      ticketId: 900_000 + id, createdAtMs: base, tier: 'core', scene: 'presale', requesterId: 7, organizationId: 70, customerKind: 'organization', customerId: 70,
      status: 'solved', targetMs: 30 * MIN, firstReplyAtMs: null, firstReplySource: 'metric', firstResponseMet: null, atRiskAtMs: null, breachedAtMs: null,
      l1AtMs: null, l2AtMs: null, solvedAtMs: null, reopens: 0, reopenedAtMs: null, ...over,
    });
    // Ten core pre-sales tickets in the first week, replied after 1..10 minutes, the last two late.
    for (let i = 1; i <= 10; i++) {
      const created = base + i * H;
      await writeFacts(env.DB, account, row(i, { createdAtMs: created, firstReplyAtMs: created + i * 4 * MIN, firstResponseMet: i * 4 <= 30, breachedAtMs: i * 4 > 30 ? created + 30 * MIN : null, solvedAtMs: created + i * H, reopens: i === 1 ? 1 : 0 }), { kind: 'organization', customerId: 70, tier: 'core', annualSpend: 900_000, lastInteractionMs: null, lastTicketAtMs: created }, base);
    }
    // A basic ticket in the second week, still open, escalated; and one in the previous period.
    await writeFacts(env.DB, account, row(11, { tier: 'basic', scene: 'aftersale', createdAtMs: base + 8 * DAY, status: 'open', customerKind: 'user', customerId: 8, organizationId: null, requesterId: 8, targetMs: 4 * H, firstResponseMet: false, breachedAtMs: base + 8 * DAY + 4 * H, l1AtMs: base + 9 * DAY }), { kind: 'user', customerId: 8, tier: 'basic', annualSpend: 1_000, lastInteractionMs: null, lastTicketAtMs: base + 8 * DAY }, base);
    await writeFacts(env.DB, account, row(12, { createdAtMs: base - 3 * DAY, firstReplyAtMs: base - 3 * DAY + MIN, firstResponseMet: true }), null, base);
    await env.DB.prepare('INSERT INTO satisfaction (account, ticket_id, rating_id, score, reason_code, updated_at_ms) VALUES (?, ?, 1, ?, ?, ?), (?, ?, 2, ?, ?, ?)')
      .bind(account, 900_001, 'good', null, base, account, 900_002, 'bad', 7, base).run();
    // Follow-ups done: two core ones scored (8 and 9 on communication, one on added value), one unscored, one before the period.
    const followUp = env.DB.prepare(`INSERT INTO follow_ups (account, ticket_id, task_key, customer_kind, customer_id, tier, done_at_ms, method, confirmed, communication, added_value)
      VALUES (?, ?, 'k', 'organization', 70, ?, ?, 'visit', 1, ?, ?)`);
    await env.DB.batch([
      followUp.bind(account, 910_001, 'core', base + DAY, 8, 6), followUp.bind(account, 910_002, 'core', base + 2 * DAY, 9, null),
      followUp.bind(account, 910_003, 'core', base + 3 * DAY, null, null), followUp.bind(account, 910_004, 'core', base - DAY, 1, 1),
    ]);

    const response = await get('/api/reports/service?from=2021-03-01&to=2021-03-15');
    expect(response.status).toBe(200);
    const report = (await response.json()) as ServiceReport;
    expect(report.period).toEqual({ from: '2021-03-01', to: '2021-03-15' });
    expect(report.previousPeriod).toEqual({ from: '2021-02-15', to: '2021-03-01' });
    const core = report.byTier.core.current;
    expect(core.tickets).toBe(10);
    expect(core.firstResponse).toEqual({ measured: 10, withinTarget: 7, medianMs: 20 * MIN, p90Ms: 36 * MIN, targetMs: 30 * MIN });
    expect(core.escalations.breached).toBe(3);
    expect(core.resolution).toEqual({ solved: 10, medianMs: 5 * H, reopened: 1 });
    expect(core.satisfaction).toEqual({ offered: 2, good: 1, bad: 1, reasons: { '7': 1 } });
    expect(report.byTier.core.previous.tickets).toBe(1);
    expect(report.byTierAndScene.core.presale.current.tickets).toBe(10);
    expect(report.byTierAndScene.basic.aftersale.current.escalations.l1).toBe(1);
    expect(report.weekly.map((w) => [w.weekStart, w.byTier.core.tickets, w.byTier.basic.tickets])).toEqual([['2021-03-01', 10, 0], ['2021-03-08', 0, 1]]);
    expect(report.backlog.basic).toEqual({ underOneDay: 0, oneToThreeDays: 0, threeToSevenDays: 1, overSevenDays: 0 });
    expect(report.customers.top.filter((c) => c.id === 70 || c.id === 8).map((c) => [c.kind, c.id, c.annualSpend, c.figures.tickets])).toEqual([['organization', 70, 900_000, 10], ['user', 8, 1_000, 1]]);
    expect(report.customers.guideline).toEqual({ core: 0.1, potential: 0.3, basic: 0.6 });
    expect(report.dimensions.core).toEqual({
      timeliness: { score: 7.3, source: 'data' }, resolution: { score: 9.1, source: 'data' }, satisfaction: { score: 5.5, source: 'data' },
      communication: { score: 8.5, source: 'follow_up' }, added_value: { score: 6, source: 'follow_up' },
    });
    expect(report.dimensions.basic.communication).toEqual({ score: null, source: 'follow_up' });
    expect(JSON.stringify(report)).not.toMatch(/@|name/i);
  });

  it("today's summary counts the lines crossed since midnight UTC", async () => {
    const now = Date.now();
    const midnight = Math.floor(now / DAY) * DAY;
    const before = ((await (await get('/api/reports/today')).json()) as TodaySummary);
    await writeFacts(env.DB, accountKey(env), {
      ticketId: 950_001, createdAtMs: midnight - DAY, tier: 'basic', scene: 'presale', requesterId: 1, organizationId: null, customerKind: 'user', customerId: 1, status: 'open',
      targetMs: H, firstReplyAtMs: null, firstReplySource: null, firstResponseMet: false, atRiskAtMs: midnight - 2 * H, breachedAtMs: midnight - H, l1AtMs: Math.max(midnight, now - 1), l2AtMs: null,
      solvedAtMs: null, reopens: 0, reopenedAtMs: null,
    }, null, now);
    const after = ((await (await get('/api/reports/today')).json()) as TodaySummary);
    expect(after.date).toBe(new Date(midnight).toISOString().slice(0, 10));
    expect(after.l1 - before.l1).toBe(1);
    expect([after.breached - before.breached, after.atRisk - before.atRisk, after.l2 - before.l2]).toEqual([0, 0, 0]);
  });
});

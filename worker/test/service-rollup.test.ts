/**
 * The daily and weekly rollups (migrations/0008 and 0017) stay equal to the facts they sum, whoever
 * writes: re-writes, tier changes, CSAT arriving and changing, the retention purge. The check folds
 * the facts and ratings with shared/service-rollup.ts, independently of the triggers.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/report-period.ts';
import { addRollups, BUCKET_BOUNDS, contributionOf, figuresOfRollups, weekOfDay, type RollupRow } from '../../shared/service-rollup.ts';
import type { ServiceFactsRow } from '../../shared/service-facts.ts';
import { writeFacts } from '../src/reports/record-facts.ts';
import { dayRollups } from '../src/reports/service-rollups.ts';
import { purgeServiceFacts } from '../src/reports/service-sync.ts';
import { emptyFigures } from '../src/reports/service-queries.ts';
import { serviceReport } from '../src/reports/service-report.ts';
import { ROLLUP_SQL } from '../src/reports/service-sql.ts';
import { accountKey } from '../src/zendesk/account-key.ts';

const MIN = 60_000;
const H = 60 * MIN;

interface FactRecord {
  created_at_ms: number; tier: string; scene: string; target_ms: number; first_response_met: number | null; first_reply_at_ms: number | null;
  at_risk_at_ms: number | null; breached_at_ms: number | null; l1_at_ms: number | null; l2_at_ms: number | null; solved_at_ms: number | null; reopens: number;
  score: 'offered' | 'good' | 'bad' | null; reason_code: number | null;
}

/** The rollup rows the facts should give, folded in TypeScript, by day (or by week). */
async function expectedRollups(account: string, unit: 'day' | 'week' = 'day'): Promise<Map<string, RollupRow>> {
  const { results } = await env.DB.prepare(`SELECT f.*, s.score, s.reason_code FROM service_facts f LEFT JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id WHERE f.account = ?`)
    .bind(account).all<FactRecord>();
  const rows = new Map<string, RollupRow>();
  for (const f of results) {
    const day = Math.floor(f.created_at_ms / DAY_MS);
    const key = `${unit === 'day' ? day : weekOfDay(day)}|${f.tier}|${f.scene}|${f.target_ms}`;
    const contribution = contributionOf({
      targetMs: f.target_ms, firstResponseMet: f.first_response_met === null ? null : f.first_response_met === 1, createdAtMs: f.created_at_ms,
      firstReplyAtMs: f.first_reply_at_ms, atRiskAtMs: f.at_risk_at_ms, breachedAtMs: f.breached_at_ms, l1AtMs: f.l1_at_ms, l2AtMs: f.l2_at_ms,
      solvedAtMs: f.solved_at_ms, reopens: f.reopens, rating: f.score ? { score: f.score, reasonCode: f.reason_code } : null,
    }, 1);
    const before = rows.get(key);
    rows.set(key, before ? addRollups(before, contribution) : contribution);
  }
  return rows;
}

async function storedRollups(account: string): Promise<Map<string, RollupRow>> {
  const result = await env.DB.prepare(ROLLUP_SQL).bind(account, 0, 1e9).all();
  return new Map(dayRollups(result).map(({ day, tier, scene, ...row }) => [`${day}|${tier}|${scene}|${row.targetMs}`, row]));
}

async function storedWeekRollups(account: string): Promise<Map<string, RollupRow>> {
  const result = await env.DB.prepare(WEEK_ROLLUP_SQL).bind(account).all();
  return new Map(dayRollups(result).map(({ day, tier, scene, ...row }) => [`${day}|${tier}|${scene}|${row.targetMs}`, row]));
}

/** Weekly rows as the report reads them (its own statement, not the triggers' key): week in the day column. */
const WEEK_ROLLUP_SQL = `SELECT week AS day, tier, scene, target_ms, tickets, measured, within_target, at_risk, breached, l1, l2, solved, reopened, offered, good, bad,
  reasons, reply_hist, solve_hist FROM service_rollup_week WHERE account = ? AND tickets > 0`;

describe('daily service rollups', () => {
  it('the migration bounds the histogram buckets exactly as the shared code does', async () => {
    const { results } = await env.DB.prepare('SELECT upper_ms FROM service_rollup_bounds ORDER BY upper_ms').all<{ upper_ms: number }>();
    expect(results.map((r) => r.upper_ms)).toEqual(BUCKET_BOUNDS);
  });

  it('stay equal to the facts through re-writes, tier changes, CSAT and the purge', async () => {
    const account = accountKey(env);
    const base = Date.UTC(2022, 5, 4, 9); // a Saturday: the tickets fall in two weeks
    const row = (id: number, over: Partial<ServiceFactsRow> = {}): ServiceFactsRow => ({
      ticketId: 950_000 + id, createdAtMs: base + (id % 3) * DAY_MS, tier: 'potential', scene: 'insale', requesterId: 7, organizationId: null, customerKind: 'user', customerId: 7,
      status: 'open', targetMs: H, firstReplyAtMs: null, firstReplySource: null, firstResponseMet: null, atRiskAtMs: null, breachedAtMs: null,
      l1AtMs: null, l2AtMs: null, solvedAtMs: null, reopens: 0, reopenedAtMs: null, ...over,
    });
    for (let id = 1; id <= 9; id++) await writeFacts(env.DB, account, row(id), null, base);
    // Replies and solves arrive; one ticket changes tier and scene; one is written twice unchanged.
    for (let id = 1; id <= 9; id++) {
      const created = base + (id % 3) * DAY_MS;
      await writeFacts(env.DB, account, row(id, { firstReplyAtMs: created + id * 7 * MIN, firstResponseMet: id * 7 <= 60, solvedAtMs: id % 2 ? created + id * H : null, reopens: id === 3 ? 1 : 0, breachedAtMs: id * 7 > 60 ? created + H : null }), null, base);
    }
    await writeFacts(env.DB, account, row(4, { tier: 'core', scene: 'aftersale', targetMs: 30 * MIN, l1AtMs: base + H, l2AtMs: base + 2 * H }), null, base);
    await writeFacts(env.DB, account, row(4, { tier: 'core', scene: 'aftersale', targetMs: 30 * MIN, l1AtMs: base + H, l2AtMs: base + 2 * H }), null, base);
    // Ratings arrive, one changes from offered to bad with a reason, one for a ticket without facts.
    const rate = (id: number, score: string, reason: number | null) => env.DB.prepare(`INSERT INTO satisfaction (account, ticket_id, rating_id, score, reason_code, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (account, ticket_id) DO UPDATE SET score = excluded.score, reason_code = excluded.reason_code`).bind(account, 950_000 + id, id, score, reason, base).run();
    await rate(1, 'good', null);
    await rate(2, 'offered', null);
    await rate(2, 'bad', 7);
    await rate(4, 'bad', 5);
    await rate(99, 'good', null);
    expect(await storedRollups(account)).toEqual(await expectedRollups(account));
    expect(await storedWeekRollups(account)).toEqual(await expectedRollups(account, 'week'));
    expect([...(await storedRollups(account)).values()].reduce((n, r) => n + r.tickets, 0)).toBe(9);
    expect(new Set([...(await storedWeekRollups(account)).keys()].map((k) => k.split('|')[0])).size).toBe(2);

    // A report over periods that split weeks reads weekly and daily rows; its figures are those of the daily rows alone.
    const dailyFigures = async (fromDay: number, toDay: number) => figuresOfRollups(dayRollups(await env.DB.prepare(ROLLUP_SQL).bind(account, fromDay, toDay).all()).filter((r) => r.tier === 'potential'));
    const baseDay = Math.floor(base / DAY_MS);
    // A ticket solved ten days after it came in: open at the end of a period nine days in, and older than seven days then.
    await writeFacts(env.DB, account, row(10, { createdAtMs: base, solvedAtMs: base + 10 * DAY_MS }), null, base);
    const { results: facts } = await env.DB.prepare('SELECT tier, created_at_ms, solved_at_ms FROM service_facts WHERE account = ?').bind(account).all<{ tier: string; created_at_ms: number; solved_at_ms: number | null }>();
    /** Open at `end` by age, counted from the facts. */
    const backlogAt = (end: number) => {
      const ages = facts.filter((f) => f.tier === 'potential' && f.created_at_ms < end && (f.solved_at_ms === null || f.solved_at_ms >= end)).map((f) => end - f.created_at_ms);
      return { underOneDay: ages.filter((a) => a < DAY_MS).length, oneToThreeDays: ages.filter((a) => a >= DAY_MS && a < 3 * DAY_MS).length, threeToSevenDays: ages.filter((a) => a >= 3 * DAY_MS && a < 7 * DAY_MS).length, overSevenDays: ages.filter((a) => a >= 7 * DAY_MS).length };
    };
    for (const [from, length] of [[baseDay + 1, 15], [baseDay - 6, 7], [baseDay - 20, 22], [baseDay + 2, 1], [baseDay + 8, 1], [baseDay + 9, 14]] as const) {
      const now = base + 30 * DAY_MS;
      const report = await serviceReport(env.DB, { account, fromMs: from * DAY_MS, toMs: (from + length) * DAY_MS, now, churnAfterDays: 90 });
      expect(report.byTier.potential.current).toEqual((await dailyFigures(from, from + length)) ?? emptyFigures());
      expect(report.byTier.potential.previous).toEqual((await dailyFigures(from - length, from)) ?? emptyFigures());
      // The backlog at the period's end: recent tickets from the facts, older ones from the rollups.
      expect(report.backlog.potential, `backlog at day ${from + length - baseDay}`).toEqual(backlogAt(Math.min(now, (from + length) * DAY_MS)));
    }
    expect(backlogAt(base + 30 * DAY_MS).overSevenDays, 'old open tickets are in the test').toBeGreaterThan(0);

    // The purge drops the oldest day's facts and ratings: their rollups go with them.
    await purgeServiceFacts(env, Math.ceil((Date.now() - base - DAY_MS) / DAY_MS), Date.now());
    const afterPurge = await storedRollups(account);
    expect(afterPurge).toEqual(await expectedRollups(account));
    expect(await storedWeekRollups(account)).toEqual(await expectedRollups(account, 'week'));
    expect([...afterPurge.values()].reduce((n, r) => n + r.tickets, 0)).toBe(6);
    const emptyDays = await env.DB.prepare('SELECT COUNT(*) AS n FROM service_rollup WHERE account = ? AND tickets = 0').bind(account).first<{ n: number }>();
    expect(emptyDays?.n).toBe(0);
    const emptyWeeks = await env.DB.prepare('SELECT COUNT(*) AS n FROM service_rollup_week WHERE account = ? AND tickets = 0').bind(account).first<{ n: number }>();
    expect(emptyWeeks?.n).toBe(0);
  });
});

/**
 * The service report (shared/reports.ts ServiceReport) and today's summary, from D1 only: one
 * batch of seven statements for the report (the weekly and daily rollups of both periods, the
 * backlog, the customers, the top customers' figures from their tickets, and people's follow-up
 * scores), one query for today.
 */
import { SCENES, TIERS, type Scene, type Tier } from '../../../shared/domain.ts';
import { DAY_MS, isoDay, previousPeriod, weekStarts } from '../../../shared/report-period.ts';
import type { Backlog, Comparison, ServiceFigures, ServiceReport, TodaySummary, TopCustomer } from '../../../shared/reports.ts';
import { weekOfDay } from '../../../shared/service-rollup.ts';
import { dimensionScores, TIER_GUIDELINE, type FollowUpScores } from '../../../shared/service-scores.ts';
import { emptyFigures, figuresByKey, groupingStatement } from './service-queries.ts';
import { backlogStatement, dayRollups, figuresByRollupKey, rollupStatement } from './service-rollups.ts';
import { FOLLOW_UP_SCORES_SQL, TOP_CUSTOMERS_SQL, TOP_CUSTOMERS_WHERE, TOP_CUSTOMERS_WITH } from './service-sql.ts';

export interface ReportRequest {
  account: string;
  fromMs: number;
  toMs: number;
  now: number;
  churnAfterDays: number;
}

const TOP_CUSTOMERS = 20;
const byTierOf = <T>(make: (tier: Tier) => T): Record<Tier, T> => Object.fromEntries(TIERS.map((t) => [t, make(t)])) as Record<Tier, T>;
const bySceneOf = <T>(make: (scene: Scene) => T): Record<Scene, T> => Object.fromEntries(SCENES.map((s) => [s, make(s)])) as Record<Scene, T>;

interface BacklogRow {
  tier: Tier;
  under_one: number;
  one_to_three: number;
  three_to_seven: number;
  over_seven: number;
}

interface CustomerRow {
  kind: 'organization' | 'user';
  customer_id: number;
  tier: Tier;
  annual_spend: number | null;
}

export async function serviceReport(db: D1Database, request: ReportRequest): Promise<ServiceReport> {
  const { account, fromMs, toMs, now } = request;
  const previous = previousPeriod(fromMs, toMs);
  const backlogEnd = Math.min(toMs, now);
  const statements = [
    rollupStatement(db, account, previous.fromMs, fromMs, toMs),
    backlogStatement(db, account, backlogEnd),
    db.prepare('SELECT tier, COUNT(*) AS n FROM customer_facts WHERE account = ? GROUP BY tier').bind(account),
    db.prepare('SELECT COUNT(*) AS n FROM customer_facts WHERE account = ? AND MAX(COALESCE(last_interaction_ms, 0), last_ticket_at_ms) < ?').bind(account, now - request.churnAfterDays * DAY_MS),
    db.prepare(TOP_CUSTOMERS_SQL).bind(account, TOP_CUSTOMERS),
    groupingStatement(db, { with: TOP_CUSTOMERS_WITH, key: `f.customer_kind || '|' || f.customer_id`, where: TOP_CUSTOMERS_WHERE, binds: [account, fromMs, toMs, TOP_CUSTOMERS] }),
    db.prepare(FOLLOW_UP_SCORES_SQL).bind(account, fromMs, toMs),
  ];
  const results = await db.batch(statements);
  const at = (i: number) => results[i]!;
  const rollups = dayRollups(at(0));
  const fromDay = fromMs / DAY_MS;
  const periodOf = (day: number) => (day >= fromDay ? 'current' : 'previous');
  const tiers = figuresByRollupKey(rollups, (r) => `${periodOf(r.day)}|${r.tier}`);
  const tierScenes = figuresByRollupKey(rollups, (r) => `${periodOf(r.day)}|${r.tier}|${r.scene}`);
  const weeks = figuresByRollupKey(rollups, (r) => (r.day >= fromDay ? `${r.tier}|${weekOfDay(r.day)}` : null));
  const figure = (map: Map<string, ServiceFigures>, key: string) => map.get(key) ?? emptyFigures();
  const compare = (map: Map<string, ServiceFigures>, key: string): Comparison<ServiceFigures> => ({ current: figure(map, `current|${key}`), previous: figure(map, `previous|${key}`) });

  const backlogRows = at(1).results as unknown as BacklogRow[];
  const backlog = byTierOf<Backlog>((tier) => {
    const row = backlogRows.find((r) => r.tier === tier);
    return { underOneDay: row?.under_one ?? 0, oneToThreeDays: row?.one_to_three ?? 0, threeToSevenDays: row?.three_to_seven ?? 0, overSevenDays: row?.over_seven ?? 0 };
  });
  const distributionRows = at(2).results as unknown as Array<{ tier: Tier; n: number }>;
  const top = topCustomers(at(4).results as unknown as CustomerRow[], figuresByKey(at(5)));
  const byTier = byTierOf((tier) => compare(tiers, tier));
  const scoreRows = at(6).results as unknown as FollowUpScoreRow[];

  return {
    period: { from: isoDay(fromMs), to: isoDay(toMs) },
    previousPeriod: previous.period,
    byTier,
    byTierAndScene: byTierOf((tier) => bySceneOf((scene) => compare(tierScenes, `${tier}|${scene}`))),
    backlog,
    weekly: weekStarts(fromMs, toMs).map((weekStart) => {
      const week = String(weekOfDay(Date.parse(weekStart) / DAY_MS));
      return { weekStart, byTier: byTierOf((tier) => figure(weeks, `${tier}|${week}`)) };
    }),
    customers: {
      distribution: byTierOf((tier) => distributionRows.find((r) => r.tier === tier)?.n ?? 0),
      guideline: { ...TIER_GUIDELINE },
      atChurnRisk: (at(3).results[0] as { n: number } | undefined)?.n ?? 0,
      top,
    },
    dimensions: byTierOf((tier) => dimensionScores(byTier[tier].current, followUpScores(scoreRows.find((r) => r.tier === tier)))),
    generatedAt: new Date(now).toISOString(),
  };
}

interface FollowUpScoreRow {
  tier: Tier;
  communication: number | null;
  communication_n: number;
  added_value: number | null;
  added_value_n: number;
}

function followUpScores(row: FollowUpScoreRow | undefined): FollowUpScores {
  if (!row) return {};
  const of = (mean: number | null, count: number) => (mean === null || count === 0 ? undefined : { mean, count });
  const scores: FollowUpScores = {};
  const communication = of(row.communication, row.communication_n);
  const addedValue = of(row.added_value, row.added_value_n);
  if (communication) scores.communication = communication;
  if (addedValue) scores.added_value = addedValue;
  return scores;
}

function topCustomers(rows: CustomerRow[], figures: Map<string, ServiceFigures>): TopCustomer[] {
  return rows.map((row) => ({ kind: row.kind, id: row.customer_id, tier: row.tier, annualSpend: row.annual_spend, figures: figures.get(`${row.kind}|${row.customer_id}`) ?? emptyFigures() }));
}

/** Lines crossed since 00:00 UTC today: four counts over small partial indexes. */
export async function todaySummary(db: D1Database, account: string, now: number): Promise<TodaySummary> {
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  const count = (column: string) => `(SELECT COUNT(*) FROM service_facts WHERE account = ?1 AND ${column} >= ?2 AND ${column} <= ?3)`;
  const row = await db
    .prepare(`SELECT ${count('breached_at_ms')} AS breached, ${count('l1_at_ms')} AS l1, ${count('l2_at_ms')} AS l2, ${count('at_risk_at_ms')} AS at_risk`)
    .bind(account, start, now)
    .first<{ breached: number; l1: number; l2: number; at_risk: number }>();
  return { date: isoDay(start), breached: row?.breached ?? 0, l1: row?.l1 ?? 0, l2: row?.l2 ?? 0, atRisk: row?.at_risk ?? 0 };
}

/**
 * The SQL behind the reports API, over worker/migrations/0006_service_facts.sql. Every figure is
 * aggregated in D1: counts with SUM/COUNT, medians and 90th percentiles with window functions
 * (nearest rank: the smallest value whose rank r has r >= p n), so no ticket row leaves the
 * database. Each grouping is three statements (counts, bad ratings' reasons, percentiles) that go
 * out in one batch with the others.
 */
import type { ServiceFigures } from '../../../shared/reports.ts';

/** Which tickets a grouping counts and the key it groups them by (SQL over `f`, the facts row). */
export interface Grouping {
  key: string;
  /** Conditions with numbered parameters (?1, ?2 ...), used more than once in a statement. */
  where: string;
  binds: unknown[];
}

interface CountRow {
  k: string;
  tickets: number;
  measured: number;
  within_target: number;
  min_target: number | null;
  max_target: number | null;
  at_risk: number;
  breached: number;
  l1: number;
  l2: number;
  solved: number;
  reopened: number;
  offered: number;
  good: number;
  bad: number;
}

interface ReasonRow {
  k: string;
  reason_code: number;
  n: number;
}

interface PercentileRow {
  k: string;
  m: 'reply' | 'solve';
  p50: number | null;
  p90: number | null;
}

const FROM = `FROM service_facts f LEFT JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id`;

export function groupingStatements(db: D1Database, g: Grouping): D1PreparedStatement[] {
  const counts = `SELECT ${g.key} AS k, COUNT(*) AS tickets,
      SUM(f.first_response_met IS NOT NULL) AS measured, SUM(f.first_response_met = 1) AS within_target,
      MIN(f.target_ms) AS min_target, MAX(f.target_ms) AS max_target,
      SUM(f.at_risk_at_ms IS NOT NULL) AS at_risk, SUM(f.breached_at_ms IS NOT NULL) AS breached,
      SUM(f.l1_at_ms IS NOT NULL) AS l1, SUM(f.l2_at_ms IS NOT NULL) AS l2,
      SUM(f.solved_at_ms IS NOT NULL) AS solved, SUM(f.solved_at_ms IS NOT NULL AND f.reopens > 0) AS reopened,
      SUM(s.score IS NOT NULL) AS offered, SUM(s.score = 'good') AS good, SUM(s.score = 'bad') AS bad
    ${FROM} WHERE ${g.where} GROUP BY k`;
  const reasons = `SELECT ${g.key} AS k, s.reason_code AS reason_code, COUNT(*) AS n
    ${FROM} WHERE ${g.where} AND s.score = 'bad' AND s.reason_code IS NOT NULL GROUP BY k, s.reason_code`;
  const percentiles = `WITH d AS (
      SELECT ${g.key} AS k, 'reply' AS m, f.first_reply_at_ms - f.created_at_ms AS v FROM service_facts f WHERE ${g.where} AND f.first_reply_at_ms IS NOT NULL
      UNION ALL
      SELECT ${g.key} AS k, 'solve' AS m, f.solved_at_ms - f.created_at_ms AS v FROM service_facts f WHERE ${g.where} AND f.solved_at_ms IS NOT NULL
    ), r AS (
      SELECT k, m, v, ROW_NUMBER() OVER (PARTITION BY k, m ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY k, m) AS n FROM d
    )
    SELECT k, m, MIN(CASE WHEN 2 * rn >= n THEN v END) AS p50, MIN(CASE WHEN 10 * rn >= 9 * n THEN v END) AS p90 FROM r GROUP BY k, m`;
  return [db.prepare(counts).bind(...g.binds), db.prepare(reasons).bind(...g.binds), db.prepare(percentiles).bind(...g.binds)];
}

export function emptyFigures(): ServiceFigures {
  return {
    tickets: 0,
    firstResponse: { measured: 0, withinTarget: 0, medianMs: null, p90Ms: null, targetMs: null },
    escalations: { atRisk: 0, breached: 0, l1: 0, l2: 0 },
    resolution: { solved: 0, medianMs: null, reopened: 0 },
    satisfaction: { offered: 0, good: 0, bad: 0, reasons: {} },
  };
}

/** The three statements' results as figures by group key. */
export function figuresByKey(results: [D1Result, D1Result, D1Result]): Map<string, ServiceFigures> {
  const byKey = new Map<string, ServiceFigures>();
  const get = (k: string) => byKey.get(k) ?? byKey.set(k, emptyFigures()).get(k)!;
  for (const row of results[0].results as unknown as CountRow[]) {
    const f = get(row.k);
    f.tickets = row.tickets;
    f.firstResponse.measured = row.measured ?? 0;
    f.firstResponse.withinTarget = row.within_target ?? 0;
    f.firstResponse.targetMs = row.min_target !== null && row.min_target === row.max_target ? row.min_target : null;
    f.escalations = { atRisk: row.at_risk ?? 0, breached: row.breached ?? 0, l1: row.l1 ?? 0, l2: row.l2 ?? 0 };
    f.resolution.solved = row.solved ?? 0;
    f.resolution.reopened = row.reopened ?? 0;
    f.satisfaction.offered = row.offered ?? 0;
    f.satisfaction.good = row.good ?? 0;
    f.satisfaction.bad = row.bad ?? 0;
  }
  for (const row of results[1].results as unknown as ReasonRow[]) get(row.k).satisfaction.reasons[String(row.reason_code)] = row.n;
  for (const row of results[2].results as unknown as PercentileRow[]) {
    const f = get(row.k);
    if (row.m === 'reply') Object.assign(f.firstResponse, { medianMs: row.p50, p90Ms: row.p90 });
    else f.resolution.medianMs = row.p50;
  }
  return byKey;
}

/**
 * The reports API's statements (SQL in service-sql.ts) and their results as ServiceFigures. Each
 * grouping is three statements (counts, bad ratings' reasons, percentiles) that go out in one
 * batch with the others.
 */
import type { ServiceFigures } from '../../../shared/reports.ts';
import { groupingSql, type Grouping } from './service-sql.ts';

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

export function groupingStatements(db: D1Database, g: Grouping): D1PreparedStatement[] {
  const sql = groupingSql(g);
  return [db.prepare(sql.counts).bind(...g.binds), db.prepare(sql.reasons).bind(...g.binds), db.prepare(sql.percentiles).bind(...g.binds)];
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

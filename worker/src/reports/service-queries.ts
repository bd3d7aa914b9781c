/**
 * The reports API's statements over raw facts (SQL in service-sql.ts) and their results as
 * ServiceFigures: one statement a grouping (counts, bad ratings' reasons, percentiles).
 */
import type { ServiceFigures } from '../../../shared/reports.ts';
import { groupingSql, type Grouping } from './service-sql.ts';

/** A row of a grouping's statement (service-sql.ts groupingSql): what c1..c14 hold depends on `part`. */
interface GroupingRow {
  part: 'counts' | 'reason' | 'reply' | 'solve';
  k: string;
  c1: number | null;
  c2: number | null;
  c3: number;
  c4: number | null;
  c5: number | null;
  c6: number;
  c7: number;
  c8: number;
  c9: number;
  c10: number;
  c11: number;
  c12: number;
  c13: number;
  c14: number;
}

export function groupingStatement(db: D1Database, g: Grouping): D1PreparedStatement {
  return db.prepare(groupingSql(g)).bind(...g.binds);
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

/** The statement's rows as figures by group key. */
export function figuresByKey(result: D1Result): Map<string, ServiceFigures> {
  const byKey = new Map<string, ServiceFigures>();
  const get = (k: string) => byKey.get(k) ?? byKey.set(k, emptyFigures()).get(k)!;
  for (const row of result.results as unknown as GroupingRow[]) {
    const f = get(row.k);
    if (row.part === 'counts') {
      f.tickets = row.c1 ?? 0;
      f.firstResponse.measured = row.c2 ?? 0;
      f.firstResponse.withinTarget = row.c3 ?? 0;
      f.firstResponse.targetMs = row.c4 !== null && row.c4 === row.c5 ? row.c4 : null;
      f.escalations = { atRisk: row.c6 ?? 0, breached: row.c7 ?? 0, l1: row.c8 ?? 0, l2: row.c9 ?? 0 };
      f.resolution.solved = row.c10 ?? 0;
      f.resolution.reopened = row.c11 ?? 0;
      f.satisfaction.offered = row.c12 ?? 0;
      f.satisfaction.good = row.c13 ?? 0;
      f.satisfaction.bad = row.c14 ?? 0;
    } else if (row.part === 'reason') {
      f.satisfaction.reasons[String(row.c1)] = row.c2 ?? 0;
    } else if (row.part === 'reply') {
      Object.assign(f.firstResponse, { medianMs: row.c1, p90Ms: row.c2 });
    } else {
      f.resolution.medianMs = row.c1;
    }
  }
  return byKey;
}

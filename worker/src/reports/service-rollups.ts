/**
 * The report's per-tier, per-scene and weekly figures from the rollups: weekly rows
 * (migrations/0017) for the whole weeks of each period, daily rows (migrations/0008) for the days at
 * its edges, in one statement, folded into figures by shared/service-rollup.ts.
 */
import { DAY_MS } from '../../../shared/report-period.ts';
import type { ServiceFigures } from '../../../shared/reports.ts';
import { adjacentPeriodsSpans, figuresOfRollups, type Histogram, type RollupRow } from '../../../shared/service-rollup.ts';
import { BACKLOG_SQL, backlogBinds, PERIODS_ROLLUP_SQL } from './service-sql.ts';

interface RollupRecord {
  day: number;
  tier: string;
  scene: string;
  target_ms: number;
  tickets: number;
  measured: number;
  within_target: number;
  at_risk: number;
  breached: number;
  l1: number;
  l2: number;
  solved: number;
  reopened: number;
  offered: number;
  good: number;
  bad: number;
  reasons: string;
  reply_hist: string;
  solve_hist: string;
}

export interface DayRollup extends RollupRow {
  day: number;
  tier: string;
  scene: string;
}

/** The rows of the periods [previousFromMs, fromMs) and [fromMs, toMs) (whole UTC days); a weekly row's day is its Monday, inside its period. */
export function rollupStatement(db: D1Database, account: string, previousFromMs: number, fromMs: number, toMs: number): D1PreparedStatement {
  const { days, weeks, skipWeeks } = adjacentPeriodsSpans(previousFromMs / DAY_MS, fromMs / DAY_MS, toMs / DAY_MS);
  return db.prepare(PERIODS_ROLLUP_SQL).bind(account, ...days.flat(), ...weeks, ...skipWeeks);
}

/** Open tickets at `endMs` by tier and age (service-sql.ts BACKLOG_SQL): the last seven days' from the facts, older ones from the rollups. */
export function backlogStatement(db: D1Database, account: string, endMs: number): D1PreparedStatement {
  return db.prepare(BACKLOG_SQL).bind(account, ...backlogBinds(endMs));
}

export function dayRollups(result: D1Result): DayRollup[] {
  return (result.results as unknown as RollupRecord[]).map((r) => ({
    day: r.day, tier: r.tier, scene: r.scene, targetMs: r.target_ms, tickets: r.tickets, measured: r.measured, withinTarget: r.within_target,
    atRisk: r.at_risk, breached: r.breached, l1: r.l1, l2: r.l2, solved: r.solved, reopened: r.reopened, offered: r.offered, good: r.good, bad: r.bad,
    reasons: JSON.parse(r.reasons) as Record<string, number>, replyHist: JSON.parse(r.reply_hist) as Histogram, solveHist: JSON.parse(r.solve_hist) as Histogram,
  }));
}

/** Figures by a key of each row (rows whose key is null are left out). */
export function figuresByRollupKey(rows: readonly DayRollup[], keyOf: (row: DayRollup) => string | null): Map<string, ServiceFigures> {
  const groups = new Map<string, DayRollup[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const out = new Map<string, ServiceFigures>();
  for (const [key, group] of groups) {
    const figures = figuresOfRollups(group);
    if (figures) out.set(key, figures);
  }
  return out;
}

/**
 * The worker's reports API (shared/reports.ts): where the service report and today's summary
 * live, and how their answers are checked before anything is shown. A body that does not match
 * the contract is an error the dashboard shows, never half-read figures.
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { TIERS, type Scene, type Tier } from '../../shared/domain.ts';
import { DIMENSIONS, type Backlog, type Dimension, type DimensionScore, type Period, type ServiceFigures, type ServiceReport, type TodaySummary, type TopCustomer } from '../../shared/reports.ts';
import type { ZafRequestOptions } from '../zaf/types.ts';
import { jsonBody, workerRequest } from './worker.ts';

export function serviceReportRequest(workerUrl: string, period: Period): ZafRequestOptions {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  return workerRequest(workerUrl, `/api/reports/service?${query.toString()}`);
}

export function todayRequest(workerUrl: string): ZafRequestOptions {
  return workerRequest(workerUrl, '/api/reports/today');
}

// The schemas mirror shared/reports.ts; `Exactly` below makes the compiler fail when they drift.
const count = z.number().check(z.int(), z.gte(0));
const ms = z.nullable(z.number().check(z.gte(0)));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const period = z.object({ from: day, to: day });
/** Counts by reason code. (A custom check rather than `z.record`: the sidebar's bundle carries zod, and no record schema.) */
const countsByCode = z.custom<Record<string, number>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => Number.isInteger(n) && (n as number) >= 0),
);
const figures = z.object({
  tickets: count,
  firstResponse: z.object({ measured: count, withinTarget: count, medianMs: ms, p90Ms: ms, targetMs: ms }),
  escalations: z.object({ atRisk: count, breached: count, l1: count, l2: count }),
  resolution: z.object({ solved: count, medianMs: ms, reopened: count }),
  satisfaction: z.object({ offered: count, good: count, bad: count, reasons: countsByCode }),
});
const comparison = z.object({ current: figures, previous: figures });
const backlog = z.object({ underOneDay: count, oneToThreeDays: count, threeToSevenDays: count, overSevenDays: count });
const dimensionScore = z.object({ score: z.nullable(z.number().check(z.gte(0), z.lte(10))), source: z.enum(['data', 'follow_up']) });
const topCustomer = z.object({ kind: z.enum(['organization', 'user']), id: z.number().check(z.int(), z.gt(0)), tier: z.enum(TIERS), annualSpend: z.nullable(z.number()), figures });

function byTier<T>(schema: $ZodType<T>) {
  return z.object({ core: schema, potential: schema, basic: schema }) as unknown as $ZodType<Record<Tier, T>>;
}
function byScene<T>(schema: $ZodType<T>) {
  return z.object({ presale: schema, insale: schema, aftersale: schema }) as unknown as $ZodType<Record<Scene, T>>;
}
const dimensions = z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionScore]))) as unknown as $ZodType<Record<Dimension, DimensionScore>>;

const report = z.object({
  period,
  previousPeriod: period,
  byTier: byTier(comparison),
  byTierAndScene: byTier(byScene(comparison)),
  backlog: byTier(backlog),
  weekly: z.array(z.object({ weekStart: day, byTier: byTier(figures) })),
  customers: z.object({ distribution: byTier(count), guideline: byTier(z.number().check(z.gte(0), z.lte(1))), atChurnRisk: count, top: z.array(topCustomer) }),
  dimensions: byTier(dimensions),
  generatedAt: z.string(),
});
const today = z.object({ date: day, breached: count, l1: count, l2: count, atRisk: count });

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const drift: [Exactly<z.infer<typeof figures>, ServiceFigures>, Exactly<z.infer<typeof backlog>, Backlog>, Exactly<z.infer<typeof topCustomer>, TopCustomer>, Exactly<z.infer<typeof report>, ServiceReport>, Exactly<z.infer<typeof today>, TodaySummary>] = [true, true, true, true, true];
void drift;

function where(issue: { path: PropertyKey[] } | undefined): string {
  return issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : '';
}

export function parseServiceReport(body: unknown): ServiceReport {
  const parsed = report.safeParse(jsonBody(body));
  if (!parsed.success) throw new Error(`the worker did not answer a service report${where(parsed.error.issues[0])}`);
  return parsed.data;
}

export function parseTodaySummary(body: unknown): TodaySummary {
  const parsed = today.safeParse(jsonBody(body));
  if (!parsed.success) throw new Error(`the worker did not answer today's summary${where(parsed.error.issues[0])}`);
  return parsed.data;
}

/**
 * The dashboard's periods: whole UTC days, `from` inclusive and `to` exclusive (shared/reports.ts
 * `Period`). The worker chooses the previous period to compare with.
 */
import type { Period } from '../../shared/reports.ts';

export const PERIOD_PRESETS = [7, 28, 90] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` whole days up to and including today (UTC). */
export function lastDays(days: number, now: number): Period {
  const tomorrow = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return { from: isoDay(tomorrow - days * DAY_MS), to: isoDay(tomorrow) };
}

function dayMs(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || isoDay(ms) !== value ? null : ms;
}

/**
 * A custom period from two date inputs, both days included (what a person means by "1 to 7
 * March"), or why it cannot be used: `bad_date` or `end_before_start`.
 */
export function customPeriod(first: string, last: string): Period | 'bad_date' | 'end_before_start' {
  const from = dayMs(first);
  const to = dayMs(last);
  if (from === null || to === null) return 'bad_date';
  if (to < from) return 'end_before_start';
  return { from: first, to: isoDay(to + DAY_MS) };
}

/** The last day a period includes (for showing "1 Mar – 7 Mar"). */
export function lastDayOf(period: Period): string {
  return isoDay((dayMs(period.to) ?? 0) - DAY_MS);
}

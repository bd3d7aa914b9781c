/**
 * The reports API's period: whole UTC days, `from` inclusive, `to` exclusive (shared/reports.ts
 * `Period`), read from the query with a precise message for anything else; and the weeks and
 * the previous period the report compares with. Pure.
 */
import type { Period } from './reports.ts';

export const MAX_PERIOD_DAYS = 366;
export const DAY_MS = 86_400_000;

export type PeriodResult = { ok: true; period: Period; fromMs: number; toMs: number } | { ok: false; code: string; message: string };

function day(name: string, value: string | undefined): { ms: number } | { code: string; message: string } {
  if (value === undefined || value === '') return { code: `missing_${name}`, message: `${name} is required: a UTC day as YYYY-MM-DD` };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { code: `bad_${name}`, message: `${name} must be a day as YYYY-MM-DD (got "${value.slice(0, 40)}")` };
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  if (year < 2000 || back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) {
    return { code: `bad_${name}`, message: `${name} is not a real day from the year 2000 on (got "${value}")` };
  }
  return { ms };
}

export function parsePeriod(from: string | undefined, to: string | undefined): PeriodResult {
  const start = day('from', from);
  if (!('ms' in start)) return { ok: false, ...start };
  const end = day('to', to);
  if (!('ms' in end)) return { ok: false, ...end };
  if (end.ms <= start.ms) return { ok: false, code: 'bad_period', message: `from must be before to (to is exclusive): got from=${from} to=${to}` };
  const days = (end.ms - start.ms) / DAY_MS;
  if (days > MAX_PERIOD_DAYS) return { ok: false, code: 'period_too_long', message: `the period is ${days} days; at most ${MAX_PERIOD_DAYS}` };
  return { ok: true, period: { from: from!, to: to! }, fromMs: start.ms, toMs: end.ms };
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The period of the same length just before. */
export function previousPeriod(fromMs: number, toMs: number): { period: Period; fromMs: number } {
  const prevFrom = fromMs - (toMs - fromMs);
  return { period: { from: isoDay(prevFrom), to: isoDay(fromMs) }, fromMs: prevFrom };
}

/** The Monday (UTC) of the week holding `ms`; 1970-01-01 was a Thursday. */
export function weekStartMs(ms: number): number {
  const dayNumber = Math.floor(ms / DAY_MS);
  return (Math.floor((dayNumber + 3) / 7) * 7 - 3) * DAY_MS;
}

/** Every week start (YYYY-MM-DD) a period touches, oldest first. */
export function weekStarts(fromMs: number, toMs: number): string[] {
  const weeks: string[] = [];
  for (let at = weekStartMs(fromMs); at < toMs; at += 7 * DAY_MS) weeks.push(isoDay(at));
  return weeks;
}

/** Calendar days in UTC, as the care plan counts them (docs/rules.md#customer-tags, #care-cadence). */

export const DAY_MS = 86_400_000;

/** A date field ("1980-05-12", or a full ISO time, or epoch ms) as UTC midnight of that day. */
export function readDate(value: unknown): number | null {
  if (typeof value === 'string') {
    const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) {
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return Number.isNaN(ms) ? null : ms;
    }
  }
  const ms = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && value.trim() !== '' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : startOfDay(ms);
}

/** UTC midnight of the day `ms` falls on. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** `YYYY-MM-DD` of a UTC day. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both read as UTC days). */
export function daysBetween(from: number, to: number): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

/** The next yearly occurrence of `date` on or after today (UTC midnight); 29 Feb falls on 28 Feb in other years. */
export function nextOccurrence(date: number, now: number): number {
  const d = new Date(date);
  const today = startOfDay(now);
  const year = new Date(today).getUTCFullYear();
  const occurrence = (y: number) => {
    const month = d.getUTCMonth();
    const lastDay = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
    return Date.UTC(y, month, Math.min(d.getUTCDate(), lastDay));
  };
  const thisYear = occurrence(year);
  return thisYear < today ? occurrence(year + 1) : thisYear;
}

/** Days from today (UTC) to the next yearly occurrence of `date` (0 = today). */
export function daysUntilNext(date: number, now: number): number {
  return daysBetween(now, nextOccurrence(date, now));
}

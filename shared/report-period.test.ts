import { describe, expect, it } from 'vitest';
import { parsePeriod, previousPeriod, weekStartMs, weekStarts } from './report-period.ts';

describe('the report period', () => {
  it('reads whole UTC days, to exclusive', () => {
    expect(parsePeriod('2026-03-01', '2026-04-01')).toMatchObject({ ok: true, fromMs: Date.UTC(2026, 2, 1), toMs: Date.UTC(2026, 3, 1) });
  });

  it.each([
    [undefined, '2026-01-01', 'missing_from'],
    ['2026-02-29', '2026-03-01', 'bad_from'],
    ['2026-13-01', '2026-14-01', 'bad_from'],
    ['1999-12-31', '2000-01-02', 'bad_from'],
    ['2026-01-01', '2026-01-01T00:00', 'bad_to'],
    ['2026-01-02', '2026-01-01', 'bad_period'],
    ['2025-01-01', '2026-01-03', 'period_too_long'],
  ])('refuses from=%s to=%s (%s)', (from, to, code) => {
    expect(parsePeriod(from, to)).toMatchObject({ ok: false, code });
  });

  it('compares with the period of the same length just before', () => {
    expect(previousPeriod(Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 15)).period).toEqual({ from: '2026-02-15', to: '2026-03-01' });
  });

  it('starts weeks on Monday (UTC)', () => {
    expect(new Date(weekStartMs(Date.UTC(2026, 10, 29, 23))).toISOString().slice(0, 10)).toBe('2026-11-23'); // a Sunday
    expect(new Date(weekStartMs(Date.UTC(2026, 10, 30))).toISOString().slice(0, 10)).toBe('2026-11-30'); // a Monday
    expect(weekStarts(Date.UTC(2026, 10, 25), Date.UTC(2026, 11, 8))).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });
});

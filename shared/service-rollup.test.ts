import { describe, expect, it } from 'vitest';
import { addRollups, BUCKET_BOUNDS, bucketOf, contributionOf, figuresOfRollups, mergeHistograms, mondayOfWeek, percentileOf, adjacentPeriodsSpans, rollupSpans, weekOfDay, type Histogram, type RolledFact, type RollupSpans } from './service-rollup.ts';
import { DAY_MS } from './report-period.ts';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

const fact = (over: Partial<RolledFact> = {}): RolledFact => ({
  targetMs: 30 * MIN, firstResponseMet: true, createdAtMs: 0, firstReplyAtMs: 12 * MIN, atRiskAtMs: null, breachedAtMs: null, l1AtMs: 2 * H, l2AtMs: null,
  solvedAtMs: 5 * H, reopens: 1, rating: { score: 'bad', reasonCode: 7 }, ...over,
});

/** A deterministic spread of durations from seconds to weeks (a log-uniform walk). */
function durations(n: number, seed: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out.push(Math.round(1_000 * Math.exp((x / 2_147_483_648) * Math.log(30 * DAY / 1_000))));
  }
  return out;
}

const exact = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length - 1e-9)) - 1]!;

describe('service rollups', () => {
  it('buckets span at most 10 % from 1 s to 60 days, as the migration computes them', () => {
    expect(BUCKET_BOUNDS[0]).toBe(1_000);
    expect(BUCKET_BOUNDS.at(-1)).toBeGreaterThanOrEqual(60 * DAY);
    for (let i = 1; i < BUCKET_BOUNDS.length; i++) expect(BUCKET_BOUNDS[i]! / BUCKET_BOUNDS[i - 1]!).toBeLessThanOrEqual(1.1);
    expect(bucketOf(999)).toBe(0);
    expect(bucketOf(1_000)).toBe(1);
    expect(bucketOf(1_099)).toBe(1);
    expect(bucketOf(1_100)).toBe(2);
    expect(bucketOf(365 * DAY)).toBe(BUCKET_BOUNDS.length);
  });

  it('adding a fact then taking it away leaves nothing, whatever else the row holds', () => {
    const other = contributionOf(fact({ rating: null, firstReplyAtMs: 40 * MIN, firstResponseMet: false }), 1);
    const added = addRollups(other, contributionOf(fact(), 1));
    expect(added.tickets).toBe(2);
    expect(added.reasons).toEqual({ '7': 1 });
    expect(addRollups(added, contributionOf(fact(), -1))).toEqual(other);
    expect(addRollups(contributionOf(fact(), 1), contributionOf(fact(), -1))).toEqual({
      targetMs: 30 * MIN, tickets: 0, measured: 0, withinTarget: 0, atRisk: 0, breached: 0, l1: 0, l2: 0, solved: 0, reopened: 0, offered: 0, good: 0, bad: 0,
      reasons: {}, replyHist: {}, solveHist: {},
    });
  });

  it('medians and 90th percentiles from merged histograms are within 10 % of the exact nearest rank', () => {
    for (const seed of [1, 2, 3, 42]) {
      const values = durations(2_000, seed);
      // Spread over 30 daily histograms, then merged, as a report does.
      const days: Histogram[] = Array.from({ length: 30 }, () => ({}));
      values.forEach((v, i) => { days[i % 30] = mergeHistograms(days[i % 30]!, contributionOf(fact({ firstReplyAtMs: v }), 1).replyHist); });
      const merged = days.reduce(mergeHistograms, {});
      for (const p of [0.5, 0.9]) {
        const estimate = percentileOf(merged, p)!;
        expect(Math.abs(estimate - exact(values, p)) / exact(values, p)).toBeLessThanOrEqual(0.1);
      }
    }
  });

  it('a bucket holding one distinct duration gives it exactly; no durations give null', () => {
    const values = [4, 8, 12, 16, 20, 24, 28, 32, 36, 40].map((m) => m * MIN);
    const histogram = values.reduce<Histogram>((h, v) => mergeHistograms(h, contributionOf(fact({ firstReplyAtMs: v }), 1).replyHist), {});
    expect(percentileOf(histogram, 0.5)).toBe(20 * MIN);
    expect(percentileOf(histogram, 0.9)).toBe(36 * MIN);
    expect(percentileOf({}, 0.5)).toBeNull();
  });

  it('a group mixing targets has no single target; a group without tickets has no figures', () => {
    const rows = [contributionOf(fact(), 1), contributionOf(fact({ targetMs: 4 * H, rating: { score: 'good', reasonCode: null } }), 1)];
    const figures = figuresOfRollups(rows)!;
    expect(figures.tickets).toBe(2);
    expect(figures.firstResponse.targetMs).toBeNull();
    expect(figures.satisfaction).toEqual({ offered: 2, good: 1, bad: 1, reasons: { '7': 1 } });
    expect(figures.escalations.l1).toBe(2);
    expect(figures.resolution).toEqual({ solved: 2, medianMs: 5 * H, reopened: 2 });
    expect(figuresOfRollups([addRollups(rows[0]!, contributionOf(fact(), -1))])).toBeNull();
  });

  it('weeks start on Monday, UTC', () => {
    const monday = Date.UTC(2026, 10, 23) / DAY_MS; // Monday 23 November 2026
    expect(mondayOfWeek(weekOfDay(monday))).toBe(monday);
    expect(weekOfDay(monday + 6)).toBe(weekOfDay(monday));
    expect(weekOfDay(monday + 7)).toBe(weekOfDay(monday) + 1);
    expect(weekOfDay(monday - 1)).toBe(weekOfDay(monday) - 1);
  });

  /** The days a span covers, each as many times as it is read. */
  const daysRead = ({ days, weeks, skipWeeks }: RollupSpans): number[] => {
    const covered: number[] = [];
    for (const [a, b] of days) for (let d = a; d < b; d++) covered.push(d);
    for (let w = weeks[0]; w < weeks[1]; w++) if (w < skipWeeks[0] || w >= skipWeeks[1]) for (let d = mondayOfWeek(w); d < mondayOfWeek(w) + 7; d++) covered.push(d);
    return covered.sort((a, b) => a - b);
  };

  it('a period reads every one of its days once: whole weeks from weekly rows, the days at its edges from daily rows', () => {
    const start = Date.UTC(2025, 0, 1) / DAY_MS;
    for (let from = start; from < start + 8; from++) {
      for (const length of [1, 6, 7, 8, 13, 14, 29, 90, 366]) {
        const spans = rollupSpans(from, from + length);
        expect(daysRead(spans)).toEqual(Array.from({ length }, (_, i) => from + i));
        expect(spans.days.reduce((n, [a, b]) => n + b - a, 0)).toBeLessThanOrEqual(length < 14 ? length : 12);
        const both = adjacentPeriodsSpans(from - length, from, from + length);
        expect(both.days).toHaveLength(3);
        expect(daysRead(both)).toEqual(Array.from({ length: 2 * length }, (_, i) => from - length + i));
      }
    }
  });
});

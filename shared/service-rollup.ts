/**
 * Daily service rollups (worker/migrations/0008_service_rollup.sql) as figures: the pure half.
 * A rollup row holds one day's counts for a tier, scene and target, and two duration histograms
 * over fixed log-scale buckets. The database keeps the rows (triggers add and subtract each fact's
 * contribution); this file computes the same buckets, a fact's contribution, merges rows into
 * ServiceFigures and reads percentiles from the merged histograms.
 *
 * Percentile error: a bucket spans at most 10 % (each bound is the last plus a tenth), and a
 * bucket's estimate is the mean of the durations in it, so a median or p90 is within 10 % of the
 * exact nearest-rank value (under 1 s: within 1 s); exact when the bucket holds one distinct value.
 */
import { DAY_MS } from './report-period.ts';
import type { ServiceFigures } from './reports.ts';

const FIRST_BOUND_MS = 1_000;
const LAST_BOUND_MS = 60 * DAY_MS;

/** The bucket bounds, as the migration's recursive insert computes them (integer ms). */
export const BUCKET_BOUNDS: readonly number[] = (() => {
  const bounds = [FIRST_BOUND_MS];
  while (bounds[bounds.length - 1]! < LAST_BOUND_MS) {
    const last = bounds[bounds.length - 1]!;
    bounds.push(last + Math.floor(last / 10));
  }
  return bounds;
})();

/** A duration's bucket: the number of bounds at or under it (0: under a second). */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = BUCKET_BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BUCKET_BOUNDS[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** {bucket: [count, sum of durations in ms]}; empty buckets are absent. */
export type Histogram = Record<string, [number, number]>;

/** Adds `sign` times one duration to a histogram (a new object; entries that reach zero go). */
export function addDuration(histogram: Histogram, ms: number, sign: 1 | -1): Histogram {
  return mergeHistograms(histogram, { [String(bucketOf(ms))]: [sign, sign * ms] });
}

export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const out: Histogram = { ...a };
  for (const [bucket, [n, sum]] of Object.entries(b)) {
    const [n0, sum0] = out[bucket] ?? [0, 0];
    if (n0 + n === 0) delete out[bucket];
    else out[bucket] = [n0 + n, sum0 + sum];
  }
  return out;
}

/** Nearest rank (the smallest duration whose rank r has r >= p n), estimated as its bucket's mean. */
export function percentileOf(histogram: Histogram, p: number): number | null {
  const buckets = Object.entries(histogram).map(([b, [n, sum]]) => ({ b: Number(b), n, sum })).filter((x) => x.n > 0).sort((x, y) => x.b - y.b);
  const total = buckets.reduce((t, x) => t + x.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total - 1e-9));
  let seen = 0;
  for (const x of buckets) {
    seen += x.n;
    if (seen >= rank) return Math.round(x.sum / x.n);
  }
  return null;
}

/** A rollup week (migrations/0017): week w runs from Monday, day 7 w - 3, to Sunday (day 0 was a Thursday). */
export const weekOfDay = (day: number): number => Math.floor((day + 3) / 7);
export const mondayOfWeek = (week: number): number => week * 7 - 3;

/** Day ranges [from, to) read from daily rows; weekly rows of the weeks [from, to) except those in `skipWeeks`. */
export interface RollupSpans {
  days: Array<[number, number]>;
  weeks: [number, number];
  skipWeeks: [number, number];
}

/**
 * Which rollup rows cover the days [fromDay, toDay): the weekly rows of the whole weeks inside it and
 * the daily rows of the days before the first and after the last (at most six on each side). Empty
 * ranges have from = to.
 */
export function rollupSpans(fromDay: number, toDay: number): RollupSpans {
  const firstWeek = Math.ceil((fromDay + 3) / 7);
  const endWeek = Math.max(firstWeek, weekOfDay(toDay));
  const days: Array<[number, number]> = firstWeek === endWeek ? [[fromDay, toDay], [toDay, toDay]] : [[fromDay, mondayOfWeek(firstWeek)], [mondayOfWeek(endWeek), toDay]];
  return { days, weeks: [firstWeek, endWeek], skipWeeks: [endWeek, endWeek] };
}

/**
 * The rows of two adjacent periods [previousFromDay, fromDay) and [fromDay, toDay) in three day
 * ranges and one week range (a report reads them in one statement; D1 allows five terms in a compound
 * SELECT): the previous period's last edge and the current one's first are one range, and the week
 * that holds fromDay, when the periods split it, is skipped.
 */
export function adjacentPeriodsSpans(previousFromDay: number, fromDay: number, toDay: number): RollupSpans {
  const previous = rollupSpans(previousFromDay, fromDay);
  const current = rollupSpans(fromDay, toDay);
  return {
    days: [previous.days[0]!, [previous.days[1]![0], current.days[0]![1]], current.days[1]!],
    weeks: [previous.weeks[0], current.weeks[1]],
    skipWeeks: [previous.weeks[1], current.weeks[0]],
  };
}

/** A rollup row as the report reads it (the counts of one day, tier, scene and target). */
export interface RollupRow {
  targetMs: number;
  tickets: number;
  measured: number;
  withinTarget: number;
  atRisk: number;
  breached: number;
  l1: number;
  l2: number;
  solved: number;
  reopened: number;
  offered: number;
  good: number;
  bad: number;
  reasons: Record<string, number>;
  replyHist: Histogram;
  solveHist: Histogram;
}

/** A ticket's facts and rating, as much as a rollup counts of them. */
export interface RolledFact {
  targetMs: number;
  firstResponseMet: boolean | null;
  createdAtMs: number;
  firstReplyAtMs: number | null;
  atRiskAtMs: number | null;
  breachedAtMs: number | null;
  l1AtMs: number | null;
  l2AtMs: number | null;
  solvedAtMs: number | null;
  reopens: number;
  rating: { score: 'offered' | 'good' | 'bad'; reasonCode: number | null } | null;
}

const one = (yes: boolean, sign: number) => (yes ? sign : 0);

/** What one fact adds to its rollup row (sign 1) or takes away (sign -1); the triggers do the same in SQL. */
export function contributionOf(fact: RolledFact, sign: 1 | -1): RollupRow {
  const reason = fact.rating?.score === 'bad' && fact.rating.reasonCode !== null ? { [String(fact.rating.reasonCode)]: sign } : {};
  return {
    targetMs: fact.targetMs,
    tickets: sign,
    measured: one(fact.firstResponseMet !== null, sign),
    withinTarget: one(fact.firstResponseMet === true, sign),
    atRisk: one(fact.atRiskAtMs !== null, sign),
    breached: one(fact.breachedAtMs !== null, sign),
    l1: one(fact.l1AtMs !== null, sign),
    l2: one(fact.l2AtMs !== null, sign),
    solved: one(fact.solvedAtMs !== null, sign),
    reopened: one(fact.solvedAtMs !== null && fact.reopens > 0, sign),
    offered: one(fact.rating !== null, sign),
    good: one(fact.rating?.score === 'good', sign),
    bad: one(fact.rating?.score === 'bad', sign),
    reasons: reason,
    replyHist: fact.firstReplyAtMs === null ? {} : addDuration({}, fact.firstReplyAtMs - fact.createdAtMs, sign),
    solveHist: fact.solvedAtMs === null ? {} : addDuration({}, fact.solvedAtMs - fact.createdAtMs, sign),
  };
}

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) {
    const sum = (out[key] ?? 0) + n;
    if (sum === 0) delete out[key];
    else out[key] = sum;
  }
  return out;
}

/** Two rollup rows of the same target summed (the target of the first is kept). */
export function addRollups(a: RollupRow, b: RollupRow): RollupRow {
  return {
    targetMs: a.targetMs,
    tickets: a.tickets + b.tickets,
    measured: a.measured + b.measured,
    withinTarget: a.withinTarget + b.withinTarget,
    atRisk: a.atRisk + b.atRisk,
    breached: a.breached + b.breached,
    l1: a.l1 + b.l1,
    l2: a.l2 + b.l2,
    solved: a.solved + b.solved,
    reopened: a.reopened + b.reopened,
    offered: a.offered + b.offered,
    good: a.good + b.good,
    bad: a.bad + b.bad,
    reasons: mergeCounts(a.reasons, b.reasons),
    replyHist: mergeHistograms(a.replyHist, b.replyHist),
    solveHist: mergeHistograms(a.solveHist, b.solveHist),
  };
}

/** A group's figures from its rollup rows (any days, tiers, scenes); null when no row has a ticket. */
export function figuresOfRollups(rows: readonly RollupRow[]): ServiceFigures | null {
  const counted = rows.filter((r) => r.tickets > 0);
  if (counted.length === 0) return null;
  const targets = new Set(counted.map((r) => r.targetMs));
  const sum = emptyRollup(counted[0]!.targetMs);
  const reply = new DenseHistogram();
  const solve = new DenseHistogram();
  for (const row of counted) {
    for (const key of COUNTS) sum[key] += row[key];
    for (const code in row.reasons) sum.reasons[code] = (sum.reasons[code] ?? 0) + row.reasons[code]!;
    reply.add(row.replyHist);
    solve.add(row.solveHist);
  }
  return {
    tickets: sum.tickets,
    firstResponse: {
      measured: sum.measured,
      withinTarget: sum.withinTarget,
      medianMs: reply.percentile(0.5),
      p90Ms: reply.percentile(0.9),
      targetMs: targets.size === 1 ? sum.targetMs : null,
    },
    escalations: { atRisk: sum.atRisk, breached: sum.breached, l1: sum.l1, l2: sum.l2 },
    resolution: { solved: sum.solved, medianMs: solve.percentile(0.5), reopened: sum.reopened },
    satisfaction: { offered: sum.offered, good: sum.good, bad: sum.bad, reasons: sum.reasons },
  };
}

function emptyRollup(targetMs: number): RollupRow {
  return { targetMs, tickets: 0, measured: 0, withinTarget: 0, atRisk: 0, breached: 0, l1: 0, l2: 0, solved: 0, reopened: 0, offered: 0, good: 0, bad: 0, reasons: {}, replyHist: {}, solveHist: {} };
}

const COUNTS = ['tickets', 'measured', 'withinTarget', 'atRisk', 'breached', 'l1', 'l2', 'solved', 'reopened', 'offered', 'good', 'bad'] as const;

/** A histogram as [bucket, count, sum, ...], made once per histogram: a report folds each row into several groups. */
const flattened = new WeakMap<Histogram, Float64Array>();
function flatten(histogram: Histogram): Float64Array {
  let flat = flattened.get(histogram);
  if (!flat) {
    const buckets = Object.keys(histogram);
    flat = new Float64Array(buckets.length * 3);
    for (let j = 0; j < buckets.length; j++) {
      const [n, sum] = histogram[buckets[j]!]!;
      flat[3 * j] = Number(buckets[j]);
      flat[3 * j + 1] = n;
      flat[3 * j + 2] = sum;
    }
    flattened.set(histogram, flat);
  }
  return flat;
}

/** Histograms merged into flat arrays by bucket index: a report folds thousands of rows. */
class DenseHistogram {
  private readonly counts = new Float64Array(BUCKET_BOUNDS.length + 1);
  private readonly sums = new Float64Array(BUCKET_BOUNDS.length + 1);

  add(histogram: Histogram): void {
    const flat = flatten(histogram);
    for (let j = 0; j < flat.length; j += 3) {
      const i = flat[j]!;
      this.counts[i]! += flat[j + 1]!;
      this.sums[i]! += flat[j + 2]!;
    }
  }

  /** As percentileOf, walking the buckets in order (no intermediate object: a report asks hundreds of these). */
  percentile(p: number): number | null {
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) total += this.counts[i]!;
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(p * total - 1e-9));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i]!;
      if (n <= 0) continue;
      seen += n;
      if (seen >= rank) return Math.round(this.sums[i]! / n);
    }
    return null;
  }
}

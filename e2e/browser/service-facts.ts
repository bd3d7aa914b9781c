/**
 * The stand-in worker's reports, built for the browser tests from a small set of ticket facts
 * by an aggregation written here, apart from the app (so the dashboard's figures are checked
 * against numbers computed independently). Typed by shared/reports.ts, the contract.
 */
import { SCENES, TIERS, type Scene, type Tier } from '../../shared/domain.ts';
import { DIMENSIONS, type Period, type ServiceFigures, type ServiceReport, type TodaySummary } from '../../shared/reports.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface TicketFact {
  tier: Tier;
  scene: Scene;
  createdAt: number;
  targetMs: number;
  /** When the first public agent reply came, after creation; null: none yet. */
  firstReplyMs: number | null;
  solvedMs: number | null;
  reopened: boolean;
  l1: boolean;
  l2: boolean;
  atRisk: boolean;
  breached: boolean;
  rating: 'good' | 'bad' | 'offered' | null;
  reason?: string;
  customer: { kind: 'organization' | 'user'; id: number };
}

export interface Customers {
  coreOrg: number;
  potentialOrg: number;
  basicUser: number;
  /** An id Zendesk does not show the agent. */
  hiddenOrg: number;
}

/** Twelve tickets in the last four weeks and five before them, across tiers and scenes. */
export function ticketFacts(now: number, c: Customers): TicketFact[] {
  const target = { core: { presale: 30 * MIN, insale: HOUR, aftersale: 2 * HOUR }, potential: { presale: HOUR, insale: 2 * HOUR, aftersale: 4 * HOUR }, basic: { presale: HOUR, insale: 2 * HOUR, aftersale: 4 * HOUR } };
  const fact = (tier: Tier, scene: Scene, daysAgo: number, reply: number | null, extra: Partial<TicketFact> = {}): TicketFact => ({
    tier, scene, createdAt: now - daysAgo * DAY, targetMs: target[tier][scene], firstReplyMs: reply, solvedMs: null, reopened: false,
    l1: false, l2: false, atRisk: false, breached: false, rating: null,
    customer: tier === 'core' ? { kind: 'organization', id: c.coreOrg } : tier === 'potential' ? { kind: 'organization', id: c.potentialOrg } : { kind: 'user', id: c.basicUser },
    ...extra,
  });
  return [
    // This period (the last 28 days).
    fact('core', 'presale', 2, 10 * MIN, { solvedMs: 3 * HOUR, rating: 'good' }),
    fact('core', 'presale', 9, 20 * MIN, { solvedMs: 5 * HOUR, rating: 'good' }),
    fact('core', 'aftersale', 16, 3 * HOUR, { solvedMs: 30 * HOUR, reopened: true, atRisk: true, breached: true, rating: 'bad', reason: '5' }),
    fact('core', 'insale', 20, 40 * MIN, { solvedMs: 4 * HOUR, rating: 'offered', customer: { kind: 'organization', id: c.hiddenOrg } }),
    fact('potential', 'presale', 3, 50 * MIN, { solvedMs: 8 * HOUR, rating: 'good' }),
    fact('potential', 'insale', 10, 3 * HOUR, { solvedMs: 26 * HOUR, atRisk: true, breached: true, rating: 'bad', reason: '6' }),
    fact('potential', 'aftersale', 17, null, { atRisk: true, breached: true, l1: true }),
    fact('basic', 'presale', 1, 2 * HOUR, { atRisk: true, breached: true, rating: 'offered' }),
    fact('basic', 'presale', 8, null, { atRisk: true, breached: true, l1: true, l2: true }),
    fact('basic', 'aftersale', 12, 90 * MIN, { solvedMs: 50 * HOUR, rating: 'bad', reason: '1001' }),
    fact('basic', 'insale', 22, 30 * MIN, { solvedMs: 6 * HOUR, rating: 'good' }),
    fact('basic', 'presale', 0, null, { atRisk: true, breached: true, l1: true }),
    // The four weeks before.
    fact('core', 'presale', 33, 40 * MIN, { solvedMs: 6 * HOUR, atRisk: true, breached: true, rating: 'bad', reason: '7' }),
    fact('core', 'insale', 40, 30 * MIN, { solvedMs: 5 * HOUR, rating: 'good' }),
    fact('potential', 'presale', 36, 2 * HOUR, { atRisk: true, breached: true, l1: true }),
    fact('basic', 'presale', 44, 3 * HOUR, { solvedMs: 70 * HOUR, atRisk: true, breached: true, l1: true, l2: true }),
    fact('basic', 'aftersale', 50, 2 * HOUR, { solvedMs: 20 * HOUR, rating: 'good' }),
  ];
}

const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Nearest-rank percentile of a sorted list: the smallest value with at least p of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function figuresOf(facts: readonly TicketFact[], now: number): ServiceFigures {
  const measuredFacts = facts.filter((f) => f.firstReplyMs !== null || now - f.createdAt > f.targetMs);
  const replies = facts.flatMap((f) => (f.firstReplyMs === null ? [] : [f.firstReplyMs])).sort((a, b) => a - b);
  const solved = facts.filter((f) => f.solvedMs !== null);
  const solveTimes = solved.map((f) => f.solvedMs!).sort((a, b) => a - b);
  const targets = new Set(facts.map((f) => f.targetMs));
  const reasons: Record<string, number> = {};
  for (const f of facts) if (f.rating === 'bad' && f.reason) reasons[f.reason] = (reasons[f.reason] ?? 0) + 1;
  return {
    tickets: facts.length,
    firstResponse: {
      measured: measuredFacts.length,
      withinTarget: measuredFacts.filter((f) => f.firstReplyMs !== null && f.firstReplyMs <= f.targetMs).length,
      medianMs: percentile(replies, 0.5),
      p90Ms: percentile(replies, 0.9),
      targetMs: targets.size === 1 ? [...targets][0]! : null,
    },
    escalations: { atRisk: facts.filter((f) => f.atRisk).length, breached: facts.filter((f) => f.breached).length, l1: facts.filter((f) => f.l1).length, l2: facts.filter((f) => f.l2).length },
    resolution: { solved: solved.length, medianMs: percentile(solveTimes, 0.5), reopened: solved.filter((f) => f.reopened).length },
    satisfaction: { offered: facts.filter((f) => f.rating !== null).length, good: facts.filter((f) => f.rating === 'good').length, bad: facts.filter((f) => f.rating === 'bad').length, reasons },
  };
}

const inPeriod = (facts: readonly TicketFact[], p: Period) => facts.filter((f) => f.createdAt >= dayMs(p.from) && f.createdAt < dayMs(p.to));
const ofTier = (facts: readonly TicketFact[], tier: Tier) => facts.filter((f) => f.tier === tier);
const byTier = <T>(make: (tier: Tier) => T) => Object.fromEntries(TIERS.map((tier) => [tier, make(tier)])) as Record<Tier, T>;

/** The report for `period`, with the previous period of the same length just before it. */
export function serviceReport(facts: readonly TicketFact[], period: Period, now: number): ServiceReport {
  const length = dayMs(period.to) - dayMs(period.from);
  const previousPeriod = { from: isoDay(dayMs(period.from) - length), to: period.from };
  const current = inPeriod(facts, period);
  const previous = inPeriod(facts, previousPeriod);
  const compare = (pick: (list: readonly TicketFact[]) => TicketFact[]) => ({ current: figuresOf(pick(current), now), previous: figuresOf(pick(previous), now) });
  const weeks: string[] = [];
  const firstMonday = dayMs(period.from) - ((new Date(dayMs(period.from)).getUTCDay() + 6) % 7) * DAY;
  for (let w = firstMonday; w < dayMs(period.to); w += 7 * DAY) weeks.push(isoDay(w));
  const open = current.filter((f) => f.solvedMs === null);
  const age = (f: TicketFact) => (now - f.createdAt) / DAY;
  const customers = new Map(current.map((f) => [`${f.customer.kind}:${f.customer.id}`, f]));
  return {
    period,
    previousPeriod,
    byTier: byTier((tier) => compare((list) => ofTier(list, tier))),
    byTierAndScene: byTier((tier) => Object.fromEntries(SCENES.map((scene) => [scene, compare((list) => ofTier(list, tier).filter((f) => f.scene === scene))])) as ServiceReport['byTierAndScene'][Tier]),
    backlog: byTier((tier) => {
      const mine = ofTier(open, tier);
      return { underOneDay: mine.filter((f) => age(f) < 1).length, oneToThreeDays: mine.filter((f) => age(f) >= 1 && age(f) < 3).length, threeToSevenDays: mine.filter((f) => age(f) >= 3 && age(f) < 7).length, overSevenDays: mine.filter((f) => age(f) >= 7).length };
    }),
    weekly: weeks.map((weekStart) => ({ weekStart, byTier: byTier((tier) => figuresOf(ofTier(current, tier).filter((f) => f.createdAt >= dayMs(weekStart) && f.createdAt < dayMs(weekStart) + 7 * DAY), now)) })),
    customers: {
      distribution: byTier((tier) => [...customers.values()].filter((f) => f.tier === tier).length),
      guideline: { core: 0.1, potential: 0.3, basic: 0.6 },
      atChurnRisk: 2,
      top: [...customers.values()].map((f, i) => ({ kind: f.customer.kind, id: f.customer.id, tier: f.tier, annualSpend: [620_000, 150_000, 20_000, 900_000][i % 4]!, figures: figuresOf(current.filter((g) => g.customer.id === f.customer.id && g.customer.kind === f.customer.kind), now) })),
    },
    dimensions: byTier((tier) =>
      Object.fromEntries(DIMENSIONS.map((d, i) => [d, d === 'added_value' || d === 'communication' ? { score: tier === 'core' && d === 'communication' ? 8 : null, source: 'follow_up' } : { score: [9, 7, 5][TIERS.indexOf(tier)]! - i * 0.5, source: 'data' }])) as ServiceReport['dimensions'][Tier],
    ),
    generatedAt: new Date(now).toISOString(),
  };
}

/** Breaches and escalations among today's tickets (UTC). */
export function todaySummary(facts: readonly TicketFact[], now: number): TodaySummary {
  const start = dayMs(isoDay(now));
  const today = facts.filter((f) => f.createdAt >= start);
  return { date: isoDay(now), breached: today.filter((f) => f.breached).length, l1: today.filter((f) => f.l1).length, l2: today.filter((f) => f.l2).length, atRisk: today.filter((f) => f.atRisk).length };
}

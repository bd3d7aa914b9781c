/**
 * The service report contract: what the worker's reports API answers and the dashboard reads.
 * Aggregates only: counts, durations and shares per tier and scene. It never carries a name,
 * an email or comment text; customers appear as Zendesk ids, which the dashboard resolves to
 * names through Zendesk itself (so an agent sees only the names Zendesk lets them see).
 */
import type { Scene, Tier } from './domain.ts';

/** The plans' five service dimensions (docs/rules.md#service-quality). */
export const DIMENSIONS = ['timeliness', 'resolution', 'communication', 'added_value', 'satisfaction'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** A period as whole UTC days: `from` inclusive, `to` exclusive, both `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** Service figures for one group of tickets (a tier, a tier and scene, a week). */
export interface ServiceFigures {
  /** Tickets created in the period. */
  tickets: number;
  firstResponse: {
    /** Tickets with a first public agent reply, or whose target passed without one. */
    measured: number;
    /** Of those, replied within the target. */
    withinTarget: number;
    medianMs: number | null;
    p90Ms: number | null;
    /** The target in force for this group (ms); null when the group mixes targets. */
    targetMs: number | null;
  };
  escalations: { atRisk: number; breached: number; l1: number; l2: number };
  resolution: {
    solved: number;
    medianMs: number | null;
    /** Solved tickets that were reopened at least once (the first-contact resolution signal). */
    reopened: number;
  };
  /** Zendesk CSAT on these tickets: offered, good, bad, and bad ratings' reasons by reason code. */
  satisfaction: { offered: number; good: number; bad: number; reasons: Record<string, number> };
}

export interface Comparison<T> {
  current: T;
  previous: T;
}

/** Open tickets by age at the end of the period. */
export interface Backlog {
  underOneDay: number;
  oneToThreeDays: number;
  threeToSevenDays: number;
  overSevenDays: number;
}

export interface TopCustomer {
  kind: 'organization' | 'user';
  id: number;
  tier: Tier;
  annualSpend: number | null;
  figures: ServiceFigures;
}

export interface DimensionScore {
  /** 1-10, or null when there is nothing to score from. */
  score: number | null;
  /** `data`: computed from ticket facts; `follow_up`: averaged from people's follow-up scores. */
  source: 'data' | 'follow_up';
}

export interface ServiceReport {
  period: Period;
  previousPeriod: Period;
  byTier: Record<Tier, Comparison<ServiceFigures>>;
  byTierAndScene: Record<Tier, Record<Scene, Comparison<ServiceFigures>>>;
  backlog: Record<Tier, Backlog>;
  /** Week by week (weeks start on Monday, UTC), oldest first. */
  weekly: Array<{ weekStart: string; byTier: Record<Tier, ServiceFigures> }>;
  customers: {
    /** Customers seen on tickets, by their current tier. */
    distribution: Record<Tier, number>;
    /** The plans' guideline share of customers per tier (10 / 30 / 60 %). */
    guideline: Record<Tier, number>;
    /** Customers with no interaction for the churn window. */
    atChurnRisk: number;
    /** The top 20 customers by annual spend, with their service figures in the period. */
    top: TopCustomer[];
  };
  dimensions: Record<Tier, Record<Dimension, DimensionScore>>;
  /** When the figures were computed (ISO). */
  generatedAt: string;
}

/** Today's summary for the top bar: breaches and escalations since 00:00 UTC. */
export interface TodaySummary {
  date: string;
  breached: number;
  l1: number;
  l2: number;
  atRisk: number;
}

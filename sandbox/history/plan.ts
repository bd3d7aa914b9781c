/**
 * A realistic past for the sandbox, planned without I/O: customers in the plans' tier shares
 * (10 / 30 / 60 %), and tickets over the last `days` days with replies, solves, escalation-worthy
 * delays, a backlog of recent open tickets and CSAT. Durations are drawn as multiples of the
 * configured targets (so the demo pace's seconds and the real pace's hours both give a plausible
 * mix of met and missed targets), core served best, and service improving over the period.
 * Deterministic: the same seed plans the same past.
 */
import type { Scene, Tier } from '../../shared/domain.ts';
import { seededRandom } from '../faults/stack.ts';

export interface HistoryCustomer {
  name: string;
  tier: Tier;
  annualSpend: number;
  ordersPerYear: number;
  /** Days since the last interaction (churn risk past the churn window). */
  lastInteractionDaysAgo: number;
}

export interface HistoryTicket {
  /** Index into the planned customers. */
  customer: number;
  scene: Scene;
  createdAt: number;
  /** Null: no agent reply yet (an open ticket in the backlog). */
  replyAfterMs: number | null;
  solvedAfterMs: number | null;
  csat: { score: 'offered' | 'good' | 'bad'; reasonCode: number | null; afterSolveMs: number } | null;
  /**
   * Solved, then the requester wrote back and an agent solved it again (the import API cannot
   * express a reopen, so the seed replays it through the ticket API when it files the past).
   */
  reopened: boolean;
}

export interface HistoryTiming {
  targetMs: (tier: Tier, scene: Scene) => number;
  l1Ms: number;
  l2Ms: number;
}

export interface HistoryPlan {
  customers: HistoryCustomer[];
  tickets: HistoryTicket[];
}

const DAY_MS = 86_400_000;
/** Zendesk's default reasons for a bad rating: too slow, not resolved, knowledge, attitude. */
const BAD_REASONS = [5, 6, 7, 8];
const SCENE_WEIGHTS: Array<[Scene, number]> = [['presale', 0.45], ['insale', 0.3], ['aftersale', 0.25]];
/** Reply time as a share of the target: median and spread (log-normal), by tier. */
const REPLY = { core: { median: 0.45, spread: 0.6 }, potential: { median: 0.7, spread: 0.7 }, basic: { median: 0.95, spread: 0.8 } } as const;
const GOOD_SHARE = { core: 0.93, potential: 0.86, basic: 0.76 } as const;
const TICKETS_PER_CUSTOMER = { core: 4, potential: 2, basic: 1 } as const;
/** Share of the tickets solved in the last week whose requester writes back, by tier. */
const REOPEN_SHARE = { core: 0.08, potential: 0.12, basic: 0.18 } as const;
const REOPEN_WITHIN_MS = 7 * DAY_MS;

function logNormal(random: () => number, median: number, spread: number): number {
  const u = Math.max(1e-9, random());
  const v = random();
  return median * Math.exp(spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

function pick<T>(random: () => number, weighted: Array<[T, number]>): T {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weighted) if ((r -= weight) <= 0) return value;
  return weighted[weighted.length - 1]![0];
}

export function planCustomers(count: number, random: () => number): HistoryCustomer[] {
  const customers: HistoryCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const share = i / count;
    const tier: Tier = share < 0.1 ? 'core' : share < 0.4 ? 'potential' : 'basic';
    const annualSpend = Math.round(tier === 'core' ? 600_000 + random() * 2_400_000 : tier === 'potential' ? 120_000 + random() * 330_000 : 5_000 + random() * 85_000);
    const ordersPerYear = tier === 'core' ? 6 + Math.floor(random() * 10) : tier === 'potential' ? 2 + Math.floor(random() * 3) : Math.floor(random() * 4);
    const lastInteractionDaysAgo = random() < 0.12 ? 190 + Math.floor(random() * 200) : Math.floor(random() * 60);
    customers.push({ name: `History customer ${String(i + 1).padStart(2, '0')} 历史客户`, tier, annualSpend, ordersPerYear, lastInteractionDaysAgo });
  }
  return customers;
}

export function planHistory(options: { now: number; days: number; tickets: number; customers: number; timing: HistoryTiming; seed?: number }): HistoryPlan {
  const random = seededRandom(options.seed ?? 20261129);
  const customers = planCustomers(options.customers, random);
  const weights = customers.map((c, i): [number, number] => [i, TICKETS_PER_CUSTOMER[c.tier]]);
  const start = options.now - options.days * DAY_MS;
  const tickets: HistoryTicket[] = [];
  for (let n = 0; n < options.tickets; n++) {
    const customer = pick(random, weights);
    const tier = customers[customer]!.tier;
    const scene = pick(random, SCENE_WEIGHTS);
    const createdAt = Math.floor((start + random() * (options.days * DAY_MS - options.timing.l2Ms)) / 1000) * 1000;
    const age = (options.now - createdAt) / (options.days * DAY_MS); // 1 = oldest
    const target = options.timing.targetMs(tier, scene);
    // The backlog: some tickets of the last three days have no answer yet.
    if (options.now - createdAt < 3 * DAY_MS && random() < 0.3) {
      tickets.push({ customer, scene, createdAt, replyAfterMs: null, solvedAfterMs: null, csat: null, reopened: false });
      continue;
    }
    const improving = 0.75 + 0.5 * age;
    const { median, spread } = REPLY[tier];
    // A few tickets wait past the L1 line (nobody took them for a day).
    const room = options.now - createdAt - 2000; // everything happened before now
    const late = random() < (tier === 'basic' ? 0.06 : 0.02);
    const replyAfterMs = Math.min(room, late ? Math.round(options.timing.l1Ms * (1 + random())) : Math.max(1000, Math.round(target * logNormal(random, median * improving, spread))));
    const solvedAfterMs = Math.min(room, replyAfterMs + Math.round(options.timing.l1Ms * logNormal(random, 0.6 * improving, 0.9)));
    const csat = random() < 0.5 ? csatOf(random, tier, solvedAfterMs > options.timing.l2Ms) : null;
    const reopened = options.now - createdAt < REOPEN_WITHIN_MS && random() < REOPEN_SHARE[tier];
    tickets.push({ customer, scene, createdAt, replyAfterMs, solvedAfterMs, csat, reopened });
  }
  tickets.sort((a, b) => a.createdAt - b.createdAt);
  return { customers, tickets };
}

function csatOf(random: () => number, tier: Tier, slow: boolean): HistoryTicket['csat'] {
  const afterSolveMs = Math.round(random() * 2 * DAY_MS);
  if (random() < 0.3) return { score: 'offered', reasonCode: null, afterSolveMs };
  const good = random() < GOOD_SHARE[tier] - (slow ? 0.25 : 0);
  return { score: good ? 'good' : 'bad', reasonCode: good ? null : slow ? 5 : BAD_REASONS[Math.floor(random() * BAD_REASONS.length)]!, afterSolveMs };
}

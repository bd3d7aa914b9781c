import { describe, expect, it } from 'vitest';
import type { Tier } from '../../shared/domain.ts';
import { planHistory } from './plan.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 29, 12);
const timing = { targetMs: (tier: Tier) => (tier === 'core' ? 30 : 60) * 60_000, l1Ms: 24 * 3_600_000, l2Ms: 48 * 3_600_000 };

describe('the planned past', () => {
  const plan = planHistory({ now, days: 90, tickets: 3000, customers: 40, timing });

  it('spreads tickets over the period, every event before now', () => {
    expect(plan.tickets).toHaveLength(3000);
    for (const t of plan.tickets) {
      expect(t.createdAt).toBeGreaterThanOrEqual(now - 90 * DAY);
      expect(t.createdAt + (t.solvedAfterMs ?? t.replyAfterMs ?? 0)).toBeLessThan(now);
      if (t.solvedAfterMs !== null) expect(t.solvedAfterMs).toBeGreaterThanOrEqual(t.replyAfterMs!);
    }
  });

  it('has customers in the plans’ shares, serves core fastest and leaves a recent backlog', () => {
    const tiers = plan.customers.map((c) => c.tier);
    expect([tiers.filter((t) => t === 'core').length, tiers.filter((t) => t === 'potential').length]).toEqual([4, 12]);
    const metShare = (tier: Tier) => {
      const replied = plan.tickets.filter((t) => plan.customers[t.customer]!.tier === tier && t.replyAfterMs !== null);
      return replied.filter((t) => t.replyAfterMs! <= timing.targetMs(tier)).length / replied.length;
    };
    expect(metShare('core')).toBeGreaterThan(metShare('basic'));
    expect(plan.tickets.filter((t) => t.replyAfterMs === null).every((t) => now - t.createdAt < 3 * DAY)).toBe(true);
    expect(plan.tickets.some((t) => t.csat?.score === 'bad' && t.csat.reasonCode !== null)).toBe(true);
  });

  it('reopens some of the last week\'s solved tickets, more of basic customers than of core ones', () => {
    const reopened = plan.tickets.filter((t) => t.reopened);
    expect(reopened.length).toBeGreaterThan(0);
    for (const t of reopened) {
      expect(t.solvedAfterMs).not.toBeNull();
      expect(now - t.createdAt).toBeLessThan(7 * DAY);
    }
    const share = (tier: Tier) => {
      const recent = plan.tickets.filter((t) => plan.customers[t.customer]!.tier === tier && t.solvedAfterMs !== null && now - t.createdAt < 7 * DAY);
      return recent.filter((t) => t.reopened).length / recent.length;
    };
    expect(share('basic')).toBeGreaterThan(share('core'));
  });

  it('is the same past for the same seed', () => {
    expect(planHistory({ now, days: 90, tickets: 50, customers: 10, timing })).toEqual(planHistory({ now, days: 90, tickets: 50, customers: 10, timing }));
  });
});

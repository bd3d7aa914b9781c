import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ZendeskBudget } from '../src/zendesk/rate-budget.ts';

describe('the account-wide Zendesk request budget', () => {
  it('allows a burst of a tenth of the minute, then spaces requests to stay under the limit', async () => {
    const stub = env.ZENDESK_BUDGET.get(env.ZENDESK_BUDGET.idFromName('budget-test'));
    const waits = await runInDurableObject(stub, (budget: ZendeskBudget) => {
      const t0 = 1_000_000;
      return Array.from({ length: 30 }, () => budget.reserve(200, Number.POSITIVE_INFINITY, t0).waitMs);
    });
    expect(waits.slice(0, 20)).toEqual(Array(20).fill(0));
    // 200/min = one every 300 ms once the burst is spent.
    expect(waits.slice(20, 23)).toEqual([300, 600, 900]);
    expect(waits[29]).toBe(3_000);
  });

  it('a caller that cannot wait takes no slot, so a backlog does not push the budget away', async () => {
    const stub = env.ZENDESK_BUDGET.get(env.ZENDESK_BUDGET.idFromName('budget-backlog'));
    const result = await runInDurableObject(stub, (budget: ZendeskBudget) => {
      for (let i = 0; i < 60; i++) budget.reserve(60, 10_000, 0); // takes every slot reachable within 10 s
      const refused = Array.from({ length: 500 }, () => budget.reserve(60, 10_000, 0));
      return { refused: refused.every((r) => !r.granted), next: budget.reserve(60, 10_000, 1_000) };
    });
    expect(result.refused).toBe(true);
    // One second later a slot within 10 s is free again, not 500 slots further away.
    expect(result.next).toEqual({ granted: true, waitMs: 10_000 });
  });

  it('never grants more than the limit plus the burst in any minute', async () => {
    const stub = env.ZENDESK_BUDGET.get(env.ZENDESK_BUDGET.idFromName('budget-window'));
    const sentInFirstMinute = await runInDurableObject(stub, (budget: ZendeskBudget) => {
      let sent = 0;
      for (let i = 0; i < 1_000; i++) if (budget.reserve(160, Number.POSITIVE_INFINITY, 0).waitMs < 60_000) sent++;
      return sent;
    });
    expect(sentInFirstMinute).toBe(160 + 15);
  });
});

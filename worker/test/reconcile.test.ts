/** The cron sweep repairs what webhooks missed: an open ticket nobody told the worker about. */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { reconcileClocks } from '../src/ticket/reconcile.ts';
import { createTicket, getTicket, lastRequestSeq, requestsSince, settle, ticketObject } from './helpers.ts';

describe('reconciliation sweep', () => {
  it('finds an open ticket whose webhook never arrived, classifies it and starts its clock', async () => {
    const ticket = await createTicket('liu.yang@example.com', { tags: ['scene_insale'] });
    expect((await ticketObject(ticket.id).view()).clock).toBeNull();

    // Other test files leave tickets behind: look at all of them, not the cron's first 40.
    await reconcileClocks(env, { pages: 10, perPage: 100, tickets: 1_000 });
    await settle(ticket.id);

    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('high');
    expect(after.tags).toContain('tierwise_tier_core');
    const view = await ticketObject(ticket.id).view();
    expect(view.clock).toMatchObject({ tier: 'core', scene: 'insale' });
    expect(view.alarmAt).toBe(Date.parse(ticket.created_at) + 0.75 * 3_600_000);
  });

  it('runs from the cron trigger, searching open tickets', async () => {
    const since = await lastRequestSeq();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const searches = await requestsSince(since, { path: '/api/v2/search.json' });
    expect(searches.length).toBeGreaterThanOrEqual(1);
  });

  it('leaves a ticket with a live clock alone, and stays within its per-run budget', async () => {
    const ticket = await createTicket('liu.yang@example.com');
    await reconcileClocks(env, { pages: 10, perPage: 100, tickets: 1_000 });
    await settle(ticket.id);
    const second = await reconcileClocks(env, { pages: 10, perPage: 100, tickets: 1_000 });
    expect(second.armed).toBe(0);
    const bounded = await reconcileClocks(env, { pages: 1, perPage: 5, tickets: 3 });
    expect(bounded.checked).toBeLessThanOrEqual(3);
  });
});

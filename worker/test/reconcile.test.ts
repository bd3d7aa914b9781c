/** The cron sweep repairs what webhooks missed: an open ticket nobody told the worker about. */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { reconcileClocks } from '../src/ticket/reconcile.ts';
import { createTicket, getTicket, lastRequestSeq, requestsSince, settle, ticketObject } from './helpers.ts';

describe('reconciliation sweep', () => {
  it('a ticket whose webhook never arrived is read, classified and given its clock', async () => {
    const ticket = await createTicket('liu.yang@example.com', { tags: ['scene_insale'] });
    expect((await ticketObject(ticket.id).view()).clock).toBeNull();

    expect(await ticketObject(ticket.id).reconcile(ticket.id)).toBe('armed');
    await settle(ticket.id);

    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('high');
    expect(after.tags).toContain('tierwise_tier_core');
    const view = await ticketObject(ticket.id).view();
    expect(view.clock).toMatchObject({ tier: 'core', scene: 'insale' });
    expect(view.alarmAt).toBe(Date.parse(ticket.created_at) + 0.75 * 3_600_000);
    // Its clock is live now: the next sweep leaves it alone.
    expect(await ticketObject(ticket.id).reconcile(ticket.id)).toBe('ok');
  });

  it('runs from the cron trigger, searching open tickets', async () => {
    const since = await lastRequestSeq();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const searches = await requestsSince(since, { path: '/api/v2/search.json' });
    expect(searches.length).toBeGreaterThanOrEqual(1);
  });

  it('stays within its per-run budget and does not re-arm what it just repaired', async () => {
    await createTicket('liu.yang@example.com');
    const first = await reconcileClocks(env, { pages: 1, perPage: 5, tickets: 3 });
    expect(first.checked).toBeLessThanOrEqual(3);
    const second = await reconcileClocks(env, { pages: 1, perPage: 5, tickets: 3 });
    expect(second.armed).toBe(0);
  });
});

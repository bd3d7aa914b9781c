/** The cron sweep repairs what webhooks missed. */
import { createExecutionContext, createScheduledController, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { reconcileClocks, RECONCILE_LIMITS } from '../src/ticket/reconcile.ts';
import { createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

describe('reconciliation sweep', () => {
  it('a ticket whose webhook never arrived is read, classified and given its clock', async () => {
    const ticket = await createTicket('liu.yang@example.com', { tags: ['scene_insale'] });
    expect((await ticketObject(ticket.id).view()).clock).toBeNull();

    expect(await ticketObject(ticket.id).reconcile(ticket.id, ticket.updated_at)).toBe('armed');
    await settle(ticket.id);

    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('high');
    expect(after.tags).toContain('tierwise_tier_core');
    const view = await ticketObject(ticket.id).view();
    expect(view.clock).toMatchObject({ tier: 'core', scene: 'insale' });
    expect(view.alarmAt).toBe(Date.parse(ticket.created_at) + 0.75 * 3_600_000);
  });

  it('a ticket whose latest version the object already saw costs no Zendesk call', async () => {
    const ticket = await createTicket('liu.yang@example.com');
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const current = await getTicket(ticket.id);
    const since = await lastRequestSeq();
    expect(await ticketObject(ticket.id).reconcile(ticket.id, current.updated_at)).toBe('ok');
    expect(await requestsSince(since)).toEqual([]);
  });

  it('a ticket created and solved while the worker was down still gets its tier', async () => {
    const ticket = await createTicket('zhang.wei@example.com');
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'solved', comment: { body: 'Done', public: true, author_id: agent } } });
    const result = await reconcileClocks(env);
    expect(result.checked).toBeLessThanOrEqual(RECONCILE_LIMITS.tickets);
    // A sweep arms at most RECONCILE_LIMITS.tickets objects, oldest change first, and the shared
    // simulator also holds the earlier test files' tickets (missed, for this file's storage): this
    // one may come a few sweeps later, as it would after a long outage.
    await expect
      .poll(async () => {
        const { tags } = await getTicket(ticket.id);
        if (!tags.includes('tierwise_tier_core')) await reconcileClocks(env);
        return tags;
      }, { timeout: 60_000, interval: 2_000 })
      .toContain('tierwise_tier_core');
    await settle(ticket.id, 20_000);
    const after = await getTicket(ticket.id);
    expect(after.tags).toContain('tierwise_tier_core');
    expect(after.priority).toBe('high');
  }, 90_000);

  it('finds a clock whose alarm is late from the index, and re-arms it', async () => {
    const ticket = await createTicket('liu.yang@example.com');
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    // The alarm was lost: the index still says it was due ten minutes ago.
    await runInDurableObject(ticketObject(ticket.id), (_instance, state) => state.storage.deleteAlarm());
    await env.DB.prepare('UPDATE ticket_state SET next_alarm_at = ? WHERE ticket_id = ?').bind(Date.now() - 10 * 60_000, ticket.id).run();
    const result = await reconcileClocks(env, { recentMinutes: 0, recentPages: 0, tickets: 40 });
    expect(result.armed).toBeGreaterThanOrEqual(1);
    await settle(ticket.id);
    const row = await env.DB.prepare('SELECT next_alarm_at FROM ticket_state WHERE ticket_id = ?').bind(ticket.id).first<{ next_alarm_at: number }>();
    // A core customer's pre-sales ticket: warned at 75% of a 30-minute target.
    expect(row?.next_alarm_at).toBe(Date.parse(ticket.created_at) + 22.5 * 60_000);
  });

  it('runs from the cron trigger: recent changes and a slice of open tickets', async () => {
    const since = await lastRequestSeq();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await requestsSince(since, { path: '/api/v2/search.json' })).length).toBeGreaterThanOrEqual(1);
  });
});

/** The cron sweep repairs what webhooks missed, however long the worker was away. */
import { createExecutionContext, createScheduledController, env, runInDurableObject, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { loadExportCursor, reconcileClocks, RECONCILE_LIMITS, saveExportCursor } from '../src/ticket/reconcile.ts';
import { createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

/** Zendesk's export leaves out the last minute: a change is exported once it is older than this. */
const EXPORT_LAG_MS = 61_000;
const NO_EXPORT = { ...RECONCILE_LIMITS, exportPages: 0 };

async function rowsOf(table: string, ticketId: number): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE account = ? AND ticket_id = ?`).bind(accountKey(env), ticketId).first<{ n: number }>();
  return row?.n ?? 0;
}

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

  it('after an outage, walks the export from its stored cursor: every missed ticket is recovered, deleted ones purged, a failing object fails alone', async () => {
    // The worker's last sweep stopped here; then it went down and no webhook reached it.
    await saveExportCursor(env, { cursor: null, startTime: Math.floor(Date.now() / 1000) - 1, pending: [], position: Date.now(), caughtUp: true });
    const solved = await createTicket('zhang.wei@example.com');
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    await zendesk('PUT', `/api/v2/tickets/${solved.id}.json`, { ticket: { assignee_id: agent, status: 'solved', comment: { body: 'Done', public: true, author_id: agent } } });
    // Known to Tierwise before the outage, then deleted during it.
    const deleted = await createTicket('liu.yang@example.com');
    await deliver(ticketEvent(deleted));
    await settle(deleted.id);
    expect(await rowsOf('audit', deleted.id)).toBeGreaterThan(0);
    await zendesk('DELETE', `/api/v2/tickets/${deleted.id}.json`);
    // Changed during the outage, but its object cannot even read its own storage.
    const broken = await createTicket('liu.yang@example.com');
    await runInDurableObject(ticketObject(broken.id), (_instance, state) => state.storage.put('record', { inFlight: { audit: 42 } }));

    await new Promise((resolve) => setTimeout(resolve, EXPORT_LAG_MS));
    const since = await lastRequestSeq();
    const outcome = await reconcileClocks(env, { ...RECONCILE_LIMITS, exportPages: 1 });

    expect(await requestsSince(since, { path: '/api/v2/incremental/tickets/cursor.json' })).toHaveLength(1);
    expect(outcome).toMatchObject({ checked: 3, purged: 1, failed: 1, error: null, cursor: { caught_up: false, pending: 1 } });
    expect(outcome.armed).toBe(1);
    await settle(solved.id, 20_000);
    const after = await getTicket(solved.id);
    expect(after.tags).toContain('tierwise_tier_core');
    expect(after.priority).toBe('high');
    for (const table of ['audit', 'ticket_state', 'service_facts']) expect(await rowsOf(table, deleted.id)).toBe(0);
    expect(await ticketObject(deleted.id).view()).toMatchObject({ ticketId: null, clock: null, alarmAt: null });
    // The failed one waits in the cursor for the next run; the cursor moved past the rest.
    expect((await loadExportCursor(env))?.pending).toEqual([expect.objectContaining({ id: broken.id, attempts: 1 })]);
    const health = await (await SELF.fetch('https://tierwise.test/health')).json<Record<string, any>>();
    expect(health).toMatchObject({ status: 'ok', needs_attention: { days: 7 }, reconciliation: { checked: 3, failed: 1, purged: 1, cursor: { pending: 1 } } });
    expect(health.reconciliation.cursor.lag_seconds).toBeGreaterThanOrEqual(60);
    // Repaired, it is handled by the next run like the others.
    await runInDurableObject(ticketObject(broken.id), (_instance, state) => state.storage.deleteAll());
    expect(await reconcileClocks(env, { ...RECONCILE_LIMITS, exportPages: 0 })).toMatchObject({ checked: 1, armed: 1, failed: 0, cursor: { pending: 0 } });
    await settle(broken.id, 20_000);
    expect((await getTicket(broken.id)).tags).toContain('tierwise_tier_core');
  }, 120_000);

  it('finds a clock whose alarm is late from the index, and re-arms it, without Zendesk', async () => {
    const ticket = await createTicket('liu.yang@example.com');
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    // The alarm was lost: the index still says it was due ten minutes ago.
    await runInDurableObject(ticketObject(ticket.id), (_instance, state) => state.storage.deleteAlarm());
    await env.DB.prepare('UPDATE ticket_state SET next_alarm_at = ? WHERE ticket_id = ?').bind(Date.now() - 10 * 60_000, ticket.id).run();
    const since = await lastRequestSeq();
    const result = await reconcileClocks(env, NO_EXPORT);
    expect(result.armed).toBeGreaterThanOrEqual(1);
    expect(await requestsSince(since, { path: '/api/v2/incremental/tickets/cursor.json' })).toEqual([]);
    await settle(ticket.id);
    const row = await env.DB.prepare('SELECT next_alarm_at FROM ticket_state WHERE ticket_id = ?').bind(ticket.id).first<{ next_alarm_at: number }>();
    // A core customer's pre-sales ticket: warned at 75% of a 30-minute target.
    expect(row?.next_alarm_at).toBe(Date.parse(ticket.created_at) + 22.5 * 60_000);
  });

  it('runs from the cron trigger: late clocks, then the export from a first cursor a few minutes back', async () => {
    await env.DB.prepare("DELETE FROM sync_cursor WHERE name = 'tickets'").run();
    const since = await lastRequestSeq();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const [first] = await requestsSince(since, { path: '/api/v2/incremental/tickets/cursor.json' });
    expect(first).toMatchObject({ status: 200 });
    expect((await loadExportCursor(env))?.cursor).toEqual(expect.any(String));
  });

  it('the cron does not hide a failed sweep: the invocation fails once every job ran', async () => {
    const ticket = await createTicket('liu.yang@example.com');
    await runInDurableObject(ticketObject(ticket.id), (_instance, state) => state.storage.put('record', { inFlight: { audit: 42 } }));
    await saveExportCursor(env, { cursor: null, startTime: Math.floor(Date.now() / 1000) - 600, pending: [{ id: ticket.id, updatedAt: ticket.updated_at, deleted: false, attempts: 0 }], position: Date.now(), caughtUp: false });
    const ctx = createExecutionContext();
    await expect(worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }), env, ctx)).rejects.toThrow(/reconciliation incomplete \(1 failed\)/);
    await waitOnExecutionContext(ctx);
    await runInDurableObject(ticketObject(ticket.id), (_instance, state) => state.storage.deleteAll());
    await env.DB.prepare("DELETE FROM sync_cursor WHERE name = 'tickets'").run();
  });
});

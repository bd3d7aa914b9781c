/**
 * The service data sweep: CSAT pulled incrementally from the simulator's Satisfaction Ratings API
 * through a stored cursor, within a bounded number of requests, and expired facts purged.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { writeFacts } from '../src/reports/record-facts.ts';
import { purgeServiceFacts, SERVICE_DATA_CRON, syncSatisfaction } from '../src/reports/service-sync.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { admin, createTicket, lastRequestSeq, requestsSince } from './helpers.ts';

const DAY = 86_400_000;

async function rate(ticketId: number, score: string, extra: Record<string, unknown> = {}) {
  await admin('POST', '/satisfaction_ratings', { ticket_id: ticketId, score, ...extra });
}

async function ratingOf(ticketId: number) {
  return env.DB.prepare('SELECT score, reason_code FROM satisfaction WHERE account = ? AND ticket_id = ?').bind(accountKey(env), ticketId).first<{ score: string; reason_code: number | null }>();
}

describe('CSAT sync', () => {
  it('pulls ratings page by page from where it stopped, and picks up an offered survey answered later', async () => {
    await env.DB.prepare('DELETE FROM sync_cursor').run();
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await createTicket('zhang.wei@example.com'));
    await rate(tickets[0]!.id, 'good', { comment: 'Fast' });
    await rate(tickets[1]!.id, 'bad', { reason_code: 5 });
    await rate(tickets[2]!.id, 'offered');

    const since = await lastRequestSeq();
    const first = await syncSatisfaction(env, Date.now() - 30 * DAY, Date.now(), 1);
    expect((await requestsSince(since, { path: '/api/v2/satisfaction_ratings' })).length).toBe(1);
    expect(first.ratings).toBeGreaterThanOrEqual(3);
    expect(await ratingOf(tickets[0]!.id)).toEqual({ score: 'good', reason_code: null });
    expect(await ratingOf(tickets[1]!.id)).toEqual({ score: 'bad', reason_code: 5 });
    expect(await ratingOf(tickets[2]!.id)).toEqual({ score: 'offered', reason_code: null });

    // The requester answers the survey: the next sweep starts a week before the newest rating.
    await rate(tickets[2]!.id, 'good', { updated_at: new Date(Date.now() + 1000).toISOString() });
    while (!(await syncSatisfaction(env, Date.now() - 30 * DAY, Date.now(), 1)).done);
    await syncSatisfaction(env, Date.now() - 30 * DAY, Date.now(), 1);
    expect(await ratingOf(tickets[2]!.id)).toEqual({ score: 'good', reason_code: null });
  });

  it('runs from its own cron schedule, not the reconciliation one', async () => {
    const since = await lastRequestSeq();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: SERVICE_DATA_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await requestsSince(since, { path: '/api/v2/satisfaction_ratings' })).length).toBeGreaterThanOrEqual(1);
    expect(await requestsSince(since, { path: '/api/v2/search' })).toEqual([]);
  });
});

describe('retention', () => {
  it('purges the facts of tickets created before the window, keeping the rest', async () => {
    const account = accountKey(env);
    const now = Date.UTC(2026, 10, 1);
    const facts = (ticketId: number, createdAtMs: number) => ({
      ticketId, createdAtMs, tier: 'basic' as const, scene: 'presale' as const, requesterId: 3, organizationId: null, customerKind: 'user' as const, customerId: 3, status: 'open' as const,
      targetMs: 3_600_000, firstReplyAtMs: null, firstReplySource: null, firstResponseMet: null, atRiskAtMs: null, breachedAtMs: null, l1AtMs: null, l2AtMs: null, solvedAtMs: null, reopens: 0, reopenedAtMs: null,
    });
    await writeFacts(env.DB, account, facts(980_001, now - 401 * DAY), null, now);
    await writeFacts(env.DB, account, facts(980_002, now - 399 * DAY), null, now);
    await purgeServiceFacts(env, 400, now);
    const { results } = await env.DB.prepare('SELECT ticket_id FROM service_facts WHERE account = ? AND ticket_id IN (980001, 980002)').bind(account).all<{ ticket_id: number }>();
    expect(results.map((r) => r.ticket_id)).toEqual([980_002]);
  });
});

/**
 * Care events against the simulator and the local chat sink: a bad CSAT rating the pull finds is
 * announced once and becomes a return call due within 24 hours; a care task still open after its
 * due time is announced once as overdue, and a solved one is not.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DESTINATION_NAMES as NAMES } from '../../sandbox/chat/robots.ts';
import { careRunObject, customerObject } from '../src/objects.ts';
import { syncSatisfaction } from '../src/reports/service-sync.ts';
import { deliverAccountAlerts, received, routeAlerts } from './chat-helpers.ts';
import { admin, createTicket, userIdByEmail, zendesk } from './helpers.ts';

const DAY = 86_400_000;
const created: number[] = [];

async function rateBad(ticketId: number, ratedAt: number): Promise<number> {
  const at = new Date(ratedAt).toISOString();
  const { satisfaction_rating } = await admin('POST', '/satisfaction_ratings', { ticket_id: ticketId, score: 'bad', reason_code: 5, comment: 'Nobody called back', created_at: at, updated_at: at });
  return satisfaction_rating.id;
}

/** Sweep the CSAT pull to its end, then let the care run object work its alarm (once places up to five return calls). */
async function pullAndPlace(alarms = 5): Promise<void> {
  await env.DB.prepare('DELETE FROM sync_cursor').run();
  while (!(await syncSatisfaction(env, Date.now() - 30 * DAY, Date.now(), 5)).done);
  for (let i = 0; i < alarms && (await runDurableObjectAlarm(careRunObject(env))); i++);
}

async function taskFor(ratingId: number, requester: number) {
  const key = `tierwise-care:u${requester}:csat:${ratingId}`;
  const { tickets } = await zendesk('GET', `/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`);
  created.push(...tickets.map((t: { id: number }) => t.id));
  return tickets as Array<{ id: number; type: string; due_at: string; status: string; tags: string[] }>;
}

afterEach(async () => {
  await routeAlerts('');
});

let seededInteraction: { id: number; value: unknown } | null = null;

afterAll(async () => {
  for (const id of created) await zendesk('DELETE', `/api/v2/tickets/${id}.json`).catch(() => undefined);
  // The solved return call was an interaction with its customer: put the seeded date back for the other files.
  if (seededInteraction) {
    await runDurableObjectAlarm(customerObject(env, 'user', seededInteraction.id));
    await zendesk('PUT', `/api/v2/users/${seededInteraction.id}.json`, { user: { user_fields: { last_interaction: seededInteraction.value } } });
  }
});

describe('a bad CSAT rating', () => {
  it('is announced in chat once and becomes one return call due within 24 hours, however often it is pulled', async () => {
    await routeAlerts(`bad_csat -> ${NAMES.slack}\nl1 -> ${NAMES.wecom}`);
    const requester = await userIdByEmail('xiao.lin@example.com');
    const ticket = await createTicket('xiao.lin@example.com');
    const ratedAt = Date.now() - 60_000;
    const ratingId = await rateBad(ticket.id, ratedAt);
    await pullAndPlace();
    await pullAndPlace();
    await deliverAccountAlerts();

    const messages = await received(ticket.id);
    expect(messages.map((m) => [m.platform, m.accepted])).toEqual([['slack', true]]);
    expect(messages[0]!.text).toContain(`Ticket #${ticket.id}: bad satisfaction rating`);
    expect(messages[0]!.text).not.toContain('Nobody called back');
    expect(messages[0]!.text).not.toContain('xiao.lin');

    const tasks = await taskFor(ratingId, requester);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: 'task', tags: expect.arrayContaining(['tierwise_care', 'tierwise_care_csat']) });
    const due = Date.parse(tasks[0]!.due_at);
    expect(due).toBeGreaterThan(ratedAt);
    expect(due).toBeLessThanOrEqual(ratedAt + DAY);
  });

  it('a good rating asks for nothing', async () => {
    await routeAlerts(`all -> ${NAMES.slack}`);
    const ticket = await createTicket('xiao.lin@example.com');
    await admin('POST', '/satisfaction_ratings', { ticket_id: ticket.id, score: 'good' });
    await pullAndPlace();
    await deliverAccountAlerts();
    expect(await received(ticket.id)).toEqual([]);
  });
});

describe('a follow-up gone overdue', () => {
  it('a task still open after its due time is announced once; a solved one leaves the watch quietly', async () => {
    await routeAlerts(`follow_up_overdue -> ${NAMES.feishu}`);
    const requester = await userIdByEmail('xiao.lin@example.com');
    seededInteraction = { id: requester, value: (await zendesk('GET', `/api/v2/users/${requester}.json`)).user.user_fields.last_interaction };
    // Two bad ratings: one two days ago (its return call was due yesterday), one whose call falls due in a few seconds.
    const [late, solved] = [await createTicket('xiao.lin@example.com'), await createTicket('xiao.lin@example.com')];
    const lateRating = await rateBad(late.id, Date.now() - 2 * DAY);
    const solvedRating = await rateBad(solved.id, Date.now() - DAY + 4_000);
    await pullAndPlace(1);
    const [lateTask] = await taskFor(lateRating, requester);
    const [solvedTask] = await taskFor(solvedRating, requester);
    expect(lateTask && solvedTask).toBeTruthy();
    // Done in time: the agent solves it before it falls due.
    await zendesk('PUT', `/api/v2/tickets/${solvedTask!.id}.json`, { ticket: { status: 'solved', comment: { body: 'Called back', public: false } } });
    const watch = async () => (await careRunObject(env).watched()).map((w) => w.ticketId);
    expect(await watch()).toContain(solvedTask!.id);
    await new Promise((r) => setTimeout(r, Date.parse(solvedTask!.due_at) + 1_500 - Date.now()));
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(careRunObject(env));
    await deliverAccountAlerts();

    const messages = await received(lateTask!.id);
    expect(messages.map((m) => [m.platform, m.accepted])).toEqual([['feishu', true]]);
    expect(messages[0]!.text).toContain(`Ticket #${lateTask!.id}: follow-up overdue`);
    expect(await received(solvedTask!.id)).toEqual([]);
    expect(await watch()).not.toContain(solvedTask!.id);
    // The late task stays watched, marked alerted: its follow-up counts when it is done, and it is not alerted again.
    expect((await careRunObject(env).watched()).find((w) => w.ticketId === lateTask!.id)).toMatchObject({ alerted: true });
    for (let i = 0; i < 2; i++) await runDurableObjectAlarm(careRunObject(env));
    await deliverAccountAlerts();
    expect(await received(lateTask!.id)).toHaveLength(1);
  });
});

/**
 * A ticket object's inbox stays small whatever arrives while a run is stuck on a slow Zendesk:
 * queued events merge, and the merged run decides what the events decided one by one.
 */
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:test';
import { readAudit } from '../src/audit.ts';
import type { Inbox } from '../src/ticket/inbox.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import type { ZendeskTicket } from '../src/zendesk/types.ts';
import { admin, createTicket, deliver, getTicket, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

const CORE = 'zhang.wei@example.com';

afterEach(async () => {
  await admin('DELETE', '/faults');
});

async function change(ticketId: number, patch: Record<string, unknown>): Promise<ZendeskTicket> {
  return (await zendesk<{ ticket: ZendeskTicket }>('PUT', `/api/v2/tickets/${ticketId}.json`, { ticket: patch })).ticket;
}

/** The agent's changes to a ticket, and the deliveries Zendesk sends for each (a trigger payload among them). */
async function agentWorksOn(ticket: ZendeskTicket): Promise<unknown[]> {
  const agent = await userIdByEmail('wang.fang@tierwise.test');
  const replied = await change(ticket.id, { assignee_id: agent, status: 'open', comment: { body: 'On it', public: true, author_id: agent } });
  const reply = { ...ticketEvent(replied, 'ticket.comment_added'), event: { comment: { is_public: true, author: { id: String(agent), is_staff: true } } } };
  const aftersale = await change(ticket.id, { tags: [...replied.tags.filter((tag) => tag !== 'scene_presale'), 'scene_aftersale'] });
  const pending = await change(ticket.id, { status: 'pending' });
  return [reply, ticketEvent(aftersale, 'ticket.tags_changed'), { tierwise: 1, ticket: { id: String(ticket.id) } }, ticketEvent(pending, 'ticket.status_changed')];
}

async function outcome(ticketId: number) {
  const ticket = await getTicket(ticketId);
  const { clock, status, queued } = await ticketObject(ticketId).view();
  const audit = await readAudit(env.DB, accountKey(env), ticketId);
  return {
    priority: ticket.priority,
    tags: [...ticket.tags].sort(),
    status,
    queued,
    clock: { tier: clock?.tier, scene: clock?.scene, done: clock?.done, paused: clock?.pausedSince !== null },
    audit: audit.map((row) => `${row.step}:${row.tier}:${row.scene}`).reverse(),
  };
}

async function storedInbox(ticketId: number): Promise<Inbox> {
  return runInDurableObject(ticketObject(ticketId), async (_instance, state) => (await state.storage.get<Inbox>('inbox'))!);
}

describe('the ticket inbox', () => {
  it('events queued while a run is stuck decide what they decide one by one', async () => {
    const oneByOne = await createTicket(CORE, { tags: ['scene_presale'] });
    await deliver(ticketEvent(oneByOne));
    await settle(oneByOne.id);
    for (const payload of await agentWorksOn(oneByOne)) {
      await deliver(payload);
      await settle(oneByOne.id, 20_000);
    }

    const queued = await createTicket(CORE, { tags: ['scene_presale'] });
    await deliver(ticketEvent(queued));
    await settle(queued.id);
    const payloads = await agentWorksOn(queued);
    await admin('POST', '/faults', { latencyMs: 1_500 });
    const answers: string[] = [];
    for (const payload of payloads) answers.push(((await (await deliver(payload)).json()) as { status: string }).status);
    // A redelivery of one of them is still found while the run is stuck.
    answers.push(((await (await deliver(payloads[1], { invocationId: 'redelivered-1' })).json()) as { status: string }).status);
    expect(answers).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'duplicate']);
    const stuck = await storedInbox(queued.id);
    expect((stuck.taken?.merged ?? 1) + (stuck.waiting?.merged ?? 1)).toBe(5);
    await admin('DELETE', '/faults');
    await settle(queued.id, 30_000);

    const expected = await outcome(oneByOne.id);
    expect(expected).toMatchObject({ priority: 'urgent', status: 'pending', queued: 0, clock: { tier: 'core', scene: 'aftersale', paused: true } });
    expect(await outcome(queued.id)).toEqual(expected);
  });

  it('stays small however many events arrive while a run is stuck', async () => {
    const ticket = await createTicket(CORE, { tags: ['scene_presale'] });
    await deliver(ticketEvent(ticket));
    await settle(ticket.id);
    const stub = ticketObject(ticket.id);
    await admin('POST', '/faults', { latencyMs: 2_000 });
    const current = await getTicket(ticket.id);
    const changedAt = Date.parse(current.updated_at);
    await stub.accept({ eventId: 'stuck-first', type: 'trigger', ticketId: ticket.id, changedAt: null, snapshot: null, agentReplied: false });
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const answer = await stub.accept({ eventId: `burst-${i}-${'x'.repeat(150)}`, type: 'ticket.tags_changed', ticketId: ticket.id, changedAt, snapshot: null, agentReplied: i === 7 });
      expect(answer).toBe('accepted');
      if (i % 100 === 99) sizes.push(JSON.stringify(await storedInbox(ticket.id)).length);
    }
    // The 200 ids kept for duplicates (at most 200 characters each) and two merged events.
    expect(Math.max(...sizes)).toBeLessThan(45_000);
    expect(sizes.at(-1)).toBeLessThanOrEqual(sizes[1]! + 200);
    expect((await stub.view()).queued).toBeGreaterThanOrEqual(400);
    expect(await stub.accept({ eventId: `burst-399-${'x'.repeat(150)}`, type: 'ticket.tags_changed', ticketId: ticket.id, changedAt, snapshot: null, agentReplied: false })).toBe('duplicate');
    await admin('DELETE', '/faults');
    await settle(ticket.id, 30_000);
    expect((await stub.view()).queued).toBe(0);
  });
});

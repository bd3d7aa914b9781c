/** A public comment updates the customer's last interaction, at most once a day. */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { customerObject } from '../src/objects.ts';
import { createTicket, deliver, lastRequestSeq, requestsSince, ticketEvent, userIdByEmail, zendesk } from './helpers.ts';

const today = new Date().toISOString().slice(0, 10);
const restore: Array<() => Promise<unknown>> = [];
// The simulator is shared by every worker test file: put the seeded dates back.
afterEach(async () => {
  for (const undo of restore.splice(0)) await undo();
});

function commentEvent(ticket: Parameters<typeof ticketEvent>[0], isPublic: boolean, authorId: number) {
  return { ...ticketEvent(ticket, 'ticket.comment_added'), event: { comment: { id: '1', body: 'Thanks', is_public: isPublic, author: { id: String(authorId), is_staff: false, name: 'x' } } } };
}

describe('last interaction', () => {
  it('a public comment writes today into the organization\'s field once; the next one that day writes nothing', async () => {
    const ticket = await createTicket('michael.brown@example.com');
    const orgId = ticket.organization_id!;
    const before = (await zendesk('GET', `/api/v2/organizations/${orgId}.json`)).organization.organization_fields.last_interaction;
    expect(before).not.toBe(today);
    restore.push(() => zendesk('PUT', `/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { last_interaction: before } } }));

    expect((await deliver(commentEvent(ticket, true, ticket.requester_id!))).status).toBe(202);
    await runDurableObjectAlarm(customerObject(env, 'organization', orgId));
    expect((await zendesk('GET', `/api/v2/organizations/${orgId}.json`)).organization.organization_fields.last_interaction).toBe(today);

    const since = await lastRequestSeq();
    await deliver(commentEvent(ticket, true, await userIdByEmail('wang.fang@tierwise.test')));
    await runDurableObjectAlarm(customerObject(env, 'organization', orgId));
    expect(await requestsSince(since, { path: `/api/v2/organizations/${orgId}.json` })).toEqual([]);
  });

  it('a private note is not an interaction with the customer', async () => {
    const ticket = await createTicket('zhao.min@example.com');
    const before = (await zendesk('GET', `/api/v2/users/${ticket.requester_id}.json`)).user.user_fields.last_interaction;
    restore.push(() => zendesk('PUT', `/api/v2/users/${ticket.requester_id}.json`, { user: { user_fields: { last_interaction: before } } }));
    expect(await customerObject(env, 'user', ticket.requester_id!).recordInteraction({ kind: 'user', id: ticket.requester_id! }, '2000-01-01')).toBe('recorded');
    await runDurableObjectAlarm(customerObject(env, 'user', ticket.requester_id!));
    await deliver(commentEvent(ticket, false, ticket.requester_id!));
    await runDurableObjectAlarm(customerObject(env, 'user', ticket.requester_id!));
    expect((await zendesk('GET', `/api/v2/users/${ticket.requester_id}.json`)).user.user_fields.last_interaction).toBe('2000-01-01');
  });
});

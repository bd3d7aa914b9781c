/**
 * What Zendesk refuses, against the strict simulator: escalation by mode with an assignee who is
 * not a member of the escalation group, an escalation group that does not exist, a change
 * Zendesk refuses for good, and a refused read that is not a deletion. The app settings are
 * changed for this file only (files run one after another; each has its own caches) and put
 * back afterwards.
 */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../src/audit.ts';
import type { TicketClock } from '../src/ticket/ticket-clock.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { clearAccountCaches } from '../src/zendesk/account.ts';
import { admin, createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

const BASIC = 'xiao.lin@example.com';
const H = 3_600_000;

interface Installation {
  id: number;
  settings: Record<string, unknown>;
}

let installation: Installation;

/** Settings this file changed: an installation update merges, so putting back means naming each. */
const changed = new Set<string>();

async function useSettings(settings: Record<string, unknown>): Promise<void> {
  for (const key of Object.keys(settings)) changed.add(key);
  await zendesk('PUT', `/api/v2/apps/installations/${installation.id}.json`, { settings: { ...installation.settings, ...settings } });
  await clearAccountCaches(env);
}

beforeAll(async () => {
  const { installations } = await zendesk<{ installations: Installation[] }>('GET', '/api/v2/apps/installations.json');
  installation = installations.find((i) => /tierwise/i.test(String(i.settings.name ?? i.settings.title ?? '')))!;
});

afterEach(async () => {
  await admin('DELETE', '/faults');
});

afterAll(async () => {
  const original = Object.fromEntries([...changed].map((key) => [key, installation.settings[key] ?? null]));
  await zendesk('PUT', `/api/v2/apps/installations/${installation.id}.json`, { settings: { ...installation.settings, ...original } });
  await clearAccountCaches(env);
});

async function fireAt(ticketId: number, at: number): Promise<void> {
  await runInDurableObject(ticketObject(ticketId), (instance: TicketClock) => {
    instance.now = () => at;
  });
  await runDurableObjectAlarm(ticketObject(ticketId));
}

async function trackedTicket() {
  const ticket = await createTicket(BASIC, { tags: ['scene_presale'] });
  await deliver(ticketEvent(ticket));
  await settle(ticket.id);
  return { ticket, createdAt: Date.parse(ticket.created_at) };
}

async function notes(ticketId: number): Promise<string[]> {
  const { comments } = await zendesk<{ comments: Array<{ body: string; public: boolean }> }>('GET', `/api/v2/tickets/${ticketId}/comments.json`);
  return comments.filter((c) => !c.public).map((c) => c.body);
}

async function needsAttention(): Promise<number> {
  const health = await (await SELF.fetch('https://tierwise.test/health')).json<{ needs_attention: { refused_changes: number; days: number } }>();
  expect(health.needs_attention.days).toBe(7);
  return health.needs_attention.refused_changes;
}

describe('escalating a ticket an agent outside the group holds', () => {
  it('move: the ticket goes to the group, unassigned, and the note names who had it', async () => {
    await useSettings({ escalation_l2_mode: 'move' });
    const { ticket, createdAt } = await trackedTicket();
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'open', comment: { body: 'Looking', public: true, author_id: agent } } });
    await fireAt(ticket.id, createdAt + 48 * H);
    const after = await getTicket(ticket.id);
    const { groups } = await zendesk<{ groups: Array<{ id: number; name: string }> }>('GET', '/api/v2/groups.json');
    expect(after.group_id).toBe(groups.find((g) => g.name === 'Department heads')!.id);
    expect(after.assignee_id).toBeNull();
    expect(after.tags).toContain('tierwise_escalated_l2');
    expect((await notes(ticket.id)).at(-1)).toContain('It was assigned to 王芳 Wang Fang, who is not in Department heads: now unassigned');
    const l2 = (await readAudit(env.DB, accountKey(env), ticket.id)).find((r) => r.step === 'l2')!;
    expect(l2.changes).toContainEqual({ field: 'assignee', from: agent, to: null });
    expect(JSON.stringify(l2)).not.toContain('Wang');
  });
});

describe('an escalation group that does not exist', () => {
  it('the step goes out without the group part, the note says so, and the admin is told', async () => {
    await useSettings({ escalation_l1_group: 'Night shift' });
    const before = await needsAttention();
    const { ticket, createdAt } = await trackedTicket();
    await fireAt(ticket.id, createdAt + 24 * H);
    const after = await getTicket(ticket.id);
    expect(after.tags).toContain('tierwise_escalated_l1');
    expect(after.group_id).toBeNull();
    const note = (await notes(ticket.id)).at(-1)!;
    expect(note).toContain('the group Night shift was not found in Zendesk');
    expect(note).not.toContain('escalated to Night shift');
    const audit = await readAudit(env.DB, accountKey(env), ticket.id);
    expect(audit[0]).toMatchObject({ step: 'refused', reason: { kind: 'refused', step: 'l1', error: 'GroupNotFound' } });
    expect(await needsAttention()).toBe(before + 1);
  });
});

describe('a change Zendesk refuses for good', () => {
  it('is recorded as refused with what Zendesk said, not retried, and the clock goes on', async () => {
    await useSettings({});
    const before = await needsAttention();
    const ticket = await createTicket(BASIC, { tags: ['scene_presale'] });
    // Closed before the worker acts on the creation event: Zendesk refuses any update (422).
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'closed' } });
    const since = await lastRequestSeq();
    await deliver(ticketEvent(ticket));
    await settle(ticket.id, 20_000);
    const puts = await requestsSince(since, { method: 'PUT', path: `/api/v2/tickets/${ticket.id}` });
    expect(puts.map((p) => p.status)).toEqual([422]);
    const audit = await readAudit(env.DB, accountKey(env), ticket.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      step: 'refused',
      reason: { kind: 'refused', step: 'tier', status: 422, error: 'RecordInvalid', description: 'Record validation errors; fields: status' },
      changes: expect.arrayContaining([{ field: 'tags', added: ['tierwise_tier_basic'], removed: [] }]),
    });
    expect(await needsAttention()).toBe(before + 1);
    // Another event about the ticket: the refused change is not tried again.
    await deliver(ticketEvent(await getTicket(ticket.id), 'ticket.status_changed'));
    await settle(ticket.id, 20_000);
    expect(await requestsSince(since, { method: 'PUT', path: `/api/v2/tickets/${ticket.id}` })).toHaveLength(1);
    expect((await ticketObject(ticket.id).view()).failures).toBe(0);
  });
});

describe('a 404 that is not the ticket', () => {
  it('a group that answers 404 ends the run as a refusal; the ticket and its clock stay', async () => {
    await useSettings({ escalation_l1_group: '999999' });
    const { ticket, createdAt } = await trackedTicket();
    await fireAt(ticket.id, createdAt + 24 * H);
    const view = await ticketObject(ticket.id).view();
    expect(view.ticketId).toBe(ticket.id);
    expect(view.clock).not.toBeNull();
    expect(view.failures).toBe(0);
    const audit = await readAudit(env.DB, accountKey(env), ticket.id);
    expect(audit[0]).toMatchObject({ step: 'refused', reason: { kind: 'refused', status: 404 } });
    expect(JSON.stringify(audit[0])).toContain('/memberships');
  });
});

/**
 * The SLA clock inside workerd: the ticket's Durable Object keeps its deadlines, its alarm
 * fires at each one (driven here with runDurableObjectAlarm and an injected clock), and each
 * step is taken exactly once, on fresh data.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit.ts';
import { readAudit } from '../src/audit.ts';
import type { TicketClock } from '../src/ticket/ticket-clock.ts';
import { accountKey } from '../src/zendesk/account-key.ts';
import { admin, createTicket, deliver, getTicket, lastRequestSeq, requestsSince, settle, ticketEvent, ticketObject, userIdByEmail, zendesk } from './helpers.ts';

const BASIC = 'xiao.lin@example.com';
const CORE = 'zhang.wei@example.com';
const MIN = 60_000;
const H = 60 * MIN;

afterEach(async () => {
  await admin('DELETE', '/faults');
});

async function setNow(ticketId: number, at: number): Promise<void> {
  await runInDurableObject(ticketObject(ticketId), (instance: TicketClock) => {
    instance.now = () => at;
  });
}

/** Move the ticket's clock to `at` and fire its alarm, as the runtime would at that time. */
async function fireAt(ticketId: number, at: number): Promise<boolean> {
  await setNow(ticketId, at);
  return runDurableObjectAlarm(ticketObject(ticketId));
}

async function escalationPuts(ticketId: number, since: number) {
  return (await requestsSince(since, { method: 'PUT', path: `/api/v2/tickets/${ticketId}` })).filter((r) => r.status === 200);
}

/** A basic customer's pre-sales ticket, classified, with its clock running. */
async function trackedTicket(requester = BASIC, tags = ['scene_presale']) {
  const ticket = await createTicket(requester, { tags });
  await deliver(ticketEvent(ticket));
  await settle(ticket.id);
  return { ticket, createdAt: Date.parse(ticket.created_at) };
}

describe('the escalation ladder, step by step', () => {
  it('arms the alarm for the at-risk warning at 75% of the target', async () => {
    const { ticket, createdAt } = await trackedTicket();
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 0.75 * H);
  });

  it('takes each step at its time, each once, with group, followers, priority, tags and a note', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const groups = await zendesk<{ groups: Array<{ id: number; name: string }> }>('GET', '/api/v2/groups.json');
    const groupId = (name: string) => groups.groups.find((g) => g.name === name)!.id;

    await fireAt(ticket.id, createdAt + 0.75 * H);
    expect((await getTicket(ticket.id)).tags).toContain('tierwise_sla_at_risk');
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 1 * H);

    await fireAt(ticket.id, createdAt + 1 * H);
    expect((await getTicket(ticket.id)).tags).toContain('tierwise_sla_breached');
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 24 * H);

    await fireAt(ticket.id, createdAt + 24 * H);
    const l1 = await getTicket(ticket.id);
    expect(l1.group_id).toBe(groupId('Supervisors'));
    expect(l1.tags).toContain('tierwise_escalated_l1');
    expect(l1.priority).toBe('low');

    await fireAt(ticket.id, createdAt + 48 * H);
    const l2 = await getTicket(ticket.id);
    // L1 moves (the default), L2 brings the department heads in (the default): the group stays.
    expect(l2.group_id).toBe(groupId('Supervisors'));
    const { ticket: followed } = await zendesk<{ ticket: { follower_ids: number[] } }>('GET', `/api/v2/tickets/${ticket.id}.json`);
    expect(followed.follower_ids).toEqual([await userIdByEmail('chen.jing@tierwise.test')]);
    expect(l2.priority).toBe('urgent');
    expect(l2.tags).toContain('tierwise_escalated_l2');
    expect((await ticketObject(ticket.id).view()).alarmAt).toBeNull();

    const { comments } = await zendesk<{ comments: Array<{ body: string; public: boolean }> }>('GET', `/api/v2/tickets/${ticket.id}/comments.json`);
    const notes = comments.filter((c) => !c.public).map((c) => c.body);
    expect(notes).toHaveLength(4);
    expect(notes[2]).toContain('Not handled 24 h after creation: escalated to Supervisors (L1).');
    expect(notes[3]).toContain('Not solved 48 h (counted from creation or the last reopen, pending time excluded): Department heads brought in as followers (L2), priority urgent.');

    const audit = await readAudit(env.DB, accountKey(env), ticket.id);
    expect(audit.map((r) => r.step).reverse()).toEqual(['tier', 'at_risk', 'breached', 'l1', 'l2']);
    const l1Row = audit.find((r) => r.step === 'l1')!;
    expect(l1Row).toMatchObject({
      tier: 'basic',
      scene: 'presale',
      reason: { kind: 'deadline', step: 'l1', afterMs: 24 * H, from: 'created' },
      changes: [
        { field: 'tags', added: ['tierwise_escalated_l1'], removed: [] },
        { field: 'group', from: null, to: { id: groupId('Supervisors'), name: 'Supervisors' } },
      ],
    });
    expect(audit.find((r) => r.step === 'l2')!.changes).toContainEqual({ field: 'priority', from: 'low', to: 'urgent' });
    expect(audit.find((r) => r.step === 'l2')!.changes).toContainEqual({ field: 'followers', added: [await userIdByEmail('chen.jing@tierwise.test')] });
    expect(audit.find((r) => r.step === 'tier')!.reason).toMatchObject({ kind: 'tier', tier: { rule: expect.any(String) } });
    expect(JSON.stringify(audit)).not.toMatch(/@|Not handled/);
  });

  it('does nothing at the deadline when an agent took the ticket meanwhile', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    // The agent's change reaches Zendesk, but its webhook is lost: the alarm must re-read.
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'open', comment: { body: 'On it', public: true, author_id: agent } } });
    const since = await lastRequestSeq();
    await fireAt(ticket.id, createdAt + 24 * H);
    expect(await escalationPuts(ticket.id, since)).toHaveLength(0);
    expect((await getTicket(ticket.id)).tags).not.toContain('tierwise_escalated_l1');
    // Handled, but not solved: L2 still watches it.
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 48 * H);
  });

  it('solving stops the clock; reopening restarts the L2 step from the reopen', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    await setNow(ticket.id, createdAt + 2 * H);
    const solved = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'solved', comment: { body: 'Fixed', public: true, author_id: agent } } })).ticket;
    await deliver(ticketEvent(solved, 'ticket.status_changed'));
    // The object's clock reads two hours on, so its alarm is fired by hand.
    await runDurableObjectAlarm(ticketObject(ticket.id));
    expect((await ticketObject(ticket.id).view()).alarmAt).toBeNull();

    await setNow(ticket.id, createdAt + 60 * H);
    const reopened = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'open' } })).ticket;
    await deliver(ticketEvent(reopened, 'ticket.status_changed'));
    await runDurableObjectAlarm(ticketObject(ticket.id));
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 108 * H);
  });

  it('a reopened ticket that stays unsolved is escalated to L2 again, once', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const agent = await userIdByEmail('wang.fang@tierwise.test');
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { assignee_id: agent, status: 'open', comment: { body: 'Looking', public: true, author_id: agent } } });
    await fireAt(ticket.id, createdAt + 48 * H);
    // Assigned to an agent outside the department heads: L2 brings them in, the agent keeps it.
    const escalated = await getTicket(ticket.id);
    expect(escalated.tags).toContain('tierwise_escalated_l2');
    expect(escalated.assignee_id).toBe(agent);

    await setNow(ticket.id, createdAt + 50 * H);
    const solved = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'solved' } })).ticket;
    await deliver(ticketEvent(solved, 'ticket.status_changed'));
    await runDurableObjectAlarm(ticketObject(ticket.id));
    await setNow(ticket.id, createdAt + 60 * H);
    const reopened = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { status: 'open' } })).ticket;
    await deliver(ticketEvent(reopened, 'ticket.status_changed'));
    await runDurableObjectAlarm(ticketObject(ticket.id));

    await fireAt(ticket.id, createdAt + 108 * H);
    const { comments } = await zendesk<{ comments: Array<{ body: string; public: boolean }> }>('GET', `/api/v2/tickets/${ticket.id}/comments.json`);
    expect(comments.filter((c) => c.body.includes('(L2)'))).toHaveLength(2);
    expect((await readAudit(env.DB, accountKey(env), ticket.id)).filter((r) => r.step === 'l2')).toHaveLength(2);
  });

  it('a change of scene recomputes the deadlines', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const updated = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags: [...(await getTicket(ticket.id)).tags.filter((t) => t !== 'scene_presale'), 'scene_aftersale'] } })).ticket;
    await deliver(ticketEvent(updated, 'ticket.tags_changed'));
    await settle(ticket.id);
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 3 * H);
  });

  it('a change of requester to a core customer recomputes tier, priority and deadlines', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const core = await userIdByEmail(CORE);
    const updated = (await zendesk<{ ticket: any }>('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { requester_id: core } })).ticket;
    await deliver(ticketEvent(updated, 'ticket.requester_changed'));
    await settle(ticket.id);
    const after = await getTicket(ticket.id);
    expect(after.priority).toBe('high');
    expect(after.tags).toContain('tierwise_tier_core');
    expect(after.tags).not.toContain('tierwise_tier_basic');
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 22.5 * MIN);
  });
});

describe('exactly once, whatever happens', () => {
  it('a duplicate alarm takes no second action', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const since = await lastRequestSeq();
    await fireAt(ticket.id, createdAt + 24 * H);
    await ticketObject(ticket.id).view();
    await runInDurableObject(ticketObject(ticket.id), async (_instance, state) => state.storage.setAlarm(createdAt + 24 * H));
    await runDurableObjectAlarm(ticketObject(ticket.id));
    expect(await escalationPuts(ticket.id, since)).toHaveLength(1);
  });

  it('a webhook racing the alarm does not double the escalation', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const since = await lastRequestSeq();
    await setNow(ticket.id, createdAt + 24 * H);
    const current = await getTicket(ticket.id);
    await Promise.all([runDurableObjectAlarm(ticketObject(ticket.id)), deliver(ticketEvent(current, 'ticket.comment_added'))]);
    // The webhook was kept (not lost in the race); the object's clock reads 24 h on, so fire its alarm by hand.
    expect((await ticketObject(ticket.id).view()).queued).toBeLessThanOrEqual(1);
    await runDurableObjectAlarm(ticketObject(ticket.id));
    expect((await ticketObject(ticket.id).view()).queued).toBe(0);
    const after = await getTicket(ticket.id);
    expect(after.tags.filter((t) => t === 'tierwise_escalated_l1')).toHaveLength(1);
    const { comments } = await zendesk<{ comments: Array<{ body: string; public: boolean }> }>('GET', `/api/v2/tickets/${ticket.id}/comments.json`);
    expect(comments.filter((c) => c.body.includes('(L1)'))).toHaveLength(1);
    expect((await escalationPuts(ticket.id, since)).length).toBeLessThanOrEqual(1);
  });

  it('a step whose PUT landed but was never recorded is recorded, not taken again', async () => {
    const { ticket, createdAt } = await trackedTicket();
    // A run sent the L1 PUT and died before recording it: the change is on the ticket, and
    // the object's write-ahead record still holds it.
    const current = await getTicket(ticket.id);
    const tags = [...current.tags, 'tierwise_sla_at_risk', 'tierwise_sla_breached', 'tierwise_escalated_l1'];
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags } });
    const audit: AuditRow = { ticketId: ticket.id, step: 'l1', tier: 'basic', scene: 'presale', reason: { kind: 'deadline', step: 'l1', afterMs: 24 * H, from: 'created' }, changes: [{ field: 'group', from: null, to: { id: 2, name: 'Supervisors' } }], at: new Date().toISOString(), correlationId: `l1:${createdAt}` };
    await runInDurableObject(ticketObject(ticket.id), async (_instance, state) => {
      const record = (await state.storage.get<Record<string, unknown>>('record'))!;
      await state.storage.put('record', { ...record, inFlight: { change: { tags }, steps: ['at_risk', 'breached', 'l1'], cycle: createdAt, applied: { tier: 'basic', scene: 'presale' }, audit: [audit] } });
    });
    const since = await lastRequestSeq();
    await fireAt(ticket.id, createdAt + 24 * H);
    expect(await escalationPuts(ticket.id, since)).toHaveLength(0);
    const rows = await readAudit(env.DB, accountKey(env), ticket.id);
    expect(rows.filter((r) => r.step === 'l1')).toMatchObject([{ changes: [{ field: 'group', to: { id: 2 } }] }]);
    expect((await ticketObject(ticket.id).view()).alarmAt).toBe(createdAt + 48 * H);
  });

  it('a write-ahead record left by the previous version (old-shape audit rows) is settled, not retried forever', async () => {
    const { ticket, createdAt } = await trackedTicket();
    const current = await getTicket(ticket.id);
    const tags = [...current.tags, 'tierwise_sla_at_risk', 'tierwise_sla_breached', 'tierwise_escalated_l1'];
    await zendesk('PUT', `/api/v2/tickets/${ticket.id}.json`, { ticket: { tags } });
    const legacyRow = { ticketId: ticket.id, step: 'l1', tier: 'basic', scene: 'presale', before: { group_id: null }, after: { group_id: 2 }, reason: 'deadline:l1', at: new Date().toISOString(), correlationId: `l1:${createdAt}` };
    await runInDurableObject(ticketObject(ticket.id), async (_instance, state) => {
      const record = (await state.storage.get<Record<string, unknown>>('record'))!;
      await state.storage.put('record', { ...record, inFlight: { change: { tags }, steps: ['at_risk', 'breached', 'l1'], cycle: createdAt, applied: { tier: 'basic', scene: 'presale' }, audit: [legacyRow] } });
    });
    const since = await lastRequestSeq();
    await fireAt(ticket.id, createdAt + 24 * H);
    const view = await ticketObject(ticket.id).view();
    expect(view).toMatchObject({ failures: 0, alarmAt: createdAt + 48 * H });
    expect(await escalationPuts(ticket.id, since)).toHaveLength(0);
  });

  it('a change that never landed is made again by the next run', async () => {
    const { ticket, createdAt } = await trackedTicket();
    await runInDurableObject(ticketObject(ticket.id), async (_instance, state) => {
      const record = (await state.storage.get<Record<string, unknown>>('record'))!;
      await state.storage.put('record', { ...record, inFlight: { change: { tags: ['tierwise_escalated_l1'] }, steps: ['at_risk', 'breached', 'l1'], cycle: createdAt, applied: { tier: 'basic', scene: 'presale' }, audit: [] } });
    });
    await fireAt(ticket.id, createdAt + 24 * H);
    expect((await getTicket(ticket.id)).tags).toEqual(expect.arrayContaining(['tierwise_escalated_l1', 'tierwise_sla_breached']));
    expect((await readAudit(env.DB, accountKey(env), ticket.id)).filter((r) => r.step === 'l1')).toHaveLength(1);
  });

  it('Zendesk failing during the alarm: the step is retried later and not lost', async () => {
    const { ticket, createdAt } = await trackedTicket();
    await admin('POST', '/faults', { failNext: 4, failStatus: 503 });
    await fireAt(ticket.id, createdAt + 24 * H);
    const failed = await ticketObject(ticket.id).view();
    expect(failed.failures).toBe(1);
    expect(failed.alarmAt).toBeGreaterThan(createdAt + 24 * H);
    expect((await getTicket(ticket.id)).tags).not.toContain('tierwise_escalated_l1');

    await fireAt(ticket.id, failed.alarmAt!);
    const after = await getTicket(ticket.id);
    expect(after.tags).toEqual(expect.arrayContaining(['tierwise_escalated_l1', 'tierwise_sla_breached']));
    expect((await ticketObject(ticket.id).view()).failures).toBe(0);
  });
});

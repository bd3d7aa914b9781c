/**
 * The decision about a ticket, run after run, against a ticket that changes as Zendesk would
 * change it: the escalation ladder, pauses, reopens, the tier priority policy, recovery of a
 * change whose run died, and which inputs a run must load.
 */
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../domain.ts';
import type { TicketChange } from '../plan.ts';
import { DEFAULT_SETTINGS, type Settings } from '../settings.ts';
import type { Step } from '../sla.ts';
import type { CustomerData } from '../tier.ts';
import { decideTicket, groupsNeeded, type TicketDecision } from './decide.ts';
import { NO_GROUPS, type EscalationGroups } from './groups.ts';
import { sawFreshTicket, startRun, type EventFacts } from './inputs.ts';
import { refusalRow } from './audit-rows.ts';
import { changeLandedAt, EMPTY_RECORD, wakeAt, type TicketRecord } from './record.ts';
import type { TicketSnapshot } from './ticket.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
/** Supervisors (20): agent 21; department heads (30): agent 31. */
const GROUPS: EscalationGroups = { l1: { id: 20, name: 'Supervisors' }, l2: { id: 30, name: 'Department heads' }, members: { l1: [21], l2: [31] } };
const BASIC: CustomerData = { organization: { name: 'Small shop', fields: { annual_spend: 1_000 } } };
const CORE: CustomerData = { organization: { name: 'Acme', fields: { annual_spend: 620_000 } } };
const POTENTIAL: CustomerData = { organization: { name: 'Mid', fields: { annual_spend: 150_000 } } };

function newTicket(patch: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return { id: 7, status: 'new', priority: null, tags: ['scene_presale'], requesterId: 100, organizationId: 200, groupId: null, assigneeId: null, createdAt: T0, updatedAt: iso(T0), customFields: [], ...patch };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Zendesk applying a change: the fields it sets, and a new version. */
function applied(ticket: TicketSnapshot, change: TicketChange, at: number): TicketSnapshot {
  const assigneeId = change.assignee_id === null ? null : ticket.assigneeId;
  return { ...ticket, tags: change.tags ?? ticket.tags, priority: change.priority ?? ticket.priority, groupId: change.group_id ?? ticket.groupId, assigneeId, updatedAt: iso(at) };
}

/** A ticket as Tierwise and Zendesk both hold it, moved through runs of the clock. */
class Ticket {
  record: TicketRecord = EMPTY_RECORD;
  decisions: TicketDecision[] = [];
  puts = 0;

  constructor(public ticket: TicketSnapshot, public customer: CustomerData = BASIC, public settings: Settings = DEFAULT_SETTINGS) {}

  /** An agent changes the ticket in Zendesk (its webhook reaches the next run). */
  agent(at: number, patch: Partial<TicketSnapshot>): this {
    this.ticket = { ...this.ticket, ...patch, updatedAt: iso(at) };
    return this;
  }

  /** One run of the ticket's clock at `now`, processing `events` (by default: one event carrying the ticket). */
  run(now: number, events: EventFacts[] = [{ snapshot: this.ticket, agentReplied: false }]): TicketDecision {
    const start = startRun(this.record, events, this.settings, now);
    const record = start.readTicket ? sawFreshTicket(start.record, this.ticket, null, now) : start.record;
    const ticket = start.readTicket ? this.ticket : start.snapshot!;
    const input = { ticket, customer: this.customer, settings: this.settings, record, checkSteps: start.checkSteps, now };
    const decision = decideTicket({ ...input, groups: groupsNeeded(input) ? GROUPS : NO_GROUPS });
    this.decisions.push(decision);
    if (decision.change) {
      this.puts += 1;
      this.ticket = applied(this.ticket, decision.change, now);
      this.record = changeLandedAt(decision.record, this.ticket.updatedAt);
    } else {
      this.record = decision.record;
    }
    return decision;
  }

  /** Run at each deadline the decision asks to wake at, up to `until`; the steps each run took. */
  runAlarms(until: number): Array<{ at: number; steps: Step[] }> {
    const taken: Array<{ at: number; steps: Step[] }> = [];
    for (let at = this.decisions.at(-1)?.wakeAt ?? null; at !== null && at <= until; at = this.decisions.at(-1)!.wakeAt) {
      const decision = this.run(at, []);
      taken.push({ at: (at - T0) / H, steps: decision.steps });
    }
    return taken;
  }
}

describe('the escalation ladder, run by run', () => {
  it('takes each step at its time, each once, and then has nothing left to watch', () => {
    const t = new Ticket(newTicket());
    expect(t.run(T0)).toMatchObject({ steps: [], wakeAt: T0 + 0.75 * H });
    expect(t.runAlarms(T0 + 100 * H)).toEqual([
      { at: 0.75, steps: ['at_risk'] },
      { at: 1, steps: ['breached'] },
      { at: 24, steps: ['l1'] },
      { at: 48, steps: ['l2'] },
    ]);
    expect(t.decisions.at(-1)!.wakeAt).toBeNull();
    // L1 moved the ticket to the supervisors; L2 brought the department heads in (the defaults).
    expect(t.ticket).toMatchObject({ groupId: 20, priority: 'urgent' });
    expect(t.decisions.find((d) => d.steps.includes('l2'))!.change!.followers).toEqual([{ user_id: 31, action: 'put' }]);
    expect(t.ticket.tags).toEqual(['scene_presale', 'tierwise_tier_basic', 'tierwise_sla_at_risk', 'tierwise_sla_breached', 'tierwise_escalated_l1', 'tierwise_escalated_l2']);
    // Running again at the same time changes nothing: no step twice, no call.
    expect(t.run(T0 + 48 * H, [])).toMatchObject({ change: null, steps: [], writeAhead: null, audit: [] });
    expect(t.puts).toBe(5);
  });

  it.each<[string, CustomerData, string[], number]>([
    ['basic, pre-sales: warned at 45 min', BASIC, ['scene_presale'], 0.75],
    ['core, pre-sales: half the target, warned at 22.5 min', CORE, ['scene_presale'], 0.375],
    ['basic, after-sales: 4 h target, warned at 3 h', BASIC, ['scene_aftersale'], 3],
    ['core, in-sales: 1 h target, warned at 45 min', CORE, ['scene_insale'], 0.75],
  ])('%s', (_name, customer, tags, warnAfterHours) => {
    expect(new Ticket(newTicket({ tags }), customer).run(T0).wakeAt).toBe(T0 + warnAfterHours * H);
  });

  it('takes every overdue step together, in one change, when it first looks late', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const late = t.run(T0 + 50 * H, []);
    expect(late.steps).toEqual(['at_risk', 'breached', 'l1', 'l2']);
    expect(late.change).toMatchObject({ group_id: 20, priority: 'urgent', followers: [{ user_id: 31, action: 'put' }] });
    expect(late.change!.comment!.body.split('\n')).toHaveLength(5);
    expect(late.audit.map((r) => r.step)).toEqual(['at_risk', 'breached', 'l1', 'l2']);
    expect(t.puts).toBe(2);
  });

  it.each<[string, Partial<TicketSnapshot>, boolean, Step[], Step[]]>([
    ['assigned and open: handled, so no L1; L2 still', { assigneeId: 5, status: 'open' }, false, ['at_risk', 'breached'], ['l2']],
    ['replied to: first response met, no L1; L2 still', { status: 'open' }, true, [], ['l2']],
    ['solved: nothing at all', { assigneeId: 5, status: 'solved' }, false, [], []],
    ['pending: L1 still, L2 waits', { status: 'pending' }, false, ['at_risk', 'breached'], ['l1']],
  ])('a ticket %s', (_name, patch, agentReplied, at10h, at48h) => {
    const t = new Ticket(newTicket());
    t.run(T0);
    t.agent(T0 + 10 * H, patch);
    expect(t.run(T0 + 10 * H, [{ snapshot: t.ticket, agentReplied }]).steps).toEqual(at10h);
    expect(t.run(T0 + 48 * H, []).steps).toEqual(at48h);
  });

  it('only looks for steps once a deadline passed, and then on the ticket as it is now', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    expect(startRun(t.record, [{ snapshot: t.ticket, agentReplied: false }], DEFAULT_SETTINGS, T0 + 0.5 * H)).toMatchObject({ checkSteps: false, readTicket: null });
    expect(startRun(t.record, [{ snapshot: t.ticket, agentReplied: false }], DEFAULT_SETTINGS, T0 + 0.75 * H)).toMatchObject({ checkSteps: true, readTicket: 'deadline-passed' });
  });
});

describe('pending, solved and reopened', () => {
  it('pending pauses the L2 clock: ten hours pending move L2 ten hours later', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    t.agent(T0 + 2 * H, { status: 'open', assigneeId: 5 }).run(T0 + 2 * H, [{ snapshot: t.ticket, agentReplied: true }]);
    t.agent(T0 + 10 * H, { status: 'pending' }).run(T0 + 10 * H);
    expect(t.decisions.at(-1)!.wakeAt).toBeNull();
    t.agent(T0 + 20 * H, { status: 'open' }).run(T0 + 20 * H);
    expect(t.decisions.at(-1)!.wakeAt).toBe(T0 + 58 * H);
    expect(t.runAlarms(T0 + 100 * H)).toEqual([{ at: 58, steps: ['l2'] }]);
  });

  it('reopening a solved ticket starts a new L2 cycle: L2 again from the reopen, once, with its own audit row', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    t.agent(T0 + 2 * H, { status: 'open', assigneeId: 5 }).run(T0 + 2 * H, [{ snapshot: t.ticket, agentReplied: true }]);
    expect(t.runAlarms(T0 + 48 * H)).toEqual([{ at: 48, steps: ['l2'] }]);
    const firstL2 = t.decisions.at(-1)!.audit.find((r) => r.step === 'l2')!;
    t.agent(T0 + 50 * H, { status: 'solved' }).run(T0 + 50 * H);
    expect(t.decisions.at(-1)!.wakeAt).toBeNull();
    t.agent(T0 + 60 * H, { status: 'open' }).run(T0 + 60 * H);
    expect(t.decisions.at(-1)!.wakeAt).toBe(T0 + 108 * H);
    expect(t.runAlarms(T0 + 200 * H)).toEqual([{ at: 108, steps: ['l2'] }]);
    const secondL2 = t.decisions.at(-1)!.audit.find((r) => r.step === 'l2')!;
    expect(secondL2.correlationId).not.toBe(firstL2.correlationId);
    expect(secondL2.reason).toEqual({ kind: 'deadline', step: 'l2', afterMs: 48 * H, from: 'cycle' });
    expect(t.decisions.at(-1)!.facts).toMatchObject({ solvedAt: T0 + 50 * H, reopenedAt: T0 + 60 * H, firstReplied: true, firstReplySeenAt: T0 + 2 * H });
    expect(t.decisions.at(-1)!.facts.steps).toEqual([{ step: 'l2', at: T0 + 48 * H }, { step: 'l2', at: T0 + 108 * H }]);
  });
});

describe('deliveries out of order', () => {
  it('an older version delivered after the ticket was seen solved is no reopen: the ticket as it is now decides', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const openVersion = t.agent(T0 + 2 * H, { status: 'open', assigneeId: 5 }).ticket;
    t.run(T0 + 2 * H, [{ snapshot: openVersion, agentReplied: true }]);
    t.agent(T0 + 3 * H, { status: 'solved' }).run(T0 + 3 * H);
    // The open version's webhook, retried by Zendesk, arrives a minute after the solve.
    const start = startRun(t.record, [{ snapshot: openVersion, agentReplied: false }], DEFAULT_SETTINGS, T0 + 3 * H + 60_000);
    expect(start).toMatchObject({ readTicket: 'stale-snapshot', record: { status: 'solved', reopenedAt: null } });
    const late = t.run(T0 + 3 * H + 60_000, [{ snapshot: openVersion, agentReplied: false }]);
    expect(late).toMatchObject({ change: null, wakeAt: null, facts: { solvedAt: T0 + 3 * H, reopenedAt: null } });
  });
});

describe('the tier priority: raise-only, applied once', () => {
  it.each<[string, CustomerData, TicketSnapshot['priority'], TicketChange['priority'] | undefined]>([
    ['core, no priority: raised to high', CORE, null, 'high'],
    ['core, low: raised to high', CORE, 'low', 'high'],
    ['potential, urgent set by an agent: kept', POTENTIAL, 'urgent', undefined],
    ['basic, normal: kept (low would lower it)', BASIC, 'normal', undefined],
  ])('%s', (_name, customer, priority, expected) => {
    const decision = new Ticket(newTicket({ priority }), customer).run(T0);
    expect(decision.change?.priority).toBe(expected);
    expect(decision.record.applied).toEqual({ tier: decision.tier.tier, scene: 'presale' });
  });

  it('an agent who lowers the priority afterwards is not overruled; a new tier applies its own', () => {
    const t = new Ticket(newTicket(), CORE);
    expect(t.run(T0).change).toMatchObject({ priority: 'high', tags: ['scene_presale', 'tierwise_tier_core'] });
    expect(t.agent(T0 + 60_000, { priority: 'low' }).run(T0 + 60_000).change).toBeNull();
    t.customer = BASIC;
    expect(t.agent(T0 + 120_000, { priority: 'low' }).run(T0 + 120_000).change).toEqual({ tags: ['scene_presale', 'tierwise_tier_basic'] });
    t.customer = CORE;
    expect(t.agent(T0 + 180_000, {}).run(T0 + 180_000).change).toMatchObject({ priority: 'high', tags: ['scene_presale', 'tierwise_tier_core'] });
  });

  it('counts the tier priority as applied only once the ticket has it', () => {
    const t = new Ticket(newTicket(), CORE);
    const first = t.run(T0);
    // Zendesk kept the tags but an agent lowered the priority before the next event: still applied (it landed).
    expect(first.record.applied).toEqual({ tier: 'core', scene: 'presale' });
    // A decision whose change is not made (refused, say) leaves the tier unapplied in `unchanged`.
    expect(first.unchanged.applied).toBeNull();
  });
});

describe('no change, no call', () => {
  it('a ticket that already agrees with Tierwise gets no change, no write-ahead and no audit row', () => {
    const t = new Ticket(newTicket(), CORE);
    t.run(T0);
    const again = t.run(T0 + 60_000);
    expect(again).toMatchObject({ change: null, writeAhead: null, audit: [], recovered: [] });
  });
});

describe('a change whose run died after the PUT', () => {
  function diedAfterPut(landed: boolean) {
    const t = new Ticket(newTicket());
    t.run(T0);
    const input = { ticket: t.ticket, customer: BASIC, settings: DEFAULT_SETTINGS, record: t.record, checkSteps: true, now: T0 + 24 * H };
    const decision = decideTicket({ ...input, groups: GROUPS });
    // The write-ahead record is stored, the PUT is sent, and the run dies.
    if (landed) t.ticket = applied(t.ticket, decision.change!, T0 + 24 * H);
    t.record = decision.writeAhead!;
    return { t, decision };
  }

  it('is recorded, not made again, when the ticket shows it landed', () => {
    const { t, decision } = diedAfterPut(true);
    const start = startRun(t.record, [], DEFAULT_SETTINGS, T0 + 25 * H);
    expect(start.readTicket).toBe('no-snapshot');
    const next = t.run(T0 + 25 * H, []);
    expect(next.change).toBeNull();
    expect(next.recovered).toEqual(decision.audit);
    expect(next.record.clock!.done).toEqual(['at_risk', 'breached', 'l1']);
    expect(next.record.inFlight).toBeNull();
    expect(next.wakeAt).toBe(T0 + 48 * H);
    expect(t.puts).toBe(1);
  });

  it('is made again, once, when it never landed', () => {
    const { t } = diedAfterPut(false);
    const next = t.run(T0 + 25 * H, []);
    expect(next.recovered).toEqual([]);
    expect(next.steps).toEqual(['at_risk', 'breached', 'l1']);
    expect(next.change).toMatchObject({ group_id: 20 });
    expect(t.run(T0 + 26 * H, []).change).toBeNull();
  });

  it('asks for a fresh read of the ticket even when an event carried it', () => {
    const t = new Ticket(newTicket(), CORE);
    const first = decideTicket({ ticket: t.ticket, customer: CORE, settings: DEFAULT_SETTINGS, record: EMPTY_RECORD, checkSteps: false, groups: NO_GROUPS, now: T0 });
    expect(startRun(first.writeAhead!, [{ snapshot: t.ticket, agentReplied: false }], DEFAULT_SETTINGS, T0 + 60_000).readTicket).toBe('in-flight');
  });
});

describe('the audit rows: data, not sentences', () => {
  it('one row for the tier part and one per step, each with what it changed and why', () => {
    const t = new Ticket(newTicket({ groupId: 99 }));
    const tier = t.run(T0);
    expect(tier.audit).toEqual([
      {
        ticketId: 7, step: 'tier', tier: 'basic', scene: 'presale', at: iso(T0), correlationId: `tier:${iso(T0)}`,
        reason: { kind: 'tier', tier: { rule: 'below_thresholds', source: 'organization', name: 'Small shop', readings: [{ metric: 'annual_spend', value: 1_000, threshold: 100_000 }] } },
        changes: [{ field: 'priority', from: null, to: 'low' }, { field: 'tags', added: ['tierwise_tier_basic'], removed: [] }],
      },
    ]);
    const late = t.run(T0 + 48 * H, []);
    const l1 = late.audit.find((r) => r.step === 'l1')!;
    const l2 = late.audit.find((r) => r.step === 'l2')!;
    expect(l1.changes).toEqual([
      { field: 'tags', added: ['tierwise_escalated_l1'], removed: [] },
      { field: 'group', from: { id: 99, name: null }, to: { id: 20, name: 'Supervisors' } },
    ]);
    expect(l1.reason).toEqual({ kind: 'deadline', step: 'l1', afterMs: 24 * H, from: 'created' });
    expect(l2.changes).toEqual([
      { field: 'tags', added: ['tierwise_escalated_l2'], removed: [] },
      { field: 'followers', added: [31] },
      { field: 'priority', from: 'low', to: 'urgent' },
    ]);
    expect(late.audit.find((r) => r.step === 'at_risk')!.reason).toEqual({ kind: 'deadline', step: 'at_risk', afterMs: 0.75 * H, from: 'created' });
  });
});

describe('escalating a ticket someone holds', () => {
  const moveBoth = { ...DEFAULT_SETTINGS, escalation_l2_mode: 'move' as const };
  const l2Due = (assigneeId: number, settings: Settings) => {
    const t = new Ticket(newTicket({ status: 'open', assigneeId, groupId: 10 }), BASIC, settings);
    t.run(T0, [{ snapshot: t.ticket, agentReplied: true }]);
    const input = { ticket: t.ticket, customer: BASIC, settings, record: t.record, checkSteps: true, now: T0 + 48 * H };
    return decideTicket({ ...input, groups: { ...GROUPS, assigneeName: 'Wang Fang' } });
  };

  it('bring_in (the L2 default) keeps group and assignee and adds the group as followers', () => {
    const decision = l2Due(5, DEFAULT_SETTINGS);
    expect(decision.steps).toEqual(['l2']);
    expect(decision.change).toMatchObject({ followers: [{ user_id: 31, action: 'put' }], priority: 'urgent' });
    expect(decision.change).not.toHaveProperty('group_id');
    expect(decision.change).not.toHaveProperty('assignee_id');
    expect(decision.change!.comment!.body).toContain('Department heads brought in as followers (L2)');
  });

  it('bring_in does not make the assignee a follower of their own ticket', () => {
    expect(l2Due(31, DEFAULT_SETTINGS).change).not.toHaveProperty('followers');
  });

  it('move keeps an assignee who is a member of the group', () => {
    const decision = l2Due(31, moveBoth);
    expect(decision.change).toMatchObject({ group_id: 30 });
    expect(decision.change).not.toHaveProperty('assignee_id');
  });

  it('move unassigns an assignee who is not a member, and the note and the audit say who had it', () => {
    const decision = l2Due(5, moveBoth);
    expect(decision.change).toMatchObject({ group_id: 30, assignee_id: null });
    expect(decision.change!.comment!.body).toContain('It was assigned to Wang Fang, who is not in Department heads: now unassigned');
    expect(decision.audit.find((r) => r.step === 'l2')!.changes).toContainEqual({ field: 'assignee', from: 5, to: null });
    expect(JSON.stringify(decision.audit)).not.toContain('Wang Fang');
  });
});

describe('a change Zendesk refused for good', () => {
  it('counts its steps as attempted (not retried, not taken), keeps the clock for later steps, and says what Zendesk said', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const input = { ticket: t.ticket, customer: BASIC, settings: DEFAULT_SETTINGS, record: t.record, checkSteps: true, now: T0 + 24 * H };
    const decision = decideTicket({ ...input, groups: GROUPS });
    expect(decision.refused.inFlight).toBeNull();
    expect(decision.refused.clock!.done).toEqual(['at_risk', 'breached', 'l1']);
    expect(decision.refused.taken).toEqual(t.record.taken);
    expect(wakeAt(decision.refused, DEFAULT_SETTINGS)).toBe(T0 + 48 * H);
    const row = refusalRow(decision.audit, decision.steps, { status: 422, error: 'RecordInvalid', description: 'Record validation errors; fields: status' }, T0 + 24 * H, decision.refused.clock!.cycleStartedAt);
    expect(row).toMatchObject({
      step: 'refused',
      reason: { kind: 'refused', step: 'l1', status: 422, error: 'RecordInvalid', description: 'Record validation errors; fields: status' },
      changes: expect.arrayContaining([{ field: 'group', from: null, to: { id: 20, name: 'Supervisors' } }]),
    });
    // After the refusal, the next run at the same time plans nothing again.
    t.record = decision.refused;
    expect(t.run(T0 + 24 * H + 1, []).change).toBeNull();
  });
});

describe('which inputs a run must load', () => {
  const settings = DEFAULT_SETTINGS;
  const ticket = newTicket();
  it.each<[string, TicketRecord, EventFacts[], number, string | null]>([
    ['a webhook carrying the ticket, nothing due: none', EMPTY_RECORD, [{ snapshot: ticket, agentReplied: false }], T0, null],
    ['a trigger payload without the ticket', EMPTY_RECORD, [{ snapshot: null, agentReplied: false }], T0, 'no-snapshot'],
    ['one of several events without the ticket', EMPTY_RECORD, [{ snapshot: ticket, agentReplied: false }, { snapshot: null, agentReplied: false }], T0, 'no-snapshot'],
    ['the alarm (no event)', EMPTY_RECORD, [], T0, 'no-snapshot'],
  ])('%s', (_name, record, events, now, reason) => {
    expect(startRun(record, events, settings, now).readTicket).toBe(reason);
  });

  it('reads the customer afresh when an event says its data changed', () => {
    expect(startRun(EMPTY_RECORD, [{ snapshot: ticket, agentReplied: false, refreshCustomer: true }], settings, T0).freshCustomer).toBe(true);
  });

  it.each<[string, number, boolean]>([
    ['no deadline passed', T0 + 1 * H, false],
    ['only first-response steps due', T0 + 2 * H, false],
    ['L1 due', T0 + 24 * H, true],
  ])('needs the escalation groups only for an escalation step: %s', (_name, now, needed) => {
    const t = new Ticket(newTicket());
    t.run(T0);
    expect(groupsNeeded({ ticket: t.ticket, customer: BASIC, settings, record: t.record, checkSteps: true, now })).toBe(needed);
  });

  it('escalates without the group part when the group could not be found, says so in the note, and tells the admin', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const decision = decideTicket({ ticket: t.ticket, customer: BASIC, settings, record: t.record, checkSteps: true, groups: NO_GROUPS, now: T0 + 24 * H });
    expect(decision.steps).toContain('l1');
    expect(decision.change!.group_id).toBeUndefined();
    expect(decision.change!.comment!.body).toContain('the group Supervisors was not found in Zendesk');
    expect(decision.change!.comment!.body).not.toContain('escalated to Supervisors');
    expect(decision.audit.at(-1)).toMatchObject({
      step: 'refused',
      reason: { kind: 'refused', step: 'l1', status: 404, error: 'GroupNotFound', description: 'no Zendesk group named "Supervisors" (setting escalation_l1_group)' },
    });
  });

  it('never changes the record it is given', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const before = structuredClone(t.record);
    const frozen = t.record;
    decideTicket({ ticket: t.ticket, customer: BASIC, settings, record: frozen, checkSteps: true, groups: GROUPS, now: T0 + 50 * H });
    startRun(frozen, [{ snapshot: { ...t.ticket, status: 'pending' as TicketStatus }, agentReplied: true }], settings, T0 + 50 * H);
    expect(frozen).toEqual(before);
  });
});

describe('a ticket whose stored state is gone (deleted and restored)', () => {
  it('takes no step again that its tags say was taken; only the steps still to come', () => {
    const t = new Ticket(newTicket());
    t.run(T0);
    const escalated = t.run(T0 + 24 * H);
    expect(escalated.steps).toEqual(['at_risk', 'breached', 'l1']);
    // Deleted: Tierwise forgot the ticket. Restored: a fresh record, the ticket as Zendesk kept it.
    t.record = EMPTY_RECORD;
    const restored = t.run(T0 + 25 * H, [{ snapshot: t.ticket, agentReplied: false }]);
    expect(restored.steps).toEqual([]);
    expect(restored.change).toBeNull();
    expect(restored.record.clock!.done).toEqual(['at_risk', 'breached', 'l1']);
    expect(restored.wakeAt).toBe(T0 + 48 * H);
    expect(t.run(T0 + 48 * H).steps).toEqual(['l2']);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deadlines, dueSteps, firstResponseClockRuns, firstResponseTargetMs, nextDeadline, onStatusChange, startClock, type Step } from './sla.ts';
import { tagVocabulary } from './tags.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const untouched = { status: 'new' as const, assigneeId: null, agentReplies: 0 };

describe('targets', () => {
  it('gives each scene its target and core customers 50% less', () => {
    expect(firstResponseTargetMs('basic', 'presale', DEFAULT_SETTINGS)).toBe(1 * H);
    expect(firstResponseTargetMs('potential', 'insale', DEFAULT_SETTINGS)).toBe(2 * H);
    expect(firstResponseTargetMs('basic', 'aftersale', DEFAULT_SETTINGS)).toBe(4 * H);
    expect(firstResponseTargetMs('core', 'aftersale', DEFAULT_SETTINGS)).toBe(2 * H);
  });

  it('warns at 75% of the target and escalates at 24 h and 48 h', () => {
    expect(deadlines(startClock('core', 'presale', T0), DEFAULT_SETTINGS)).toEqual({ firstResponse: T0 + 0.5 * H, atRisk: T0 + 0.375 * H, l1: T0 + 24 * H, l2: T0 + 48 * H });
  });
});

describe('the ladder', () => {
  const clock = startClock('basic', 'presale', T0);

  it('takes each step at its time, in order', () => {
    expect(nextDeadline(clock, untouched, DEFAULT_SETTINGS)).toBe(T0 + 0.75 * H);
    expect(dueSteps(clock, untouched, DEFAULT_SETTINGS, T0 + 0.75 * H - 1)).toEqual([]);
    expect(dueSteps(clock, untouched, DEFAULT_SETTINGS, T0 + 0.75 * H)).toEqual(['at_risk']);
    expect(dueSteps({ ...clock, done: ['at_risk', 'breached'] }, untouched, DEFAULT_SETTINGS, T0 + 24 * H)).toEqual(['l1']);
    expect(dueSteps({ ...clock, done: ['at_risk', 'breached', 'l1'] }, untouched, DEFAULT_SETTINGS, T0 + 48 * H)).toEqual(['l2']);
    expect(nextDeadline({ ...clock, done: ['at_risk', 'breached', 'l1', 'l2'] }, untouched, DEFAULT_SETTINGS)).toBeNull();
  });

  it('takes every overdue step at once for a ticket found late', () => {
    expect(dueSteps(clock, untouched, DEFAULT_SETTINGS, T0 + 50 * H)).toEqual(['at_risk', 'breached', 'l1', 'l2']);
  });

  it('never steps back down: an L2 move that unassigned the ticket does not bring L1 back', () => {
    // Assigned and open at 24 h (handled: no L1); L2 at 48 h moved it and unassigned the agent.
    const afterL2 = { ...clock, done: ['at_risk', 'breached', 'l2'] as Step[] };
    const unassigned = { status: 'open' as const, assigneeId: null, agentReplies: 0 };
    expect(dueSteps(afterL2, unassigned, DEFAULT_SETTINGS, T0 + 49 * H)).toEqual([]);
    expect(nextDeadline(afterL2, unassigned, DEFAULT_SETTINGS)).toBeNull();
  });

  it('does not escalate L1 once an agent took the ticket, but L2 still watches it', () => {
    const taken = { status: 'open' as const, assigneeId: 5, agentReplies: 0 };
    expect(dueSteps({ ...clock, done: ['at_risk', 'breached'] }, taken, DEFAULT_SETTINGS, T0 + 30 * H)).toEqual([]);
    expect(nextDeadline({ ...clock, done: ['at_risk', 'breached'] }, taken, DEFAULT_SETTINGS)).toBe(T0 + 48 * H);
  });

  it('an agent reply stops the first-response warnings', () => {
    expect(dueSteps(clock, { status: 'open', assigneeId: null, agentReplies: 1 }, DEFAULT_SETTINGS, T0 + 2 * H)).toEqual([]);
  });

  it('solving stops every clock', () => {
    const solved = { status: 'solved' as const, assigneeId: 5, agentReplies: 1 };
    expect(dueSteps(clock, solved, DEFAULT_SETTINGS, T0 + 100 * H)).toEqual([]);
    expect(nextDeadline(clock, solved, DEFAULT_SETTINGS)).toBeNull();
  });

  it('pending pauses the L2 clock and leaving pending resumes it, later by the pause', () => {
    const handled = { ...clock, done: ['at_risk' as const, 'breached' as const] };
    const paused = onStatusChange(handled, 'open', 'pending', T0 + 10 * H);
    expect(deadlines(paused, DEFAULT_SETTINGS).l2).toBeNull();
    expect(nextDeadline(paused, { status: 'pending', assigneeId: 5, agentReplies: 1 }, DEFAULT_SETTINGS)).toBeNull();
    const resumed = onStatusChange(paused, 'pending', 'open', T0 + 16 * H);
    expect(deadlines(resumed, DEFAULT_SETTINGS).l2).toBe(T0 + 54 * H);
  });

  it('on-hold does not pause: the customer is still waiting', () => {
    const held = onStatusChange(clock, 'open', 'hold', T0 + 10 * H);
    expect(deadlines(held, DEFAULT_SETTINGS).l2).toBe(T0 + 48 * H);
  });

  it('reopening a solved ticket restarts the L2 clock from the reopen', () => {
    const done = { ...clock, done: ['at_risk' as const, 'breached' as const, 'l2' as const] };
    const reopened = onStatusChange(done, 'solved', 'open', T0 + 60 * H);
    expect(reopened.done).toEqual(['at_risk', 'breached']);
    expect(deadlines(reopened, DEFAULT_SETTINGS).l2).toBe(T0 + 108 * H);
  });
});

describe('the vocabulary', () => {
  it.each([
    ['new, no reply', { status: 'new' as const, agentReplies: 0 }, true],
    ['on hold, no reply', { status: 'hold' as const, agentReplies: 0 }, true],
    ['pending, no reply: pending does not pause it', { status: 'pending' as const, agentReplies: 0 }, true],
    ['replied', { status: 'open' as const, agentReplies: 1 }, false],
    ['solved', { status: 'solved' as const, agentReplies: 0 }, false],
  ])('the first-response clock runs: %s', (_name, progress, runs) => {
    expect(firstResponseClockRuns(progress)).toBe(runs);
  });

  it('a clock first seen pending starts paused from when it was seen', () => {
    expect(startClock('basic', 'presale', T0, 'pending', T0 + H)).toMatchObject({ createdAt: T0, cycleStartedAt: T0, pausedSince: T0 + H });
    expect(deadlines(startClock('basic', 'presale', T0, 'pending', T0 + H), DEFAULT_SETTINGS).l2).toBeNull();
  });

  it('each step has its tag', () => {
    const vocabulary = tagVocabulary('acme');
    expect(['at_risk', 'breached', 'l1', 'l2'].map((s) => vocabulary.stepTag(s as 'l1'))).toEqual(['acme_sla_at_risk', 'acme_sla_breached', 'acme_escalated_l1', 'acme_escalated_l2']);
  });
});

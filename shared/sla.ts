/**
 * Response targets and the escalation ladder (docs/rules.md#scenes-and-response-targets, #handled-solved-and-escalation), as pure functions of a
 * ticket's clock and the current time.
 *
 * Clock rules (like Zendesk SLA policies):
 * - The first-response target (and its at-risk warning) runs from creation until the first
 *   public agent reply, in calendar time; pending and on-hold do not pause it.
 * - L1 fires when the ticket is still not handled (not assigned-and-open, and no agent reply).
 * - L2 fires when the ticket is still not solved. Its clock measures the customer's wait:
 *   it pauses while the ticket is pending (waiting for the customer), keeps running on hold
 *   (waiting on a third party: the customer still waits), and restarts when a solved ticket
 *   is reopened.
 * - Solved and closed tickets stop every clock.
 */
import { isSolved, type Scene, type Tier, type TicketStatus } from './domain.ts';
import type { Settings } from './settings.ts';

export const STEPS = ['at_risk', 'breached', 'l1', 'l2'] as const;
export type Step = (typeof STEPS)[number];

const HOUR = 3_600_000;

/** A ticket's SLA clock: what its deadlines are counted from, and the steps taken in this cycle. */
export interface SlaClock {
  tier: Tier;
  scene: Scene;
  /** ms since epoch */
  createdAt: number;
  /** Start of the current resolution cycle: creation, or the last reopen. */
  cycleStartedAt: number;
  /** Time spent pending in the current cycle, not counting an ongoing pause. */
  pausedMs: number;
  pausedSince: number | null;
  done: Step[];
}

/** What the ladder needs to know about a ticket right now. */
export interface TicketProgress {
  status: TicketStatus;
  assigneeId: number | null;
  /** Public replies by agents so far (Zendesk ticket metrics `replies`). */
  agentReplies: number;
}

export interface Deadlines {
  firstResponse: number;
  atRisk: number;
  l1: number;
  /** null while paused (pending). */
  l2: number | null;
}

export function firstResponseTargetMs(tier: Tier, scene: Scene, settings: Settings): number {
  const hours = { presale: settings.sla_presale_hours, insale: settings.sla_insale_hours, aftersale: settings.sla_aftersale_hours }[scene];
  const factor = { core: settings.sla_factor_core, potential: settings.sla_factor_potential, basic: settings.sla_factor_basic }[tier];
  return Math.round(hours * factor * HOUR);
}

/**
 * When a step's deadline falls: `afterMs` counted from the ticket's creation (first response,
 * L1) or from the start of its resolution cycle, pending time excluded (L2).
 */
export function stepDelay(step: Step, tier: Tier, scene: Scene, settings: Settings): { afterMs: number; from: 'created' | 'cycle' } {
  switch (step) {
    case 'at_risk':
      return { afterMs: Math.round(firstResponseTargetMs(tier, scene, settings) * settings.sla_warning_share), from: 'created' };
    case 'breached':
      return { afterMs: firstResponseTargetMs(tier, scene, settings), from: 'created' };
    case 'l1':
      return { afterMs: Math.round(settings.escalation_l1_hours * HOUR), from: 'created' };
    case 'l2':
      return { afterMs: Math.round(settings.escalation_l2_hours * HOUR), from: 'cycle' };
  }
}

export function deadlines(clock: SlaClock, settings: Settings): Deadlines {
  const at = (step: Step) => clock.createdAt + stepDelay(step, clock.tier, clock.scene, settings).afterMs;
  return {
    firstResponse: at('breached'),
    atRisk: at('at_risk'),
    l1: at('l1'),
    l2: clock.pausedSince === null ? clock.cycleStartedAt + stepDelay('l2', clock.tier, clock.scene, settings).afterMs + clock.pausedMs : null,
  };
}

export function isHandled(progress: TicketProgress): boolean {
  return firstReplied(progress) || (progress.assigneeId !== null && progress.status !== 'new');
}

/** An agent replied publicly: the first-response target is met. */
export function firstReplied(progress: Pick<TicketProgress, 'agentReplies'>): boolean {
  return progress.agentReplies > 0;
}

/** The first-response clock runs until the first agent reply, and stops when the ticket is solved. */
export function firstResponseClockRuns(progress: Pick<TicketProgress, 'status' | 'agentReplies'>): boolean {
  return !isSolved(progress.status) && !firstReplied(progress);
}

/** Whether a step's reason still holds for the ticket as it is now. */
export function stepApplies(step: Step, progress: TicketProgress): boolean {
  if (isSolved(progress.status)) return false;
  switch (step) {
    case 'at_risk':
    case 'breached':
      return firstResponseClockRuns(progress);
    case 'l1':
      return !isHandled(progress);
    case 'l2':
      return progress.status !== 'pending';
  }
}

function dueAt(step: Step, d: Deadlines): number | null {
  return { at_risk: d.atRisk, breached: d.firstResponse, l1: d.l1, l2: d.l2 }[step];
}

/**
 * A step already taken, or one the ladder has climbed past: once L2 is taken, L1 never is (an L2
 * move that unassigns the ticket does not make it "not handled" enough to step back down).
 */
function passed(step: Step, clock: SlaClock): boolean {
  return clock.done.includes(step) || (step === 'l1' && clock.done.includes('l2'));
}

/** Steps whose deadline has passed, whose reason holds, and that have not been taken or passed yet. */
export function dueSteps(clock: SlaClock, progress: TicketProgress, settings: Settings, now: number): Step[] {
  const d = deadlines(clock, settings);
  return STEPS.filter((step) => {
    const at = dueAt(step, d);
    return at !== null && at <= now && !passed(step, clock) && stepApplies(step, progress);
  });
}

/** When the clock must next look at the ticket, or null when nothing is left to watch. */
export function nextDeadline(clock: SlaClock, progress: TicketProgress, settings: Settings): number | null {
  const d = deadlines(clock, settings);
  let next: number | null = null;
  for (const step of STEPS) {
    const at = dueAt(step, d);
    if (at === null || passed(step, clock) || !stepApplies(step, progress)) continue;
    if (next === null || at < next) next = at;
  }
  return next;
}

/**
 * A clock that starts at the ticket's creation. A ticket first seen in another status than
 * new (pending, say) is followed into it at `now`, as if its status had just changed.
 */
export function startClock(tier: Tier, scene: Scene, createdAt: number, status: TicketStatus = 'new', now: number = createdAt): SlaClock {
  return onStatusChange({ tier, scene, createdAt, cycleStartedAt: createdAt, pausedMs: 0, pausedSince: null, done: [] }, 'new', status, now);
}

/**
 * Follow a status change: pending pauses the resolution clock, leaving pending resumes it, and
 * reopening a solved ticket starts a new resolution cycle (L2 may fire again).
 */
export function onStatusChange(clock: SlaClock, previous: TicketStatus | null, current: TicketStatus, now: number): SlaClock {
  let next = { ...clock, done: [...clock.done] };
  if (previous === current) return next;
  if (next.pausedSince !== null && current !== 'pending') {
    next = { ...next, pausedMs: next.pausedMs + Math.max(0, now - next.pausedSince), pausedSince: null };
  }
  if (current === 'pending' && next.pausedSince === null) next = { ...next, pausedSince: now };
  if (previous !== null && isSolved(previous) && !isSolved(current)) {
    next = { ...next, cycleStartedAt: now, pausedMs: 0, pausedSince: current === 'pending' ? now : null, done: next.done.filter((s) => s !== 'l2') };
  }
  return next;
}

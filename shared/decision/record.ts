/**
 * What Tierwise already did to a ticket and saw of it: the record a ticket's clock keeps between
 * runs. Every function here returns a new record; none changes the one it is given.
 */
import type { AuditRow } from '../audit.ts';
import { isSolved, type Scene, type Tier, type TicketStatus } from '../domain.ts';
import type { TicketChange } from '../plan.ts';
import type { Settings } from '../settings.ts';
import { nextDeadline, onStatusChange, type SlaClock, type Step, type TicketProgress } from '../sla.ts';
import type { TicketSnapshot } from './ticket.ts';

/** A step Tierwise took, and when (ms since epoch). */
export interface TakenStep {
  step: Step;
  at: number;
}

/**
 * A change whose PUT was sent but not yet recorded (write-ahead). If a run dies between the PUT
 * and the record, the next run sees whether the change landed and, if so, records it (audit
 * rows, steps, applied tier) instead of making it again.
 */
export interface InFlight {
  change: TicketChange;
  steps: Step[];
  /** The resolution cycle the steps belong to (the clock's cycleStartedAt). */
  cycle: number;
  applied: { tier: Tier; scene: Scene };
  audit: AuditRow[];
  /** When the change was decided (ms); absent in records written before it was kept. */
  at?: number;
}

export interface TicketRecord {
  /** Newest ticket change (updated_at, ms) already applied: older events are stale. */
  latestChangedAt: number | null;
  clock: SlaClock | null;
  /** Tier and scene whose priority was applied: the priority is set again only when they change. */
  applied: { tier: Tier; scene: Scene } | null;
  status: TicketStatus | null;
  assigneeId: number | null;
  agentReplies: number;
  inFlight: InFlight | null;
  /** Every step taken, in order, across cycles. */
  taken: TakenStep[];
  /** When Tierwise first saw an agent reply on the ticket. */
  firstReplySeenAt: number | null;
  /** When Tierwise saw the ticket solved (the latest time), and reopened (the latest time). */
  solvedAt: number | null;
  reopenedAt: number | null;
  /** The ticket version (updated_at) on which Zendesk refused a change for good: not tried again on it. */
  refusedOn: string | null;
}

export const EMPTY_RECORD: TicketRecord = {
  latestChangedAt: null,
  clock: null,
  applied: null,
  status: null,
  assigneeId: null,
  agentReplies: 0,
  inFlight: null,
  taken: [],
  firstReplySeenAt: null,
  solvedAt: null,
  reopenedAt: null,
  refusedOn: null,
};

export function progressOf(record: Pick<TicketRecord, 'status' | 'assigneeId' | 'agentReplies'>): TicketProgress {
  return { status: record.status ?? 'new', assigneeId: record.assigneeId, agentReplies: record.agentReplies };
}

/** When the clock must next look at the ticket (the next deadline), or null when nothing is left to watch. */
export function wakeAt(record: TicketRecord, settings: Settings): number | null {
  return record.clock ? nextDeadline(record.clock, progressOf(record), settings) : null;
}

/** An agent replied (`count`: Zendesk's `replies` metric when known, else at least one). */
export function sawReplies(record: TicketRecord, count: number | 'some', now: number): TicketRecord {
  const agentReplies = count === 'some' ? Math.max(1, record.agentReplies) : count;
  const firstReplySeenAt = record.firstReplySeenAt ?? (agentReplies > 0 ? now : null);
  return { ...record, agentReplies, firstReplySeenAt };
}

/** Follow the ticket as it is now: status transitions (pause, reopen, solve), assignee, its version. */
export function sawTicket(record: TicketRecord, snapshot: TicketSnapshot, now: number): TicketRecord {
  const previous = record.status;
  const solved = !isSolved(previous) && isSolved(snapshot.status);
  const reopened = previous !== null && isSolved(previous) && !isSolved(snapshot.status);
  return {
    ...record,
    clock: record.clock ? onStatusChange(record.clock, previous, snapshot.status, now) : null,
    status: snapshot.status,
    assigneeId: snapshot.assigneeId,
    latestChangedAt: Math.max(record.latestChangedAt ?? 0, Date.parse(snapshot.updatedAt)),
    solvedAt: solved ? now : record.solvedAt,
    reopenedAt: reopened ? now : record.reopenedAt,
  };
}

/** The change's PUT landed: Zendesk's answer carries the ticket's new version. */
export function changeLandedAt(record: TicketRecord, updatedAt: string): TicketRecord {
  return { ...record, latestChangedAt: Math.max(record.latestChangedAt ?? 0, Date.parse(updatedAt)) };
}

/** Settling a change an earlier run sent but did not record (its write-ahead record). */
import type { AuditRow } from '../audit.ts';
import { priorityRank } from '../domain.ts';
import type { TicketChange } from '../plan.ts';
import type { SlaClock } from '../sla.ts';
import type { TicketRecord } from './record.ts';
import type { TicketSnapshot } from './ticket.ts';

/**
 * Whether a change is visible on the ticket: the tags it added are there (agents rarely remove
 * Tierwise's tags), or, for a change without tags, the priority is at least what it set.
 */
export function changeLanded(change: TicketChange, ticket: TicketSnapshot): boolean {
  if (change.tags) return change.tags.every((tag) => ticket.tags.includes(tag));
  if (change.priority) return priorityRank(ticket.priority) >= priorityRank(change.priority);
  return change.group_id !== undefined && ticket.groupId === change.group_id;
}

export interface Settled {
  /** The record without a change in flight; when it landed, with its steps taken and its tier applied. */
  record: TicketRecord;
  /** The clock with the landed change's steps done (when they belong to its current cycle). */
  clock: SlaClock;
  /** The landed change's audit rows, to write (idempotent); empty when nothing landed. */
  recovered: AuditRow[];
}

/**
 * If the ticket shows the change in flight landed, record it: its audit rows, its steps done,
 * its tier applied. If it did not land, forget it: the decision makes it again if still due.
 */
export function settleInFlight(record: TicketRecord, ticket: TicketSnapshot, clock: SlaClock, now: number): Settled {
  const pending = record.inFlight;
  const cleared = { ...record, inFlight: null };
  if (!pending || !changeLanded(pending.change, ticket)) return { record: cleared, clock, recovered: [] };
  const done = pending.cycle === clock.cycleStartedAt ? [...new Set([...clock.done, ...pending.steps])] : clock.done;
  return {
    record: { ...cleared, applied: pending.applied, taken: [...record.taken, ...pending.steps.map((step) => ({ step, at: pending.at ?? now }))] },
    clock: { ...clock, done },
    recovered: pending.audit,
  };
}

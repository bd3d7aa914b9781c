/**
 * Which inputs a run must load before it can decide: a fresh read of the ticket, a fresh read
 * of the customer, the escalation groups. Pure: the caller does the loading.
 */
import type { Settings } from '../settings.ts';
import { sawReplies, sawTicket, wakeAt, type TicketRecord } from './record.ts';
import { newestSnapshot, type TicketSnapshot } from './ticket.ts';

/** What a run needs of each event it processes (webhook or sweep). */
export interface EventFacts {
  /** The ticket as the event saw it; null when the event did not carry it. */
  snapshot: TicketSnapshot | null;
  /** The event reports a public agent reply. */
  agentReplied: boolean;
  /** The requester's data changed: read it again instead of using a cached copy. */
  refreshCustomer?: boolean;
}

/**
 * Why the ticket must be read from Zendesk before deciding:
 * - `no-snapshot`: an event carried no ticket (a trigger payload, the sweep);
 * - `deadline-passed`: a step is only taken on fresh data, so a ticket an agent just took is never escalated;
 * - `in-flight`: an earlier run died after a PUT, and only the ticket as it is now tells whether it landed.
 */
export type ReadReason = 'no-snapshot' | 'deadline-passed' | 'in-flight';

export interface RunStart {
  /** The record with what the events said applied. */
  record: TicketRecord;
  /** The newest ticket the events carried; use it when `readTicket` is null. */
  snapshot: TicketSnapshot | null;
  readTicket: ReadReason | null;
  /** A deadline passed: the decision looks for due steps (on the fresh read). */
  checkSteps: boolean;
  /** Read the customer afresh (skip any cache). */
  freshCustomer: boolean;
}

export function startRun(record: TicketRecord, events: readonly EventFacts[], settings: Settings, now: number): RunStart {
  let next = events.some((e) => e.agentReplied) ? sawReplies(record, 'some', now) : record;
  const snapshot = newestSnapshot(events.map((e) => e.snapshot));
  if (snapshot) next = sawTicket(next, snapshot, now);
  const deadline = wakeAt(next, settings);
  const checkSteps = deadline !== null && deadline <= now;
  const readTicket: ReadReason | null =
    !snapshot || events.some((e) => e.snapshot === null) ? 'no-snapshot' : checkSteps ? 'deadline-passed' : next.inFlight !== null ? 'in-flight' : null;
  return { record: next, snapshot, readTicket, checkSteps, freshCustomer: events.some((e) => e.refreshCustomer === true) };
}

/** The ticket as just read from Zendesk, with its `replies` metric when Zendesk sent one. */
export function sawFreshTicket(record: TicketRecord, snapshot: TicketSnapshot, replies: number | null, now: number): TicketRecord {
  return sawTicket(replies === null ? record : sawReplies(record, replies, now), snapshot, now);
}

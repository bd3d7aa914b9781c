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
  /** Stands for several events, one of which carried no ticket (see `mergeEventFacts`). */
  missedSnapshot?: boolean;
}

/**
 * Why the ticket must be read from Zendesk before deciding:
 * - `no-snapshot`: an event carried no ticket (a trigger payload, the sweep);
 * - `deadline-passed`: a step is only taken on fresh data, so a ticket an agent just took is never escalated;
 * - `in-flight`: an earlier run died after a PUT, and only the ticket as it is now tells whether it landed;
 * - `stale-snapshot`: the events' newest ticket is older than a version already seen (Zendesk's
 *   deliveries come out of order, retries late): it must not move the status back (a false reopen).
 */
export type ReadReason = 'no-snapshot' | 'deadline-passed' | 'in-flight' | 'stale-snapshot';

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
  const stale = snapshot !== null && record.latestChangedAt !== null && Date.parse(snapshot.updatedAt) < record.latestChangedAt;
  if (snapshot && !stale) next = sawTicket(next, snapshot, now);
  const deadline = wakeAt(next, settings);
  const checkSteps = deadline !== null && deadline <= now;
  const readTicket: ReadReason | null =
    !snapshot || events.some((e) => e.snapshot === null || e.missedSnapshot === true) ? 'no-snapshot'
      : stale ? 'stale-snapshot' : checkSteps ? 'deadline-passed' : next.inFlight !== null ? 'in-flight' : null;
  return { record: next, snapshot, readTicket, checkSteps, freshCustomer: events.some((e) => e.refreshCustomer === true) };
}

/**
 * Two queued events as one, `newer` arriving after `older`: the newest snapshot and every flag
 * a run reads, so `startRun` over the merged facts decides exactly what it would over both
 * (the tests fold random sequences to check it). Queued events merge so an inbox stays small
 * whatever arrives while a run waits.
 */
export function mergeEventFacts(older: EventFacts, newer: EventFacts): EventFacts {
  const snapshot = newestSnapshot([older.snapshot, newer.snapshot]);
  const missedSnapshot = older.snapshot === null || newer.snapshot === null || older.missedSnapshot === true || newer.missedSnapshot === true;
  const refreshCustomer = older.refreshCustomer === true || newer.refreshCustomer === true;
  return {
    snapshot,
    agentReplied: older.agentReplied || newer.agentReplied,
    ...(refreshCustomer ? { refreshCustomer } : {}),
    ...(missedSnapshot && snapshot !== null ? { missedSnapshot } : {}),
  };
}

/** The ticket as just read from Zendesk, with its `replies` metric when Zendesk sent one. */
export function sawFreshTicket(record: TicketRecord, snapshot: TicketSnapshot, replies: number | null, now: number): TicketRecord {
  return sawTicket(replies === null ? record : sawReplies(record, replies, now), snapshot, now);
}

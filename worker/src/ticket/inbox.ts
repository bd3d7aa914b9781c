/**
 * A ticket object's inbox: the events waiting for the next run, bounded whatever arrives.
 *
 * Events merge as they queue (shared/decision/inputs.ts `mergeEventFacts`: the newest snapshot
 * and every flag a run reads), so the inbox holds at most two of them: `taken`, what a run is
 * working on (kept when it fails, for the retry), and `waiting`, what arrived since. A run
 * starts by folding `waiting` into `taken` and ends by clearing `taken` alone, so nothing that
 * arrives during a run is dropped with the events it processed. Duplicates are found by the
 * last `SEEN_LIMIT` event ids.
 */
import { mergeEventFacts } from '../../../shared/decision/inputs.ts';
import type { TicketEvent } from '../webhook/ticket-event.ts';

export interface Inbox {
  ticketId: number | null;
  /** Recent event ids, newest last (duplicates are dropped). */
  seen: string[];
  /** The events a run took (merged), until it finishes. */
  taken: TicketEvent | null;
  /** The events that arrived since (merged). */
  waiting: TicketEvent | null;
}

const SEEN_LIMIT = 200;

export const EMPTY_INBOX: Inbox = { ticketId: null, seen: [], taken: null, waiting: null };

/** An inbox as stored, including one from before events merged (a `queue` list). */
export function readInbox(stored: (Partial<Inbox> & { queue?: TicketEvent[] }) | undefined): Inbox {
  const { queue, ...rest } = stored ?? {};
  const inbox: Inbox = { ...EMPTY_INBOX, ...rest };
  for (const event of queue ?? []) inbox.waiting = inbox.waiting ? mergeEvents(inbox.waiting, event) : event;
  return inbox;
}

/** The keys an event is known by: its id, and any other (a trigger's invocation id). */
function keysOf(event: Pick<TicketEvent, 'eventId' | 'alsoKnownAs'>): string[] {
  return [event.eventId, ...(event.alsoKnownAs ?? [])];
}

/** Has the event been seen under any of its keys (a redelivery or a replay)? */
export function seenBefore(inbox: Inbox, event: Pick<TicketEvent, 'eventId' | 'alsoKnownAs'>): boolean {
  return keysOf(event).some((key) => inbox.seen.includes(key));
}

export function remember(inbox: Inbox, event: Pick<TicketEvent, 'eventId' | 'alsoKnownAs'>): Inbox {
  return { ...inbox, seen: [...inbox.seen, ...keysOf(event)].slice(-SEEN_LIMIT) };
}

export function enqueue(inbox: Inbox, event: TicketEvent): Inbox {
  return { ...inbox, ticketId: event.ticketId, waiting: inbox.waiting ? mergeEvents(inbox.waiting, event) : event };
}

/** A run's start: what arrived joins what an earlier, failed run took. */
export function take(inbox: Inbox): Inbox {
  if (!inbox.waiting) return inbox;
  return { ...inbox, taken: inbox.taken ? mergeEvents(inbox.taken, inbox.waiting) : inbox.waiting, waiting: null };
}

/** A run's end: the events it took are done; what arrived meanwhile stays. */
export function finish(inbox: Inbox): Inbox {
  return { ...inbox, taken: null };
}

/** How many events wait (merged ones counted one by one). */
export function queuedCount(inbox: Inbox): number {
  return (inbox.taken?.merged ?? (inbox.taken ? 1 : 0)) + (inbox.waiting?.merged ?? (inbox.waiting ? 1 : 0));
}

export function mergeEvents(older: TicketEvent, newer: TicketEvent): TicketEvent {
  const changedAt = older.changedAt === null ? newer.changedAt : newer.changedAt === null ? older.changedAt : Math.max(older.changedAt, newer.changedAt);
  return {
    ...mergeEventFacts(older, newer),
    eventId: newer.eventId,
    type: newer.type,
    ticketId: newer.ticketId,
    changedAt,
    merged: (older.merged ?? 1) + (newer.merged ?? 1),
  };
}

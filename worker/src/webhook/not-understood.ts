/**
 * A genuine (signed) delivery Tierwise does not understand: an enum value it does not know yet
 * (Zendesk's ticket statuses grow, e.g. ARCHIVED, SCRUBBED), a null where it expects a list, a
 * field it cannot read. Zendesk counts every non-2xx answer toward the webhook's circuit breaker
 * and does not retry a 4xx, so such a delivery is acknowledged, and when the ticket it concerns
 * can still be named, that ticket's object is asked to re-read the ticket from the API instead:
 * the change is not lost because its payload was odd.
 */
import { INVOCATION_ID, isRecord, type TicketEvent } from './ticket-event.ts';

const MAX_ID = 2 ** 53 - 1;

function positiveId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,16}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ID ? id : null;
}

/**
 * The ticket a delivery is about, when it can be read without trusting the rest of the payload:
 * the subject `zen:ticket:<id>` of an event subscription, or `ticket.id` of Tierwise's trigger body.
 */
export function concernedTicketId(body: Record<string, unknown>): number | null {
  const subject = body.subject;
  if (typeof subject === 'string') {
    const match = /^zen:ticket:(\d{1,16})$/.exec(subject);
    return match ? positiveId(match[1]) : null;
  }
  if (Object.hasOwn(body, 'tierwise') && isRecord(body.ticket) && Object.hasOwn(body.ticket, 'id')) return positiveId(body.ticket.id);
  return null;
}

/**
 * "Re-read this ticket", deduplicated like any event: by the event id when the body has a
 * readable one, else by Zendesk's invocation id (a redelivery of the same invocation is dropped),
 * else as a new request.
 */
export function rereadEvent(body: Record<string, unknown>, ticketId: number, invocationId: string | null, now: number, signedKey: string | null = null): TicketEvent {
  const eventId = typeof body.id === 'string' && body.id.length > 0 && body.id.length <= 200
    ? `evt:${body.id}`
    : signedKey ? `sig:${signedKey}` : invocationId && INVOCATION_ID.test(invocationId) ? `inv:${invocationId}` : `reread:${now}`;
  return { eventId, type: 'reread', ticketId, changedAt: null, snapshot: null, agentReplied: false };
}

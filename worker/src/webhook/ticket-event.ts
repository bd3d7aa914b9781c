/**
 * One normalised ticket event from either payload family Zendesk can send:
 * - event subscriptions: {"type": "zen:event-type:ticket.*", "subject": "zen:ticket:<id>", "detail": {...}, "event": {...}}
 * - the trigger body Tierwise's setup installs: {"tierwise": 1, "ticket": {"id": "{{ticket.id}}", ...}}
 */
import { z } from 'zod';
import { isAgentReply } from '../../../shared/agent-reply.ts';
import type { TicketSnapshot } from '../../../shared/decision/ticket.ts';
import { toPriority, toStatus } from '../../../shared/domain.ts';
import { normaliseTags } from '../../../shared/tags.ts';

export type { TicketSnapshot };

export interface TicketEvent {
  /** Dedupe key: the event id, else the delivery's signed content (see parseTicketEvent). */
  eventId: string;
  /** Other keys the same delivery is known by (a trigger payload's invocation id, for Zendesk's own retries). */
  alsoKnownAs?: string[];
  type: string;
  ticketId: number;
  /** ms since epoch of the ticket change this event reports, when known. */
  changedAt: number | null;
  /** The ticket as the event saw it; null when the worker must read it (trigger payloads). */
  snapshot: TicketSnapshot | null;
  /** Public comment by an agent, when the event says so. */
  agentReplied: boolean;
  /** The requester's data changed: read it again instead of using the cache. */
  refreshCustomer?: boolean;
  /** A public comment, by the customer or an agent: the customer's latest interaction (docs/rules.md#care-cadence). */
  publicComment?: boolean;
  /** Stands for several merged events, one of which carried no ticket (the ticket's inbox, ticket/inbox.ts). */
  missedSnapshot?: boolean;
  /** How many events this one stands for, when the ticket's inbox merged several. */
  merged?: number;
}

/** A deletion event (soft deletion, spam, permanent deletion): the ticket's state is purged. */
export interface TicketGoneEvent {
  kind: string;
  ticketId: number;
}

export type ParseResult = { ok: true; event: TicketEvent } | { ok: true; gone: TicketGoneEvent } | { ok: true; ignored: string } | { ok: false; message: string };

const MAX_ID = 2 ** 53 - 1;
/** Zendesk ids: positive integers, sent as numbers or as strings. */
const id = z.union([z.number(), z.string().trim().regex(/^\d{1,16}$/, 'must be a positive integer id')], { error: 'must be a positive integer id (a number or a string of digits)' })
  .transform((v) => Number(v))
  .refine((v) => Number.isSafeInteger(v) && v > 0 && v <= MAX_ID, 'must be a positive integer id');
/** Optional ids: null, "", "0" and 0 mean none (Zendesk sends "0" for "no organization"). */
const optionalId = z.union([z.null(), z.literal(''), z.literal('0'), z.literal(0), id]).optional()
  .transform((v) => (v === undefined || v === null || v === '' || v === '0' || v === 0 ? null : v));
const isoTime = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO 8601 time');
const shortText = z.string().max(200);

const ticketDetail = z.object({
  id,
  status: z.string({ error: 'must be a ticket status such as "OPEN"' }).max(200).refine((v) => toStatus(v) !== null, 'must be a ticket status (new, open, pending, hold, solved or closed)'),
  priority: z.union([z.null(), z.literal(''), shortText.refine((v) => toPriority(v) !== null, 'must be a ticket priority')]).optional(),
  tags: z.array(z.string().max(300)).max(1000).optional(),
  requester_id: optionalId,
  organization_id: optionalId,
  group_id: optionalId,
  assignee_id: optionalId,
  created_at: isoTime,
  updated_at: isoTime,
});

const subscriptionEvent = z.object({
  type: z.string().max(200),
  id: z.string({ error: 'must be the event id (a string)' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  subject: z.string({ error: 'must be zen:ticket:<id>' }).max(200),
  time: isoTime.optional(),
  detail: z.custom<Record<string, unknown>>((v) => isRecord(v), 'must be an object with the ticket fields'),
  event: z.unknown().optional(),
});

const triggerBody = z.object({
  tierwise: z.union([z.literal(1), z.literal('1')], { error: 'must be 1 (the trigger payload version)' }),
  ticket: z.object({ id }, { error: 'must be an object with the ticket id' }).passthrough(),
});

/** Zendesk invocation ids are ULIDs/UUIDs; the id becomes a dedupe key kept in the ticket's Durable Object. */
export const INVOCATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The ticket left Zendesk's views (Webhooks API, ticket events): Tierwise forgets it. A restored
 * ticket comes back as `ticket.undeleted`, an ordinary ticket event here.
 */
const GONE_EVENT_TYPES = new Set(['ticket.soft_deleted', 'ticket.permanently_deleted', 'ticket.marked_as_spam']);

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid payload';
}

function readSnapshot(detail: z.infer<typeof ticketDetail>): TicketSnapshot {
  return {
    id: detail.id,
    status: toStatus(detail.status)!,
    priority: toPriority(detail.priority),
    tags: normaliseTags(detail.tags),
    requesterId: detail.requester_id,
    organizationId: detail.organization_id,
    groupId: detail.group_id,
    assigneeId: detail.assignee_id,
    createdAt: Date.parse(detail.created_at),
    updatedAt: detail.updated_at,
    customFields: [],
  };
}

/**
 * `signedKey` names the delivery by what its signature covers (route.ts: the verified signature,
 * an HMAC of the timestamp and the body). A trigger payload carries no event id, and the
 * invocation id header is not signed: keyed by it, a captured delivery replayed inside the
 * timestamp window under a new invocation id would pass as new. Keyed by the signed content, it
 * is the same event, and dropped as a duplicate. The invocation id stays a second key: Zendesk's
 * own retry of a delivery keeps it (with a new signature), and is a duplicate too.
 */
export function parseTicketEvent(body: unknown, invocationId: string | null, signedKey: string | null = null): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'body: must be a JSON object' };

  if (Object.hasOwn(body, 'tierwise')) {
    const parsed = triggerBody.safeParse(body);
    if (!parsed.success) return { ok: false, message: issueText(parsed.error) };
    if (!invocationId) return { ok: false, message: 'X-Zendesk-Webhook-Invocation-Id: required for trigger payloads' };
    if (!INVOCATION_ID.test(invocationId)) return { ok: false, message: 'X-Zendesk-Webhook-Invocation-Id: must be 1-128 letters, digits, ".", "_", ":" or "-"' };
    const keys = signedKey ? { eventId: `sig:${signedKey}`, alsoKnownAs: [`inv:${invocationId}`] } : { eventId: `inv:${invocationId}` };
    return { ok: true, event: { ...keys, type: 'trigger', ticketId: parsed.data.ticket.id, changedAt: null, snapshot: null, agentReplied: false } };
  }

  // The type decides whether the event concerns Tierwise at all: anything but a ticket event is
  // genuine (the signature says so) but irrelevant, and a 2xx stops Zendesk retrying it.
  const type: unknown = (body as Record<string, unknown>).type;
  if (type === undefined) return { ok: false, message: 'type: required (a zen:event-type:ticket.* event), or "tierwise": 1 for a trigger payload' };
  if (typeof type !== 'string') return { ok: false, message: 'type: must be a string such as "zen:event-type:ticket.created"' };
  if (!type.startsWith('zen:event-type:ticket.')) return { ok: true, ignored: `event type ${shorten(type)} is not a ticket event` };
  const kind = type.slice('zen:event-type:'.length);

  const parsed = subscriptionEvent.safeParse(body);
  if (!parsed.success) return { ok: false, message: issueText(parsed.error) };
  const { subject } = parsed.data;
  const subjectId = /^zen:ticket:(\d{1,16})$/.exec(subject)?.[1];
  if (!subjectId) return { ok: false, message: 'subject: must be zen:ticket:<id>' };
  if (GONE_EVENT_TYPES.has(kind)) return { ok: true, gone: { kind, ticketId: Number(subjectId) } };
  const rawStatus: unknown = isRecord(parsed.data.detail) ? parsed.data.detail.status : undefined;
  if (typeof rawStatus === 'string' && rawStatus.trim().toLowerCase() === 'deleted') return { ok: true, ignored: `ticket ${subjectId} is deleted` };
  const detail = ticketDetail.safeParse(parsed.data.detail);
  if (!detail.success) return { ok: false, message: `detail.${issueText(detail.error)}` };
  if (detail.data.id !== Number(subjectId)) return { ok: false, message: 'detail.id: does not match the subject' };
  const snapshot = readSnapshot(detail.data);
  return {
    ok: true,
    event: {
      eventId: `evt:${parsed.data.id}`,
      type: kind,
      ticketId: snapshot.id,
      changedAt: Date.parse(detail.data.updated_at),
      snapshot,
      agentReplied: type === 'zen:event-type:ticket.comment_added' && isPublicAgentComment(parsed.data.event, snapshot.requesterId),
      publicComment: type === 'zen:event-type:ticket.comment_added' && commentEvent.safeParse(parsed.data.event).data?.comment.is_public === true,
    },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const commentEvent = z.object({ comment: z.object({ is_public: z.boolean(), author: z.object({ id: z.union([z.number(), z.string()]).nullish(), is_staff: z.boolean().optional(), role: z.string().optional() }).passthrough() }).passthrough() }).passthrough();

function isPublicAgentComment(event: unknown, requesterId: number | null): boolean {
  const parsed = commentEvent.safeParse(event);
  if (!parsed.success) return false;
  const { is_public, author } = parsed.data.comment;
  const authorId = author.id === undefined || author.id === null ? null : Number(author.id);
  return isAgentReply({ public: is_public, author: { id: Number.isSafeInteger(authorId) ? authorId : null, role: author.role, isStaff: author.is_staff ?? null } }, requesterId);
}

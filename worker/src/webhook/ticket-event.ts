/**
 * One normalised ticket event from either payload family Zendesk can send:
 * - event subscriptions: {"type": "zen:event-type:ticket.*", "subject": "zen:ticket:<id>", "detail": {...}, "event": {...}}
 * - the trigger body Tierwise's setup installs: {"tierwise": 1, "ticket": {"id": "{{ticket.id}}", ...}}
 */
import { z } from 'zod';
import { toPriority, toStatus, type Priority, type TicketStatus } from '../../../shared/domain.ts';
import { normaliseTags } from '../../../shared/tags.ts';

export interface TicketSnapshot {
  id: number;
  status: TicketStatus;
  priority: Priority | null;
  tags: string[];
  requesterId: number | null;
  organizationId: number | null;
  groupId: number | null;
  assigneeId: number | null;
  /** ms since epoch */
  createdAt: number;
  /** Zendesk's updated_at, verbatim: the safe_update stamp. */
  updatedAt: string;
  customFields: Array<{ id: number; value: unknown }>;
}

export interface TicketEvent {
  /** Dedupe key: the event id, else the webhook invocation id. */
  eventId: string;
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
}

export type ParseResult = { ok: true; event: TicketEvent } | { ok: true; ignored: string } | { ok: false; message: string };

const MAX_ID = 2 ** 53 - 1;
/** Zendesk ids: positive integers, sent as numbers or as strings. */
const id = z.union([z.number(), z.string().trim().regex(/^\d{1,16}$/, 'must be a positive integer id')])
  .transform((v) => Number(v))
  .refine((v) => Number.isSafeInteger(v) && v > 0 && v <= MAX_ID, 'must be a positive integer id');
/** Optional ids: null, "", "0" and 0 mean none (Zendesk sends "0" for "no organization"). */
const optionalId = z.union([z.null(), z.literal(''), z.literal('0'), z.literal(0), id]).optional()
  .transform((v) => (v === undefined || v === null || v === '' || v === '0' || v === 0 ? null : v));
const isoTime = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO 8601 time');
const shortText = z.string().max(200);

const ticketDetail = z.object({
  id,
  status: shortText.refine((v) => toStatus(v) !== null, 'must be a ticket status'),
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
  type: z.string().max(200).regex(/^zen:event-type:/, 'must be a zen:event-type'),
  id: z.string().min(1).max(200),
  subject: z.string().max(200),
  time: isoTime.optional(),
  detail: z.unknown(),
  event: z.unknown().optional(),
});

const triggerBody = z.object({
  tierwise: z.union([z.literal(1), z.literal('1')]),
  ticket: z.object({ id }).passthrough(),
});

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

export function parseTicketEvent(body: unknown, invocationId: string | null): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'body: must be a JSON object' };

  if ('tierwise' in body) {
    const parsed = triggerBody.safeParse(body);
    if (!parsed.success) return { ok: false, message: issueText(parsed.error) };
    if (!invocationId) return { ok: false, message: 'X-Zendesk-Webhook-Invocation-Id: required for trigger payloads' };
    return { ok: true, event: { eventId: `inv:${invocationId}`, type: 'trigger', ticketId: parsed.data.ticket.id, changedAt: null, snapshot: null, agentReplied: false } };
  }

  const parsed = subscriptionEvent.safeParse(body);
  if (!parsed.success) return { ok: false, message: issueText(parsed.error) };
  const { type, subject } = parsed.data;
  if (!type.startsWith('zen:event-type:ticket.')) return { ok: true, ignored: `event type ${type} is not a ticket event` };
  const subjectId = /^zen:ticket:(\d{1,16})$/.exec(subject)?.[1];
  if (!subjectId) return { ok: false, message: 'subject: must be zen:ticket:<id>' };
  const detail = ticketDetail.safeParse(parsed.data.detail);
  if (!detail.success) return { ok: false, message: `detail.${issueText(detail.error)}` };
  if (detail.data.id !== Number(subjectId)) return { ok: false, message: 'detail.id: does not match the subject' };
  const snapshot = readSnapshot(detail.data);
  return {
    ok: true,
    event: {
      eventId: `evt:${parsed.data.id}`,
      type: type.slice('zen:event-type:'.length),
      ticketId: snapshot.id,
      changedAt: Date.parse(detail.data.updated_at),
      snapshot,
      agentReplied: type === 'zen:event-type:ticket.comment_added' && isPublicAgentComment(parsed.data.event),
    },
  };
}

const commentEvent = z.object({ comment: z.object({ is_public: z.boolean(), author: z.object({ is_staff: z.boolean().optional(), role: z.string().optional() }).passthrough() }).passthrough() }).passthrough();

function isPublicAgentComment(event: unknown): boolean {
  const parsed = commentEvent.safeParse(event);
  if (!parsed.success) return false;
  const { is_public, author } = parsed.data.comment;
  return is_public && (author.is_staff === true || author.role === 'agent' || author.role === 'admin');
}

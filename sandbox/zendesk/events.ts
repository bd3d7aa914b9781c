// Zendesk ticket event payloads ("zen:event-type:ticket.*") computed from a before/after pair.
import { randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from './store.ts';
import type { SimulatorStore } from './store.ts';
import type { Comment, FieldValue, Ticket } from './types.ts';

/**
 * Deletion and restore (Webhooks API, "Ticket events": ticket.soft_deleted, ticket.permanently_deleted,
 * ticket.marked_as_spam, ticket.undeleted). Their `detail` is the ticket; a deleted one's status is DELETED.
 */
export const LIFECYCLE_EVENT_TYPES = [
  'zen:event-type:ticket.soft_deleted',
  'zen:event-type:ticket.permanently_deleted',
  'zen:event-type:ticket.marked_as_spam',
  'zen:event-type:ticket.undeleted',
] as const;
export type LifecycleKind = 'soft_deleted' | 'permanently_deleted' | 'marked_as_spam' | 'undeleted';

export const TICKET_EVENT_TYPES = [
  'zen:event-type:ticket.created',
  'zen:event-type:ticket.status_changed',
  'zen:event-type:ticket.priority_changed',
  'zen:event-type:ticket.tags_changed',
  'zen:event-type:ticket.agent_assignment_changed',
  'zen:event-type:ticket.group_assignment_changed',
  'zen:event-type:ticket.comment_added',
  'zen:event-type:ticket.custom_field_changed',
  'zen:event-type:ticket.subject_changed',
  'zen:event-type:ticket.type_changed',
  'zen:event-type:ticket.requester_changed',
  'zen:event-type:ticket.organization_changed',
  ...LIFECYCLE_EVENT_TYPES,
] as const;

export interface TicketEventPayload {
  type: string;
  account_id: number;
  id: string;
  time: string;
  zendesk_event_version: string;
  subject: string;
  detail: Record<string, unknown>;
  event: Record<string, unknown>;
}

const idStr = (v: number | null): string | null => (v === null ? null : String(v));
const upper = (v: string | null): string | null => (v === null ? null : v.toUpperCase());

export function ticketDetail(t: Omit<Ticket, 'status'> & { status: string }, actorId: number | null): Record<string, unknown> {
  return {
    actor_id: idStr(actorId),
    assignee_id: idStr(t.assignee_id),
    brand_id: '1',
    created_at: t.created_at,
    custom_status: null,
    description: t.description,
    external_id: t.external_id,
    form_id: '1',
    group_id: idStr(t.group_id),
    id: String(t.id),
    is_public: t.is_public,
    organization_id: idStr(t.organization_id),
    priority: upper(t.priority),
    requester_id: String(t.requester_id),
    status: t.status.toUpperCase(),
    subject: t.subject,
    submitter_id: String(t.submitter_id),
    tags: [...t.tags],
    type: upper(t.type),
    updated_at: t.updated_at,
    via: { channel: t.via.channel },
  };
}

const sameValue = (a: FieldValue | undefined, b: FieldValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** One event per kind of change, in a stable order. `before` null means the ticket was created. */
export function ticketEvents(
  store: SimulatorStore,
  before: Ticket | null,
  after: Ticket,
  actorId: number | null,
  comment: Comment | null,
): TicketEventPayload[] {
  const bodies: { type: string; event: Record<string, unknown> }[] = [];
  const add = (kind: string, event: Record<string, unknown>): void => {
    bodies.push({ type: `zen:event-type:ticket.${kind}`, event });
  };
  if (before === null) {
    add('created', {});
  } else {
    if (before.status !== after.status) add('status_changed', { current: after.status.toUpperCase(), previous: before.status.toUpperCase() });
    if (before.priority !== after.priority) add('priority_changed', { current: upper(after.priority), previous: upper(before.priority) });
    const added = after.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !after.tags.includes(t));
    if (added.length > 0 || removed.length > 0) add('tags_changed', { tags_added: added, tags_removed: removed });
    if (before.assignee_id !== after.assignee_id) add('agent_assignment_changed', { current: idStr(after.assignee_id), previous: idStr(before.assignee_id) });
    if (before.group_id !== after.group_id) add('group_assignment_changed', { current: idStr(after.group_id), previous: idStr(before.group_id) });
    if (before.subject !== after.subject) add('subject_changed', { current: after.subject, previous: before.subject });
    if (before.type !== after.type) add('type_changed', { current: upper(after.type), previous: upper(before.type) });
    if (before.requester_id !== after.requester_id) add('requester_changed', { current: String(after.requester_id), previous: String(before.requester_id) });
    if (before.organization_id !== after.organization_id) add('organization_changed', { current: idStr(after.organization_id), previous: idStr(before.organization_id) });
    for (const f of after.custom_fields) {
      const prev = before.custom_fields.find((p) => p.id === f.id);
      if (sameValue(prev?.value, f.value)) continue;
      const def = store.fields.get(f.id);
      add('custom_field_changed', {
        current: f.value,
        previous: prev?.value ?? null,
        custom_field: { id: String(f.id), title: def?.title ?? null, type: def?.type ?? null },
      });
    }
    if (comment) {
      const author = store.users.get(comment.author_id);
      add('comment_added', {
        comment: {
          id: String(comment.id),
          body: comment.body,
          is_public: comment.public,
          author: { id: String(comment.author_id), is_staff: store.isAgent(comment.author_id), name: author?.name ?? null },
        },
      });
    }
  }
  const sequenceId = randomUUID();
  const time = new Date(store.now()).toISOString();
  const detail = ticketDetail(after, actorId);
  return bodies.map((b, i) => ({
    type: b.type,
    account_id: ACCOUNT_ID,
    id: randomUUID(),
    time,
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${after.id}`,
    detail,
    event: { ...b.event, meta: { sequence: { id: sequenceId, position: i + 1, total: bodies.length } } },
  }));
}

/** The one event of a deletion or restore, its detail the ticket as it now is (status DELETED when deleted). */
export function lifecycleEvent(store: SimulatorStore, ticket: Omit<Ticket, 'status'> & { status: string }, kind: LifecycleKind, actorId: number | null): TicketEventPayload {
  return {
    type: `zen:event-type:ticket.${kind}`,
    account_id: ACCOUNT_ID,
    id: randomUUID(),
    time: new Date(store.now()).toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket.id}`,
    detail: ticketDetail(ticket, actorId),
    event: { meta: { sequence: { id: randomUUID(), position: 1, total: 1 } } },
  };
}

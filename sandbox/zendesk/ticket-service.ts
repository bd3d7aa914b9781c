// Ticket rules: create, import, update (safe updates, tag/field sync, auto-open), history,
// metrics, and the webhooks/triggers each change sets off.
import { ApiError, fieldError, invalid, notFound } from './errors.ts';
import { lifecycleEvent, ticketEvents, type TicketEventPayload } from './events.ts';
import { runTriggers } from './triggers.ts';
import type { TriggerContext } from './triggers.ts';
import type { Deps } from './context.ts';
import type { CommentInput, TicketCreateInput, TicketImportInput, TicketUpdateInput, UpdateManyInput } from './ticket-schemas.ts';
import { isoSeconds, nextStamp, parseTime } from './time.ts';
import type { Comment, FieldChange, FieldValue, Ticket, TicketCustomField, TicketHistoryEntry, User, Via } from './types.ts';
import { normalizeTags } from './validation.ts';

const API_VIA: Via = { channel: 'api', source: { from: {}, to: {}, rel: null } };

export const CONFLICT_BODY = {
  error: 'UpdateConflict',
  description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
};

type Changes = TicketUpdateInput & { additional_tags?: unknown; remove_tags?: unknown };

export class TicketService {
  constructor(private readonly deps: Deps) {}

  private get store() {
    return this.deps.store;
  }

  get(id: number): Ticket {
    const t = this.store.tickets.get(id);
    if (!t) throw notFound();
    return t;
  }

  create(input: TicketCreateInput, actor: User): { ticket: Ticket; audit: Record<string, unknown> } {
    const now = isoSeconds(this.store.now());
    const requesterId = this.resolveRequester(input, actor);
    const body = this.commentBody(input.comment);
    if (body === '') throw fieldError('description', 'Description: cannot be blank', 'BlankValue');
    const ticket = this.blankTicket(requesterId, input.submitter_id ?? actor.id, now);
    ticket.description = body;
    const comment = this.makeComment(ticket.id, input.comment ?? {}, input.submitter_id ?? actor.id, now, body);
    this.applyFields(ticket, input, actor, true);
    this.store.tickets.set(ticket.id, ticket);
    this.store.touch(ticket.id);
    this.store.ticketComments(ticket.id).push(comment);
    this.store.metrics.set(ticket.id, this.initialMetrics(ticket));
    this.trackMetrics(null, ticket, comment);
    return this.finish(null, ticket, actor, comment, 'create');
  }

  /** Ticket import: past timestamps and comments, no triggers and no webhook events (as in Zendesk). */
  import(input: TicketImportInput, actor: User): Ticket {
    const nowMs = this.store.now();
    const createdAt = input.created_at ? this.time(input.created_at, 'created_at') : isoSeconds(nowMs);
    const requesterId = this.resolveRequester(input, actor);
    const ticket = this.blankTicket(requesterId, input.submitter_id ?? requesterId, createdAt);
    const commentsIn: CommentInput[] = input.comments ?? (input.comment ? [input.comment] : []);
    const comments = commentsIn.map((c) =>
      this.makeComment(ticket.id, c, c.author_id ?? requesterId, c.created_at ? this.time(c.created_at, 'comments.created_at') : createdAt, this.commentBody(c)));
    ticket.description = input.description ?? comments[0]?.body ?? '';
    this.applyFields(ticket, input, actor, true);
    ticket.updated_at = input.updated_at ? this.time(input.updated_at, 'updated_at') : (comments[comments.length - 1]?.created_at ?? createdAt);
    this.store.tickets.set(ticket.id, ticket);
    this.store.touch(ticket.id);
    this.store.ticketComments(ticket.id).push(...comments);
    const metrics = this.initialMetrics(ticket);
    if (ticket.assignee_id !== null) {
      metrics.assigned_at = createdAt;
      metrics.initially_assigned_at = createdAt;
      metrics.assignee_stations = 1;
    }
    if (ticket.status === 'solved' || ticket.status === 'closed') {
      metrics.solved_at = input.solved_at ? this.time(input.solved_at, 'solved_at') : ticket.updated_at;
    }
    metrics.latest_comment_added_at = comments[comments.length - 1]?.created_at ?? null;
    metrics.status_updated_at = ticket.updated_at;
    this.store.metrics.set(ticket.id, metrics);
    this.record(null, ticket, actor, comments[0] ?? null, 'import', []);
    return ticket;
  }

  update(id: number, input: Changes, actor: User): { ticket: Ticket; audit: Record<string, unknown> | null } {
    const current = this.get(id);
    if (current.status === 'closed') {
      // The body Zendesk answers (as its API clients report it; the docs name only the 422).
      throw invalid({ status: [{ description: 'Status closed prevents ticket update' }] });
    }
    if (input.safe_update) {
      const stamp = input.updated_stamp === undefined ? null : parseTime(input.updated_stamp);
      // Compared to the second, like the stamps themselves: two changes within one second look alike.
      if (stamp === null || Math.floor(stamp / 1000) !== Math.floor(parseTime(current.updated_at)! / 1000) || this.deps.faults.injectConflict()) {
        throw new ApiError(409, CONFLICT_BODY);
      }
    }
    const next = structuredClone(current);
    this.applyFields(next, input, actor, false);
    let comment: Comment | null = null;
    const body = this.commentBody(input.comment);
    if (input.comment && body !== '') {
      comment = this.makeComment(id, input.comment, input.comment.author_id ?? actor.id, '', body);
      // A requester's reply reopens a pending/on-hold/solved ticket unless a status was given.
      if (input.status === undefined && !this.store.isAgent(comment.author_id) && ['pending', 'hold', 'solved'].includes(next.status)) {
        next.status = 'open';
      }
    }
    const changes = diff(current, next);
    if (Object.keys(changes).length === 0 && comment === null) return { ticket: current, audit: null };
    next.updated_at = nextStamp(this.store.now(), current.updated_at);
    if (comment) {
      comment.created_at = next.updated_at;
      this.store.ticketComments(id).push(comment);
    }
    this.store.tickets.set(id, next);
    this.store.touch(id);
    this.trackMetrics(current, next, comment);
    return this.finish(current, next, actor, comment, 'update', input.metadata);
  }

  /** PUT /tickets/update_many: like update, plus additional_tags / remove_tags. */
  updateMany(ids: number[], input: UpdateManyInput, actor: User): { id: number; success: boolean; error?: string }[] {
    return ids.map((id) => {
      try {
        const t = this.get(id);
        let tags = input.tags ? normalizeTags(input.tags) : [...t.tags];
        if (input.additional_tags) tags = normalizeTags([...tags, ...input.additional_tags]);
        if (input.remove_tags) tags = tags.filter((x) => !input.remove_tags!.includes(x));
        const { additional_tags: _a, remove_tags: _r, ...rest } = input;
        this.update(id, { ...rest, tags }, actor);
        return { id, success: true };
      } catch (e) {
        return { id, success: false, error: e instanceof ApiError ? String(e.body.error) : String(e) };
      }
    });
  }

  private finish(
    before: Ticket | null, after: Ticket, actor: User, comment: Comment | null, action: 'create' | 'update', metadata?: Record<string, unknown>,
  ): { ticket: Ticket; audit: Record<string, unknown> } {
    const events = ticketEvents(this.store, before, after, actor.id, comment);
    const entry = this.record(before, after, actor, comment, action, events.map((e) => e.type), metadata);
    this.dispatch(events, after.id);
    // Trigger-connected webhooks.
    const ctx: TriggerContext = { updateType: before === null ? 'Create' : 'Change', before, after, comment, actor };
    for (const n of runTriggers(this.store, this.deps.baseUrl(), ctx)) {
      this.deps.webhooks.send(n.webhook, n.body, { source: 'trigger', event_type: null, trigger_id: n.trigger.id, ticket_id: after.id });
    }
    return { ticket: after, audit: this.audit(entry) };
  }

  /**
   * Soft deletion (DELETE /tickets/{id}) or marking as spam: the ticket leaves the API (404) for
   * the "Deleted tickets" view, is exported once more with status "deleted", and sends its event.
   */
  softDelete(id: number, actor: User, kind: 'soft_deleted' | 'marked_as_spam'): void {
    const ticket = this.get(id);
    this.store.tickets.delete(id);
    this.store.deletedTickets.set(id, ticket);
    this.store.touch(id);
    this.dispatch([lifecycleEvent(this.store, { ...ticket, status: 'deleted' }, kind, actor.id)], id);
  }

  /** PUT /deleted_tickets/{id}/restore: the ticket is back as it was, and changed (exported, `ticket.undeleted`). */
  restore(id: number, actor: User): Ticket {
    const ticket = this.store.deletedTickets.get(id);
    if (!ticket) throw notFound();
    this.store.deletedTickets.delete(id);
    const restored = { ...ticket, updated_at: nextStamp(this.store.now(), ticket.updated_at) };
    this.store.tickets.set(id, restored);
    this.store.touch(id);
    this.dispatch([lifecycleEvent(this.store, restored, 'undeleted', actor.id)], id);
    return restored;
  }

  /** DELETE /deleted_tickets/{id}: scrubbed for good; only its id and "deleted" remain in the export. */
  deletePermanently(id: number, actor: User): void {
    const ticket = this.store.deletedTickets.get(id);
    if (!ticket) throw notFound();
    this.store.deletedTickets.delete(id);
    this.store.comments.delete(id);
    this.store.metrics.delete(id);
    this.store.touch(id);
    this.dispatch([lifecycleEvent(this.store, { ...ticket, status: 'deleted' }, 'permanently_deleted', actor.id)], id);
  }

  /** Event-subscription webhooks: one delivery per event per subscribed active webhook. */
  private dispatch(events: readonly TicketEventPayload[], ticketId: number): void {
    for (const webhook of this.store.webhooks.values()) {
      if (webhook.status !== 'active') continue;
      for (const ev of events) {
        if (!webhook.subscriptions.includes(ev.type)) continue;
        this.deps.webhooks.send(webhook, JSON.stringify(ev), { source: 'event', event_type: ev.type, trigger_id: null, ticket_id: ticketId });
      }
    }
  }

  private record(
    before: Ticket | null, after: Ticket, actor: User, comment: Comment | null,
    action: TicketHistoryEntry['action'], events: string[], metadata?: Record<string, unknown>,
  ): TicketHistoryEntry {
    const entry: TicketHistoryEntry = {
      seq: this.store.nextSeq('history'),
      ticket_id: after.id,
      at: after.updated_at,
      actor_id: actor.id,
      action,
      changes: diff(before, after),
      comment: comment ? { id: comment.id, body: comment.body, public: comment.public, author_id: comment.author_id } : null,
      events,
      ...(metadata ? { metadata: structuredClone(metadata) } : {}),
    };
    this.store.ticketHistory(after.id).push(entry);
    return entry;
  }

  /** The ticket's audits, oldest first (GET /api/v2/tickets/{id}/audits). */
  audits(id: number): Record<string, unknown>[] {
    return this.store.ticketHistory(id).map((entry) => this.audit(entry));
  }

  private audit(entry: TicketHistoryEntry): Record<string, unknown> {
    const events: Record<string, unknown>[] = [];
    let n = 1;
    if (entry.comment) {
      events.push({ id: entry.seq * 100 + n++, type: 'Comment', author_id: entry.comment.author_id, body: entry.comment.body, public: entry.comment.public });
    }
    for (const [field, ch] of Object.entries(entry.changes)) {
      if (field === 'updated_at' || field === 'description') continue;
      const type = entry.action === 'create' ? 'Create' : 'Change';
      events.push({
        id: entry.seq * 100 + n++, type, field_name: field.replace(/^custom_field_/, ''),
        value: ch.after, ...(type === 'Change' ? { previous_value: ch.before } : {}),
      });
    }
    return { id: entry.seq, ticket_id: entry.ticket_id, created_at: entry.at, author_id: entry.actor_id, via: API_VIA, metadata: { system: {}, custom: entry.metadata ?? {} }, events };
  }

  private blankTicket(requesterId: number, submitterId: number, createdAt: string): Ticket {
    return {
      id: this.store.nextId('ticket'),
      external_id: null,
      ticket_form_id: null,
      subject: '',
      raw_subject: '',
      description: '',
      status: 'new',
      priority: null,
      type: null,
      requester_id: requesterId,
      submitter_id: submitterId,
      assignee_id: null,
      organization_id: this.store.users.get(requesterId)?.organization_id ?? null,
      group_id: null,
      tags: [],
      custom_fields: this.store.fieldsOf('ticket_field').map((f) => ({ id: f.id, value: null })),
      is_public: true,
      due_at: null,
      created_at: createdAt,
      updated_at: createdAt,
      via: structuredClone(API_VIA),
    };
  }

  private resolveRequester(input: TicketCreateInput, actor: User): number {
    if (input.requester_id !== undefined) {
      if (!this.store.users.has(input.requester_id)) throw fieldError('requester_id', 'Requester: is invalid', 'InvalidValue');
      return input.requester_id;
    }
    if (input.requester) {
      const existing = this.store.userByEmail(input.requester.email);
      if (existing) return existing.id;
      const now = isoSeconds(this.store.now());
      const id = this.store.nextId('user');
      this.store.users.set(id, {
        id, name: input.requester.name ?? input.requester.email, email: input.requester.email, role: 'end-user',
        locale: 'en-US', time_zone: 'UTC', organization_id: null, default_group_id: null, tags: [],
        user_fields: Object.fromEntries(this.store.fieldsOf('user_field').map((f) => [f.key ?? String(f.id), null])),
        active: true, verified: false, phone: null, notes: '', details: '', external_id: null, created_at: now, updated_at: now,
      });
      return id;
    }
    return actor.id;
  }

  private commentBody(c: CommentInput | undefined): string {
    if (!c) return '';
    return (c.body ?? c.value ?? (c.html_body ? c.html_body.replace(/<[^>]*>/g, '') : '')).trim();
  }

  private makeComment(ticketId: number, c: CommentInput, authorId: number, at: string, body: string): Comment {
    if (!this.store.users.has(authorId)) throw fieldError('comment.author_id', 'Author: is invalid');
    return {
      id: this.store.nextId('comment'),
      ticket_id: ticketId,
      type: 'Comment',
      author_id: authorId,
      body,
      html_body: c.html_body ?? `<div class="zd-comment" dir="auto"><p>${escapeHtml(body)}</p></div>`,
      plain_body: body,
      public: c.public ?? true,
      created_at: at,
      via: structuredClone(API_VIA),
    };
  }

  private time(value: string, field: string): string {
    const ms = parseTime(value);
    if (ms === null) throw fieldError(field, `${field}: is not a valid time`);
    return isoSeconds(ms);
  }

  /** Applies the writable fields of a create/update body to `t` (validating references). */
  private applyFields(t: Ticket, input: Changes, actor: User, creating: boolean): void {
    const s = this.store;
    if (input.subject !== undefined || input.raw_subject !== undefined) {
      t.subject = input.subject ?? input.raw_subject ?? '';
      t.raw_subject = t.subject;
    }
    if (input.priority !== undefined) t.priority = input.priority;
    if (input.type !== undefined) t.type = input.type;
    if (input.external_id !== undefined) t.external_id = input.external_id;
    if (input.ticket_form_id !== undefined) {
      if (input.ticket_form_id !== null && !s.ticketForms.has(input.ticket_form_id)) throw fieldError('ticket_form_id', `Ticket form: ${input.ticket_form_id} is not a ticket form of this account`);
      t.ticket_form_id = input.ticket_form_id;
    }
    if (input.due_at !== undefined) t.due_at = input.due_at === null ? null : this.time(input.due_at, 'due_at');
    // Zendesk: only a task has a due date (the Tickets API's due_at).
    if (t.due_at !== null && t.type !== 'task') throw fieldError('due_at', 'Due date: can only be set on tickets of type task');
    if (!creating && input.requester_id !== undefined) {
      if (!s.users.has(input.requester_id)) throw fieldError('requester_id', 'Requester: is invalid');
      t.requester_id = input.requester_id;
      t.organization_id = s.users.get(input.requester_id)?.organization_id ?? null;
    }
    if (input.organization_id !== undefined) {
      if (input.organization_id !== null && !s.organizations.has(input.organization_id)) throw fieldError('organization_id', 'Organization: is invalid');
      t.organization_id = input.organization_id;
    }
    if (input.group_id !== undefined) {
      if (input.group_id !== null && !s.groups.has(input.group_id)) throw fieldError('group_id', 'Group: is invalid');
      t.group_id = input.group_id;
    }
    if (input.assignee_id !== undefined) {
      if (input.assignee_id !== null && !s.isAgent(input.assignee_id)) throw fieldError('assignee_id', 'Assignee: is not an agent');
      t.assignee_id = input.assignee_id;
      // Zendesk puts the ticket in the assignee's default group when no group is set.
      if (t.assignee_id !== null && t.group_id === null) t.group_id = s.users.get(t.assignee_id)?.default_group_id ?? null;
    }
    if (input.followers !== undefined) {
      const followers = new Set(t.follower_ids ?? []);
      for (const f of input.followers) {
        if (!s.isAgent(f.user_id)) throw fieldError('followers', 'Followers: must be agents');
        if (f.action === 'delete') followers.delete(f.user_id);
        else followers.add(f.user_id);
      }
      t.follower_ids = [...followers];
    }
    if (input.tags !== undefined) {
      t.tags = normalizeTags(input.tags);
      this.syncFieldsFromTags(t);
    }
    const fields = input.custom_fields ?? input.fields;
    if (fields !== undefined) for (const f of fields) this.setCustomField(t, f.id, f.value);
    if (input.status !== undefined) t.status = input.status;
    // Auto-open: an assigned ticket is no longer new (Zendesk moves new -> open on assignment).
    if (t.status === 'new' && t.assignee_id !== null && input.status === undefined) t.status = 'open';
    if (t.status === 'new' && t.assignee_id !== null && input.status === 'new') t.status = 'open';
    // Solving needs an assignee: Zendesk assigns the solving agent.
    if ((t.status === 'solved' || t.status === 'closed') && t.assignee_id === null) {
      if (!s.isAgent(actor.id)) throw fieldError('assignee_id', 'Assignee: is required when solving a ticket', 'BlankValue');
      t.assignee_id = actor.id;
      if (t.group_id === null) t.group_id = actor.default_group_id;
    }
    if (t.assignee_id !== null && t.group_id !== null && !s.isGroupMember(t.assignee_id, t.group_id)) {
      throw invalid({ assignee: [{ description: 'Assignee: is not a member of the group' }] });
    }
  }

  private setCustomField(t: Ticket, id: number, value: FieldValue): void {
    const def = this.store.fields.get(id);
    if (!def || def.kind !== 'ticket_field') throw fieldError(`custom_fields.${id}`, `Ticket field ${id}: does not exist`);
    let v: FieldValue = value === '' ? null : value;
    if (v !== null) {
      switch (def.type) {
        case 'tagger':
          if (typeof v !== 'string' || !def.custom_field_options?.some((o) => o.value === v)) {
            throw fieldError(`custom_fields.${id}`, `${def.title}: ${JSON.stringify(value)} is not a valid option`);
          }
          break;
        case 'integer':
          if (!Number.isInteger(Number(v)) || typeof v === 'boolean' || Array.isArray(v)) throw fieldError(`custom_fields.${id}`, `${def.title}: must be an integer`);
          v = String(Number(v));
          break;
        case 'decimal':
          if (!Number.isFinite(Number(v)) || typeof v === 'boolean' || Array.isArray(v)) throw fieldError(`custom_fields.${id}`, `${def.title}: must be a number`);
          v = String(Number(v));
          break;
        case 'checkbox':
          v = v === true || v === 'true' || v === 1;
          break;
        case 'multiselect':
          if (!Array.isArray(v)) v = [String(v)];
          break;
        default:
          if (typeof v !== 'string') v = String(v);
      }
    }
    const slot = t.custom_fields.find((f) => f.id === id);
    if (slot) slot.value = v; else t.custom_fields.push({ id, value: v });
    // Tagger and checkbox fields are tags underneath: keep the ticket's tags in step.
    if (def.type === 'checkbox' && def.tag) {
      t.tags = normalizeTags(v === true ? [...t.tags.filter((x) => x !== def.tag), def.tag] : t.tags.filter((x) => x !== def.tag));
    }
    if (def.type === 'tagger' || def.type === 'multiselect') {
      const optionTags = (def.custom_field_options ?? []).map((o) => o.value);
      const chosen = v === null ? [] : Array.isArray(v) ? v : [String(v)];
      t.tags = [...t.tags.filter((x) => !optionTags.includes(x)), ...chosen.filter((x) => !t.tags.includes(x) || optionTags.includes(x))];
      t.tags = normalizeTags(t.tags);
    }
  }

  private syncFieldsFromTags(t: Ticket): void {
    for (const def of this.store.fieldsOf('ticket_field')) {
      if (def.type !== 'tagger' && def.type !== 'multiselect') continue;
      const opts = (def.custom_field_options ?? []).map((o) => o.value).filter((v) => t.tags.includes(v));
      const slot: TicketCustomField | undefined = t.custom_fields.find((f) => f.id === def.id);
      const value: FieldValue = def.type === 'tagger' ? (opts[0] ?? null) : opts;
      if (slot) slot.value = value; else t.custom_fields.push({ id: def.id, value });
    }
  }

  private initialMetrics(t: Ticket) {
    return {
      id: this.store.nextId('ticket_metric'), ticket_id: t.id, created_at: t.created_at, updated_at: t.updated_at,
      assigned_at: null, initially_assigned_at: null, solved_at: null, status_updated_at: t.created_at,
      latest_comment_added_at: null, reopens: 0, assignee_stations: 0, group_stations: 0,
      assignee_updated_at: null, requester_updated_at: t.created_at,
    } as import('./types.ts').TicketMetricState;
  }

  private trackMetrics(before: Ticket | null, after: Ticket, comment: Comment | null): void {
    const m = this.store.metrics.get(after.id);
    if (!m) return;
    const at = after.updated_at;
    m.updated_at = at;
    if (after.assignee_id !== null && after.assignee_id !== (before?.assignee_id ?? null)) {
      m.assigned_at = at;
      m.initially_assigned_at ??= at;
      m.assignee_stations += 1;
    }
    if (after.group_id !== null && after.group_id !== (before?.group_id ?? null)) m.group_stations += 1;
    if (before === null || before.status !== after.status) m.status_updated_at = at;
    if (after.status === 'solved' && before?.status !== 'solved') m.solved_at = at;
    if (before?.status === 'solved' && after.status !== 'solved' && after.status !== 'closed') m.reopens += 1;
    if (comment) {
      m.latest_comment_added_at = comment.created_at;
      if (comment.author_id === after.assignee_id) m.assignee_updated_at = at;
      if (comment.author_id === after.requester_id) m.requester_updated_at = at;
    }
  }
}

const TRACKED: (keyof Ticket)[] = [
  'subject', 'description', 'status', 'priority', 'type', 'requester_id', 'submitter_id', 'assignee_id',
  'organization_id', 'group_id', 'tags', 'external_id', 'due_at', 'follower_ids',
];

/** Field-level differences between two versions of a ticket (custom fields as custom_field_<id>). */
export function diff(before: Ticket | null, after: Ticket): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  for (const k of TRACKED) {
    const b = before === null ? null : before[k];
    const a = after[k];
    if (JSON.stringify(b) !== JSON.stringify(a) && !(before === null && (a === null || a === '' || (Array.isArray(a) && a.length === 0)))) {
      out[k] = { before: b, after: a };
    }
  }
  for (const f of after.custom_fields) {
    const b = before?.custom_fields.find((x) => x.id === f.id)?.value ?? null;
    if (JSON.stringify(b) !== JSON.stringify(f.value)) out[`custom_field_${f.id}`] = { before: b, after: f.value };
  }
  return out;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);

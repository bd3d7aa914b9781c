/**
 * Which ZAF events the agent workspace fires when a ticket changes, computed by comparing the
 * ticket object (ZAF shape) before and after. Pure: used by the host page after the agent's own
 * update and after a poll notices a change made elsewhere (e.g. the worker raised the priority).
 */
import { CUSTOM_FIELDS_KEY } from './paths.ts';

export interface ZafEvent {
  name: string;
  data: unknown;
}

type Obj = Record<string, unknown>;

function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(obj: unknown, ...keys: string[]): unknown {
  let current: unknown = obj;
  for (const key of keys) {
    if (!isRecord(current)) return null;
    current = current[key];
  }
  return current ?? null;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sortedTags(ticket: unknown): string[] {
  const tags = field(ticket, 'tags');
  return Array.isArray(tags) ? tags.map(String).sort() : [];
}

/** Events for the fields that differ, in the order Zendesk's ticket form reports them. */
export function ticketChangeEvents(before: unknown, after: unknown): ZafEvent[] {
  const events: ZafEvent[] = [];
  const simple: Array<[string, string]> = [
    ['subject', 'ticket.subject.changed'],
    ['type', 'ticket.type.changed'],
    ['status', 'ticket.status.changed'],
    ['priority', 'ticket.priority.changed'],
  ];
  for (const [key, name] of simple) {
    if (!same(field(before, key), field(after, key))) events.push({ name, data: field(after, key) });
  }
  if (!same(sortedTags(before), sortedTags(after))) events.push({ name: 'ticket.tags.changed', data: field(after, 'tags') });
  const assigneeKey = (t: unknown) => [field(t, 'assignee', 'user', 'id'), field(t, 'assignee', 'group', 'id')];
  if (!same(assigneeKey(before), assigneeKey(after))) {
    events.push({ name: 'ticket.assignee.changed', data: field(after, 'assignee') });
    if (!same(field(before, 'assignee', 'user', 'id'), field(after, 'assignee', 'user', 'id'))) {
      events.push({ name: 'ticket.assignee.user.id.changed', data: field(after, 'assignee', 'user', 'id') });
    }
    if (!same(field(before, 'assignee', 'group', 'id'), field(after, 'assignee', 'group', 'id'))) {
      events.push({ name: 'ticket.assignee.group.id.changed', data: field(after, 'assignee', 'group', 'id') });
    }
  }
  if (!same(field(before, 'requester', 'id'), field(after, 'requester', 'id'))) {
    events.push({ name: 'ticket.requester.id.changed', data: field(after, 'requester', 'id') });
  }
  if (!same(field(before, 'organization', 'id'), field(after, 'organization', 'id'))) {
    events.push({ name: 'ticket.organization.changed', data: field(after, 'organization') });
  }
  const beforeFields = field(before, CUSTOM_FIELDS_KEY);
  const afterFields = field(after, CUSTOM_FIELDS_KEY);
  const keys = new Set([...Object.keys(isRecord(beforeFields) ? beforeFields : {}), ...Object.keys(isRecord(afterFields) ? afterFields : {})]);
  for (const key of [...keys].sort()) {
    const previous = isRecord(beforeFields) ? beforeFields[key] : null;
    const next = isRecord(afterFields) ? afterFields[key] : null;
    if (!same(previous, next)) events.push({ name: `ticket.${key}.changed`, data: next ?? null });
  }
  const beforeComments = field(before, 'comments');
  const afterComments = field(after, 'comments');
  if ((Array.isArray(afterComments) ? afterComments.length : 0) !== (Array.isArray(beforeComments) ? beforeComments.length : 0)) {
    events.push({ name: 'ticket.comments.changed', data: afterComments });
    events.push({ name: 'ticket.conversation.changed', data: afterComments });
  }
  return events;
}

/**
 * Events of the user and organization sidebars when the record changed elsewhere:
 * `<prefix>.tags.changed`, `user.organizations.changed`, `<prefix>.<field key>.changed`.
 */
export function recordChangeEvents(prefix: 'user' | 'organization', before: unknown, after: unknown): ZafEvent[] {
  const events: ZafEvent[] = [];
  if (!same(field(before, 'name'), field(after, 'name'))) events.push({ name: `${prefix}.name.changed`, data: field(after, 'name') });
  if (!same(sortedTags(before), sortedTags(after))) events.push({ name: `${prefix}.tags.changed`, data: field(after, 'tags') });
  if (prefix === 'user') {
    const ids = (record: unknown) => {
      const list = field(record, 'organizations');
      return Array.isArray(list) ? list.map((o) => field(o, 'id')) : [];
    };
    if (!same(ids(before), ids(after))) events.push({ name: 'user.organizations.changed', data: field(after, 'organizations') });
  }
  const beforeFields = field(before, CUSTOM_FIELDS_KEY);
  const afterFields = field(after, CUSTOM_FIELDS_KEY);
  const keys = new Set([...Object.keys(isRecord(beforeFields) ? beforeFields : {}), ...Object.keys(isRecord(afterFields) ? afterFields : {})]);
  for (const key of [...keys].sort()) {
    const next = isRecord(afterFields) ? afterFields[key] : null;
    if (!same(isRecord(beforeFields) ? beforeFields[key] : null, next)) events.push({ name: `${prefix}.${key}.changed`, data: next ?? null });
  }
  return events;
}

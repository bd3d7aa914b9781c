/**
 * What the ticket sidebar reads from ZAF, and the pure mapping of the answer to a snapshot.
 *
 * Why one `client.get` and no REST call: ZAF exposes custom fields of the ticket's requester
 * (`ticket.requester.customField:<key>`) and of the ticket's organization
 * (`ticket.organization.customField:<key>`) directly, and `client.get` takes a list of paths.
 * So every refresh is ONE postMessage round trip that needs no API rate limit and also sees
 * unsaved edits in the agent's ticket form, where `/api/v2/users/{id}.json?include=organizations`
 * would be a second call (plus a cache to invalidate). The organization is the ticket's
 * organization: the business the ticket is about, which is what the tier should follow.
 */
import { isAgentReply as countsAsAgentReply } from '../../shared/agent-reply.ts';
import { toPriority, toStatus, type Priority, type TicketStatus } from '../../shared/domain.ts';
import type { Settings } from '../../shared/settings.ts';
import { normaliseTags } from '../../shared/tags.ts';
import type { ZafGetResult } from '../zaf/types.ts';

/** The settings naming the customer fields Tierwise reads. */
const FIELD_SETTINGS = ['annual_spend_field', 'orders_field', 'tier_override_field', 'birthday_field', 'anniversary_field', 'last_interaction_field', 'account_manager_field'] as const;

export function customerFieldKeys(settings: Settings): string[] {
  return [...new Set(FIELD_SETTINGS.map((key) => settings[key]))];
}

export function sceneFieldPath(settings: Settings): string | null {
  return settings.scene_field_id === null ? null : `ticket.customField:custom_field_${settings.scene_field_id}`;
}

/** Every path of the one batched `client.get` a ticket sidebar refresh makes. */
export function ticketPaths(settings: Settings): string[] {
  const paths = [
    'ticket.id',
    'ticket.createdAt',
    'ticket.status',
    'ticket.priority',
    'ticket.tags',
    'ticket.assignee',
    'ticket.requester',
    'ticket.organization',
    'ticket.comments',
    'currentUser.locale',
    'colorScheme',
  ];
  for (const key of customerFieldKeys(settings)) {
    paths.push(`ticket.requester.customField:${key}`, `ticket.organization.customField:${key}`);
  }
  const scene = sceneFieldPath(settings);
  if (scene) paths.push(scene);
  return paths;
}

export interface CustomerRecordView {
  id: number | null;
  name: string | null;
  tags: string[];
  /** Custom field values by field key. */
  fields: Record<string, unknown>;
}

export interface TicketSnapshot {
  id: number | null;
  createdAt: number | null;
  status: TicketStatus;
  priority: Priority | null;
  tags: string[];
  assigneeId: number | null;
  requester: CustomerRecordView | null;
  organization: CustomerRecordView | null;
  /** Value of the scene ticket field, when `scene_field_id` is set. */
  sceneFieldValue: unknown;
  /** Public comments by agents (or admins) other than the requester. */
  agentReplies: number;
  locale: string | null;
  colorScheme: 'light' | 'dark' | null;
}

type Obj = Record<string, unknown>;
const asObject = (value: unknown): Obj | null => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : null);

export function toId(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

export function toTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function toColorScheme(value: unknown): 'light' | 'dark' | null {
  const v = typeof value === 'string' ? value : asObject(value)?.colorScheme;
  return v === 'dark' || v === 'light' ? v : null;
}

function customer(record: unknown, result: ZafGetResult, base: string, keys: readonly string[]): CustomerRecordView | null {
  const obj = asObject(record);
  const id = toId(obj?.id);
  if (!obj || id === null) return null;
  const fields: Record<string, unknown> = {};
  for (const key of keys) {
    const path = `${base}.customField:${key}`;
    if (result.errors?.[path] === undefined && result[path] !== undefined) fields[key] = result[path];
  }
  return { id, name: typeof obj.name === 'string' ? obj.name : null, tags: normaliseTags(Array.isArray(obj.tags) ? obj.tags : []), fields };
}

/** A ZAF comment (`ticket.comments`) read as comment facts, then judged by the shared rule of what an agent reply is. */
export function isAgentReply(comment: unknown, requesterId: number | null): boolean {
  const c = asObject(comment);
  const author = asObject(c?.author);
  if (!c || !author) return false;
  const isPublic = c.isPublic ?? c.public ?? (typeof c.type === 'string' ? !/internal|private/i.test(c.type) : true);
  return countsAsAgentReply({ public: isPublic !== false, author: { id: toId(author.id), role: author.role } }, requesterId);
}

/**
 * The comments after the one that opened the ticket: an agent filing a ticket for a customer
 * writes its first comment, and that is not a reply (Zendesk's `replies` metric agrees).
 */
export function repliesAfterOpening(comments: readonly unknown[]): unknown[] {
  const at = (c: unknown) => toTime(asObject(c)?.createdAt ?? asObject(c)?.created_at);
  const dated = comments.every((c) => at(c) !== null);
  const ordered = dated ? [...comments].sort((a, b) => at(a)! - at(b)!) : [...comments];
  return ordered.slice(1);
}

export function toTicketSnapshot(result: ZafGetResult, settings: Settings): TicketSnapshot {
  const keys = customerFieldKeys(settings);
  const requester = customer(result['ticket.requester'], result, 'ticket.requester', keys);
  const organization = customer(result['ticket.organization'], result, 'ticket.organization', keys);
  const assignee = asObject(result['ticket.assignee']);
  const comments = Array.isArray(result['ticket.comments']) ? result['ticket.comments'] : [];
  const scenePath = sceneFieldPath(settings);
  return {
    id: toId(result['ticket.id']),
    createdAt: toTime(result['ticket.createdAt']),
    status: toStatus(result['ticket.status']) ?? 'new',
    priority: toPriority(result['ticket.priority']),
    tags: normaliseTags(Array.isArray(result['ticket.tags']) ? result['ticket.tags'] : []),
    assigneeId: toId(asObject(assignee?.user)?.id),
    requester,
    organization,
    sceneFieldValue: scenePath ? result[scenePath] : undefined,
    agentReplies: repliesAfterOpening(comments).filter((c) => isAgentReply(c, requester?.id ?? null)).length,
    locale: typeof result['currentUser.locale'] === 'string' ? result['currentUser.locale'] : null,
    colorScheme: toColorScheme(result.colorScheme),
  };
}

/** ZAF ticket sidebar events after which the sidebar reads the ticket again. */
export function ticketEvents(settings: Settings): string[] {
  const events = [
    'ticket.priority.changed',
    'ticket.tags.changed',
    'ticket.status.changed',
    'ticket.requester.id.changed',
    'ticket.assignee.user.id.changed',
    'ticket.assignee.group.id.changed',
    'ticket.comments.changed',
    'ticket.conversation.changed',
    'ticket.updated',
    'ticket.submit.done',
  ];
  if (settings.scene_field_id !== null) events.push(`ticket.custom_field_${settings.scene_field_id}.changed`);
  return events;
}

/**
 * Zendesk REST JSON (snake_case) -> the objects the Zendesk App Framework hands to an app
 * through `client.get(...)` (camelCase: ticket, user, organization, group, comment).
 *
 * Custom fields are never put on the objects themselves: ZAF only exposes them through paths
 * such as `ticket.requester.customField:annual_spend` or
 * `ticket.customField:custom_field_123`. They travel under the reserved `$customFields` key,
 * which the path resolver reads and strips from every answer, so an app cannot come to depend
 * on a property the real agent workspace does not have.
 */

export const CUSTOM_FIELDS_KEY = '$customFields';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The subset of Zendesk's REST shapes this module reads. Extra fields are ignored. */
export interface ApiUser {
  id: number;
  name: string;
  email?: string | null;
  role?: string;
  locale?: string;
  time_zone?: string;
  organization_id?: number | null;
  tags?: string[];
  user_fields?: Record<string, unknown>;
  external_id?: string | null;
  details?: string | null;
  notes?: string | null;
  photo?: { content_url?: string } | null;
}

export interface ApiOrganization {
  id: number;
  name: string;
  tags?: string[];
  details?: string | null;
  notes?: string | null;
  domain_names?: string[];
  external_id?: string | null;
  group_id?: number | null;
  shared_tickets?: boolean;
  shared_comments?: boolean;
  organization_fields?: Record<string, unknown>;
}

export interface ApiGroup {
  id: number;
  name: string;
}

export interface ApiComment {
  id: number;
  author_id: number;
  body?: string;
  html_body?: string;
  plain_body?: string;
  public?: boolean;
  created_at?: string;
  via?: { channel?: string } | null;
}

export interface ApiTicket {
  id: number;
  subject?: string | null;
  description?: string | null;
  status?: string;
  priority?: string | null;
  type?: string | null;
  tags?: string[];
  requester_id: number;
  assignee_id?: number | null;
  group_id?: number | null;
  organization_id?: number | null;
  custom_fields?: Array<{ id: number; value: unknown }>;
  created_at?: string;
  updated_at?: string;
  external_id?: string | null;
  due_at?: string | null;
  via?: { channel?: string } | null;
  brand_id?: number | null;
}

export function toJson(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(v);
    return out;
  }
  return null;
}

export function zafGroup(group: ApiGroup | null | undefined): JsonObject | null {
  return group ? { id: group.id, name: group.name } : null;
}

export function zafOrganization(org: ApiOrganization | null | undefined, groups: readonly ApiGroup[] = []): JsonObject | null {
  if (!org) return null;
  const group = groups.find((g) => g.id === org.group_id) ?? null;
  return {
    id: org.id,
    name: org.name,
    details: org.details ?? '',
    notes: org.notes ?? '',
    domains: (org.domain_names ?? []).join(' '),
    externalId: org.external_id ?? null,
    group: zafGroup(group),
    sharedTickets: org.shared_tickets ?? false,
    sharedComments: org.shared_comments ?? false,
    tags: [...(org.tags ?? [])],
    [CUSTOM_FIELDS_KEY]: toJson(org.organization_fields ?? {}),
  };
}

export function zafUser(
  user: ApiUser | null | undefined,
  organizations: readonly ApiOrganization[] = [],
  groups: readonly ApiGroup[] = [],
): JsonObject | null {
  if (!user) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? null,
    role: user.role ?? 'end-user',
    locale: user.locale ?? 'en-US',
    timeZone: { ianaName: user.time_zone ?? 'UTC', name: user.time_zone ?? 'UTC' },
    avatarUrl: user.photo?.content_url ?? null,
    externalId: user.external_id ?? null,
    details: user.details ?? '',
    notes: user.notes ?? '',
    tags: [...(user.tags ?? [])],
    organizations: organizations.map((o) => zafOrganization(o, groups)),
    groups: groups.map((g) => zafGroup(g)),
    [CUSTOM_FIELDS_KEY]: toJson(user.user_fields ?? {}),
  };
}

/** A comment author as ZAF shows it: enough to tell an agent's reply from the customer's. */
export function zafAuthor(user: ApiUser | null | undefined): JsonObject {
  return user
    ? { id: user.id, name: user.name, email: user.email ?? null, role: user.role ?? 'end-user', avatarUrl: user.photo?.content_url ?? null }
    : { id: null, name: 'Unknown', email: null, role: 'end-user', avatarUrl: null };
}

export function zafComment(comment: ApiComment, author: ApiUser | null | undefined): JsonObject {
  return {
    id: comment.id,
    value: comment.html_body ?? comment.body ?? '',
    author: zafAuthor(author),
    isPublic: comment.public ?? true,
    createdAt: comment.created_at ?? null,
    channel: comment.via?.channel ?? 'web',
    imageAttachments: [],
    nonImageAttachments: [],
  };
}

export interface TicketParts {
  ticket: ApiTicket;
  requester: ApiUser | null;
  requesterOrganizations: readonly ApiOrganization[];
  organization: ApiOrganization | null;
  assignee: ApiUser | null;
  groups: readonly ApiGroup[];
  comments: ReadonlyArray<{ comment: ApiComment; author: ApiUser | null }>;
}

export function zafTicket(parts: TicketParts): JsonObject {
  const { ticket, groups } = parts;
  const group = groups.find((g) => g.id === ticket.group_id) ?? null;
  const customFields: JsonObject = {};
  for (const field of ticket.custom_fields ?? []) customFields[`custom_field_${field.id}`] = toJson(field.value);
  return {
    id: ticket.id,
    subject: ticket.subject ?? '',
    description: ticket.description ?? '',
    status: ticket.status ?? 'new',
    priority: ticket.priority ?? null,
    type: ticket.type ?? null,
    tags: [...(ticket.tags ?? [])],
    externalId: ticket.external_id ?? null,
    isNew: false,
    createdAt: ticket.created_at ?? null,
    updatedAt: ticket.updated_at ?? null,
    dueDate: ticket.due_at ?? null,
    via: { channel: ticket.via?.channel ?? 'web' },
    brand: ticket.brand_id ? { id: ticket.brand_id } : null,
    requester: zafUser(parts.requester, parts.requesterOrganizations),
    organization: zafOrganization(parts.organization, groups),
    assignee: { user: zafUser(parts.assignee), group: zafGroup(group) },
    collaborators: [],
    sharedWith: [],
    comments: parts.comments.map(({ comment, author }) => zafComment(comment, author)),
    [CUSTOM_FIELDS_KEY]: customFields,
  };
}

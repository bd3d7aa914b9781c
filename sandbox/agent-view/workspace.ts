/**
 * Reads what an agent sees on a page from the Zendesk API and shapes it for two readers:
 * the server-rendered page (REST shapes) and the app (ZAF shapes, answered by `client.get`).
 */
import type { ZendeskApi } from './zendesk-api.ts';
import {
  zafOrganization, zafTicket, zafUser,
  type ApiComment, type ApiGroup, type ApiOrganization, type ApiTicket, type ApiUser, type JsonObject,
} from './zaf-model.ts';

export interface TicketView {
  ticket: ApiTicket;
  requester: ApiUser | null;
  organization: ApiOrganization | null;
  assignee: ApiUser | null;
  group: ApiGroup | null;
  groups: ApiGroup[];
  comments: Array<{ comment: ApiComment; author: ApiUser | null }>;
  zaf: JsonObject;
}

export interface UserView {
  user: ApiUser;
  organization: ApiOrganization | null;
  tickets: ApiTicket[];
  zaf: JsonObject;
}

export interface OrganizationView {
  organization: ApiOrganization;
  tickets: ApiTicket[];
  zaf: JsonObject;
}

async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch {
    return null;
  }
}

class UserCache {
  private readonly users = new Map<number, Promise<ApiUser | null>>();
  constructor(private readonly api: ZendeskApi) {}
  get(id: number | null | undefined): Promise<ApiUser | null> {
    if (id === null || id === undefined) return Promise.resolve(null);
    let user = this.users.get(id);
    if (!user) {
      user = orNull(this.api.user(id));
      this.users.set(id, user);
    }
    return user;
  }
}

export async function loadTicket(api: ZendeskApi, id: number): Promise<TicketView> {
  const users = new UserCache(api);
  const ticket = await api.ticket(id);
  const [requester, assignee, groups, comments] = await Promise.all([
    users.get(ticket.requester_id),
    users.get(ticket.assignee_id),
    orNull(api.groups()).then((g) => g ?? []),
    orNull(api.comments(id)).then((c) => c ?? []),
  ]);
  const organizationId = ticket.organization_id ?? requester?.organization_id ?? null;
  const [organization, withAuthors] = await Promise.all([
    organizationId ? orNull(api.organization(organizationId)) : Promise.resolve(null),
    Promise.all(comments.map(async (comment) => ({ comment, author: await users.get(comment.author_id) }))),
  ]);
  const requesterOrganizations = requester?.organization_id && organization && requester.organization_id === organization.id ? [organization] : [];
  const group = groups.find((g) => g.id === ticket.group_id) ?? null;
  const zaf = zafTicket({ ticket, requester, requesterOrganizations, organization, assignee, groups, comments: withAuthors });
  return { ticket, requester, organization, assignee, group, groups, comments: withAuthors, zaf };
}

export async function loadUser(api: ZendeskApi, id: number): Promise<UserView> {
  const user = await api.user(id);
  const [organization, tickets] = await Promise.all([
    user.organization_id ? orNull(api.organization(user.organization_id)) : Promise.resolve(null),
    orNull(api.tickets()).then((all) => (all ?? []).filter((t) => t.requester_id === id)),
  ]);
  const zaf = zafUser(user, organization ? [organization] : []) as JsonObject;
  return { user, organization, tickets, zaf };
}

export async function loadOrganization(api: ZendeskApi, id: number): Promise<OrganizationView> {
  const organization = await api.organization(id);
  const groups = (await orNull(api.groups())) ?? [];
  const tickets = ((await orNull(api.tickets())) ?? []).filter((t) => t.organization_id === id);
  return { organization, tickets, zaf: zafOrganization(organization, groups) as JsonObject };
}

/** `currentUser` as ZAF returns it; the page's locale switch overrides the stored locale. */
export async function loadCurrentUser(api: ZendeskApi, locale: string | null): Promise<{ me: ApiUser; zaf: JsonObject }> {
  const [me, groups] = await Promise.all([api.me(), orNull(api.groups())]);
  const organization = me.organization_id ? await orNull(api.organization(me.organization_id)) : null;
  const zaf = zafUser(me, organization ? [organization] : [], groups ?? []) as JsonObject;
  if (locale) zaf['locale'] = locale;
  return { me, zaf };
}

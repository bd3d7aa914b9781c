// /api/v2/group_memberships, /groups/{id}/memberships, /users/{id}/group_memberships
// (Zendesk's Group Memberships API: only agents and admins can be members; a pair exists once).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';
import { paginate } from '../pagination.ts';
import type { SimulatorStore } from '../store.ts';
import { isoSeconds } from '../time.ts';
import type { GroupMembership } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';

export function addGroupMembership(store: SimulatorStore, userId: number, groupId: number): GroupMembership {
  if (!store.groups.has(groupId)) throw fieldError('group_id', 'Group: is invalid');
  if (!store.isAgent(userId)) throw fieldError('user_id', 'User: must be an agent to be a member of a group');
  if (store.isGroupMember(userId, groupId)) throw fieldError('user_id', 'User: is already a member of this group', 'DuplicateValue');
  const now = isoSeconds(store.now());
  const first = ![...store.groupMemberships.values()].some((m) => m.user_id === userId);
  const membership: GroupMembership = { id: store.nextId('group_membership'), user_id: userId, group_id: groupId, default: first, created_at: now, updated_at: now };
  store.groupMemberships.set(membership.id, membership);
  return membership;
}

export function groupMembershipRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (m: GroupMembership) => ({ url: `${deps.baseUrl()}/api/v2/group_memberships/${m.id}.json`, ...m });
  const list = (keep: (m: GroupMembership) => boolean) => [...store.groupMemberships.values()].filter(keep);
  const page = (c: Context<AppEnv>, items: GroupMembership[]) =>
    c.json(paginate(c, items, 'group_memberships', present, deps.baseUrl()));

  app.get('/group_memberships', (c) => page(c, list(() => true)));
  app.get('/group_memberships/:id{[0-9]+}', (c) => {
    const m = store.groupMemberships.get(idParam(c));
    if (!m) throw notFound();
    return c.json({ group_membership: present(m) });
  });
  app.get('/groups/:id{[0-9]+}/memberships', (c) => {
    const id = idParam(c);
    if (!store.groups.has(id)) throw notFound();
    return page(c, list((m) => m.group_id === id));
  });
  app.get('/users/:id{[0-9]+}/group_memberships', (c) => {
    const id = idParam(c);
    if (!store.users.has(id)) throw notFound();
    return page(c, list((m) => m.user_id === id));
  });
  app.post('/group_memberships', async (c) => {
    const { group_membership: input } = await parseBody(c, z.object({ group_membership: z.object({ user_id: z.number().int(), group_id: z.number().int() }) }));
    return c.json({ group_membership: present(addGroupMembership(store, input.user_id, input.group_id)) }, 201);
  });
  app.delete('/group_memberships/:id{[0-9]+}', (c) => {
    const id = idParam(c);
    if (!store.groupMemberships.delete(id)) throw notFound();
    return c.body(null, 204);
  });
  return app;
}

// /api/v2/users
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { dispatchCustomerFieldEvents } from '../customer-events.ts';
import { fieldError, notFound } from '../errors.ts';
import { mergeFieldValues, withAllKeys } from '../field-values.ts';
import { paginate } from '../pagination.ts';
import { presentOrganization, presentUser } from '../present.ts';
import { isoSeconds, nextStamp } from '../time.ts';
import { addGroupMembership } from './group-memberships.ts';
import type { User } from '../types.ts';
import { idSchema, normalizeTags, parseBody, parseIdList, tagsSchema } from '../validation.ts';
import { idParam, pickMany, SHOW_MANY_LIMIT } from './util.ts';

const userFields = {
  name: z.string().min(1).optional(),
  email: z.email().nullable().optional(),
  role: z.enum(['end-user', 'agent', 'admin']).optional(),
  locale: z.string().optional(),
  time_zone: z.string().optional(),
  organization_id: idSchema.nullable().optional(),
  default_group_id: idSchema.nullable().optional(),
  tags: tagsSchema.optional(),
  user_fields: z.record(z.string(), z.unknown(), 'must be an object').optional(),
  phone: z.string().nullable().optional(),
  notes: z.string().optional(),
  details: z.string().optional(),
  external_id: z.string().nullable().optional(),
  verified: z.boolean().optional(),
  ticket_restriction: z.enum(['organization', 'groups', 'assigned', 'requested']).nullable().optional(),
};
const createSchema = z.object({ user: z.object({ ...userFields, name: z.string().min(1, 'cannot be blank') }) });
const updateSchema = z.object({ user: z.object(userFields) });

export function userRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (u: User) => presentUser(deps.baseUrl(), u);
  const get = (id: number): User => {
    const u = store.users.get(id);
    if (!u) throw notFound();
    return u;
  };
  const checkRefs = (u: { organization_id?: number | null | undefined; default_group_id?: number | null | undefined; email?: string | null | undefined }, selfId: number | null): void => {
    if (u.organization_id != null && !store.organizations.has(u.organization_id)) throw fieldError('organization_id', 'Organization: is invalid');
    if (u.default_group_id != null && !store.groups.has(u.default_group_id)) throw fieldError('default_group_id', 'Default group: is invalid');
    if (u.email) {
      const other = store.userByEmail(u.email);
      if (other && other.id !== selfId) throw fieldError('email', `Email: ${u.email} is already being used by another user`, 'DuplicateValue');
    }
  };

  app.get('/users', (c) => {
    let list = [...store.users.values()];
    const role = c.req.query('role');
    if (role) list = list.filter((u) => u.role === role);
    return c.json(paginate(c, list, 'users', present, deps.baseUrl()));
  });
  app.get('/users/me', (c) => c.json({ user: present(c.get('actor')) }));
  app.get('/users/show_many', (c) => {
    const users = pickMany(parseIdList(c.req.query('ids')).slice(0, SHOW_MANY_LIMIT), store.users);
    const includes = (c.req.query('include') ?? '').split(',');
    const organizationIds = new Set(users.flatMap((u) => (u.organization_id === null ? [] : [u.organization_id])));
    const sideload = includes.includes('organizations') ? { organizations: pickMany([...organizationIds], store.organizations).map((o) => presentOrganization(deps.baseUrl(), o)) } : {};
    return c.json({ users: users.map(present), ...sideload });
  });
  app.get('/users/search', (c) => {
    const q = (c.req.query('query') ?? c.req.query('email') ?? '').toLowerCase();
    const ext = c.req.query('external_id');
    const list = [...store.users.values()].filter((u) =>
      ext !== undefined ? u.external_id === ext : q !== '' && (u.email?.toLowerCase() === q || u.name.toLowerCase().includes(q)));
    return c.json({ users: list.map(present), next_page: null, previous_page: null, count: list.length });
  });
  app.get('/users/:id{[0-9]+}', (c) => {
    const user = get(idParam(c));
    const includes = (c.req.query('include') ?? '').split(',');
    const organization = user.organization_id === null ? undefined : store.organizations.get(user.organization_id);
    const sideload = includes.includes('organizations') ? { organizations: organization ? [presentOrganization(deps.baseUrl(), organization)] : [] } : {};
    return c.json({ user: present(user), ...sideload });
  });

  app.post('/users', async (c) => {
    const { user: input } = await parseBody(c, createSchema);
    checkRefs(input, null);
    const now = isoSeconds(store.now());
    const id = store.nextId('user');
    const user: User = {
      id, name: input.name, email: input.email ?? null, role: input.role ?? 'end-user', locale: input.locale ?? 'en-US',
      time_zone: input.time_zone ?? 'UTC', organization_id: input.organization_id ?? null, default_group_id: input.default_group_id ?? null,
      tags: normalizeTags(input.tags ?? []), user_fields: mergeFieldValues(store, 'user_field', {}, input.user_fields ?? {}),
      active: true, verified: input.verified ?? false, phone: input.phone ?? null, notes: input.notes ?? '', details: input.details ?? '',
      external_id: input.external_id ?? null, created_at: now, updated_at: now,
    };
    store.users.set(id, user);
    // Zendesk makes a new agent a member of their default group.
    if (user.default_group_id !== null && store.isAgent(id)) addGroupMembership(store, id, user.default_group_id);
    return c.json({ user: present(user) }, 201);
  });

  app.put('/users/:id{[0-9]+}', async (c) => {
    const current = get(idParam(c));
    const { user: input } = await parseBody(c, updateSchema);
    checkRefs(input, current.id);
    const next: User = structuredClone(current);
    const { user_fields, tags, ...scalars } = input;
    for (const [k, v] of Object.entries(scalars)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    if (tags !== undefined) next.tags = normalizeTags(tags); // tags replace
    if (user_fields !== undefined) next.user_fields = mergeFieldValues(store, 'user_field', current.user_fields, user_fields); // merged
    next.user_fields = withAllKeys(store, 'user_field', next.user_fields);
    if (JSON.stringify(next) !== JSON.stringify(current)) next.updated_at = nextStamp(store.now(), current.updated_at);
    store.users.set(next.id, next);
    dispatchCustomerFieldEvents(deps, 'user', current, next);
    return c.json({ user: present(next) });
  });

  return app;
}

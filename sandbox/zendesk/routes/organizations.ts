// /api/v2/organizations
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { dispatchCustomerFieldEvents } from '../customer-events.ts';
import { fieldError, notFound } from '../errors.ts';
import { mergeFieldValues, withAllKeys } from '../field-values.ts';
import { paginate } from '../pagination.ts';
import { presentOrganization, presentUser } from '../present.ts';
import { isoSeconds, nextStamp } from '../time.ts';
import type { Organization } from '../types.ts';
import { idSchema, normalizeTags, parseBody, parseIdList, tagsSchema } from '../validation.ts';
import { idParam, pickMany } from './util.ts';

const orgFields = {
  name: z.string().min(1, 'cannot be blank').optional(),
  domain_names: z.array(z.string()).optional(),
  details: z.string().optional(),
  notes: z.string().optional(),
  group_id: idSchema.nullable().optional(),
  shared_tickets: z.boolean().optional(),
  shared_comments: z.boolean().optional(),
  external_id: z.string().nullable().optional(),
  tags: tagsSchema.optional(),
  organization_fields: z.record(z.string(), z.unknown(), 'must be an object').optional(),
};
const createSchema = z.object({ organization: z.object({ ...orgFields, name: z.string().min(1, 'cannot be blank') }) });
const updateSchema = z.object({ organization: z.object(orgFields) });

export function organizationRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (o: Organization) => presentOrganization(deps.baseUrl(), o);
  const get = (id: number): Organization => {
    const o = store.organizations.get(id);
    if (!o) throw notFound();
    return o;
  };
  const checkName = (name: string | undefined, selfId: number | null): void => {
    if (name === undefined) return;
    const other = store.organizationByName(name);
    if (other && other.id !== selfId) throw fieldError('name', 'Name: has already been taken', 'DuplicateValue');
  };

  app.get('/organizations', (c) => c.json(paginate(c, [...store.organizations.values()], 'organizations', present, deps.baseUrl())));
  app.get('/organizations/show_many', (c) =>
    c.json({ organizations: pickMany(parseIdList(c.req.query('ids')), store.organizations).map(present) }));
  app.get('/organizations/:id{[0-9]+}', (c) => c.json({ organization: present(get(idParam(c))) }));
  app.get('/organizations/:id{[0-9]+}/users', (c) => {
    const id = get(idParam(c)).id;
    const users = [...store.users.values()].filter((u) => u.organization_id === id);
    return c.json(paginate(c, users, 'users', (u) => presentUser(deps.baseUrl(), u), deps.baseUrl()));
  });

  app.post('/organizations', async (c) => {
    const { organization: input } = await parseBody(c, createSchema);
    checkName(input.name, null);
    if (input.group_id != null && !store.groups.has(input.group_id)) throw fieldError('group_id', 'Group: is invalid');
    const now = isoSeconds(store.now());
    const org: Organization = {
      id: store.nextId('organization'), name: input.name, domain_names: input.domain_names ?? [], details: input.details ?? '',
      notes: input.notes ?? '', group_id: input.group_id ?? null, shared_tickets: input.shared_tickets ?? false,
      shared_comments: input.shared_comments ?? false, external_id: input.external_id ?? null, tags: normalizeTags(input.tags ?? []),
      organization_fields: mergeFieldValues(store, 'organization_field', {}, input.organization_fields ?? {}),
      created_at: now, updated_at: now,
    };
    store.organizations.set(org.id, org);
    return c.json({ organization: present(org) }, 201);
  });

  app.put('/organizations/:id{[0-9]+}', async (c) => {
    const current = get(idParam(c));
    const { organization: input } = await parseBody(c, updateSchema);
    checkName(input.name, current.id);
    if (input.group_id != null && !store.groups.has(input.group_id)) throw fieldError('group_id', 'Group: is invalid');
    const next: Organization = structuredClone(current);
    const { organization_fields, tags, ...scalars } = input;
    for (const [k, v] of Object.entries(scalars)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    if (tags !== undefined) next.tags = normalizeTags(tags);
    if (organization_fields !== undefined) {
      next.organization_fields = mergeFieldValues(store, 'organization_field', current.organization_fields, organization_fields);
    }
    next.organization_fields = withAllKeys(store, 'organization_field', next.organization_fields);
    if (JSON.stringify(next) !== JSON.stringify(current)) next.updated_at = nextStamp(store.now(), current.updated_at);
    store.organizations.set(next.id, next);
    dispatchCustomerFieldEvents(deps, 'organization', current, next);
    return c.json({ organization: present(next) });
  });

  return app;
}

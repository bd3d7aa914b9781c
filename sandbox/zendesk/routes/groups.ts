// /api/v2/groups
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';
import { paginate } from '../pagination.ts';
import { presentGroup, presentUser } from '../present.ts';
import type { SimulatorStore } from '../store.ts';
import { isoSeconds } from '../time.ts';
import type { Group } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';

export function createGroup(store: SimulatorStore, name: string, description = ''): Group {
  if (store.groupByName(name)) throw fieldError('name', 'Name: has already been taken', 'DuplicateValue');
  const now = isoSeconds(store.now());
  const group: Group = {
    id: store.nextId('group'), name, description, default: store.groups.size === 0, deleted: false, is_public: true,
    created_at: now, updated_at: now,
  };
  store.groups.set(group.id, group);
  return group;
}

export function groupRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (g: Group) => presentGroup(deps.baseUrl(), g);
  const get = (id: number): Group => {
    const g = store.groups.get(id);
    if (!g) throw notFound();
    return g;
  };
  app.get('/groups', (c) => c.json(paginate(c, [...store.groups.values()], 'groups', present, deps.baseUrl())));
  // For an admin (the API token's user) every group that is not deleted is assignable.
  app.get('/groups/assignable', (c) => c.json(paginate(c, [...store.groups.values()].filter((g) => !g.deleted), 'groups', present, deps.baseUrl())));
  app.get('/groups/:id{[0-9]+}', (c) => c.json({ group: present(get(idParam(c))) }));
  app.get('/groups/:id{[0-9]+}/users', (c) => {
    const g = get(idParam(c));
    const users = [...store.users.values()].filter((u) => store.isGroupMember(u.id, g.id));
    return c.json(paginate(c, users, 'users', (u) => presentUser(deps.baseUrl(), u), deps.baseUrl()));
  });
  app.post('/groups', async (c) => {
    const { group } = await parseBody(c, z.object({ group: z.object({ name: z.string().min(1, 'cannot be blank'), description: z.string().optional() }) }));
    return c.json({ group: present(createGroup(store, group.name, group.description)) }, 201);
  });
  return app;
}

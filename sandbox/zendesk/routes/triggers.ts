// /api/v2/triggers
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { presentTrigger } from '../present.ts';
import { isoSeconds, nextStamp } from '../time.ts';
import type { Trigger } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';
import { connectionMethod } from './webhooks.ts';

const condition = z.object({ field: z.string().min(1), operator: z.string().min(1), value: z.unknown().optional() });
const conditions = z.object({ all: z.array(condition).default([]), any: z.array(condition).default([]) });
const action = z.object({ field: z.string().min(1), value: z.unknown() });
const shape = {
  title: z.string().min(1, 'cannot be blank'),
  description: z.string().optional(),
  active: z.boolean().default(true),
  position: z.number().int().optional(),
  category_id: z.string().nullable().optional(),
  conditions,
  actions: z.array(action).min(1, 'at least one action is required'),
};
const createSchema = z.object({ trigger: z.object(shape) });
const updateSchema = z.object({ trigger: z.object(z.object(shape).partial().shape) });

/** A trigger can notify only webhooks connected to triggers and automations, not event-subscribed ones. */
function checkWebhookActions(store: Deps['store'], actions: ReadonlyArray<{ field: string; value: unknown }>): void {
  for (const a of actions) {
    if (a.field !== 'notification_webhook') continue;
    const id = Array.isArray(a.value) ? a.value[0] : undefined;
    const hook = typeof id === 'string' ? store.webhooks.get(id) : undefined;
    if (!hook) throw invalid({ base: [{ description: `Webhook ${String(id)} does not exist` }] });
    if (connectionMethod(hook.subscriptions) !== 'trigger') {
      throw invalid({ base: [{ description: `Webhook ${hook.id} is subscribed to Zendesk events and cannot be used in a trigger` }] });
    }
  }
}

export function triggerRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (t: Trigger) => presentTrigger(deps.baseUrl(), t);
  const get = (id: number): Trigger => {
    const t = store.triggers.get(id);
    if (!t) throw notFound();
    return t;
  };
  app.get('/triggers', (c) => {
    let list = [...store.triggers.values()].sort((a, b) => a.position - b.position);
    const active = c.req.query('active');
    if (active !== undefined) list = list.filter((t) => String(t.active) === active);
    return c.json({ triggers: list.map(present), next_page: null, previous_page: null, count: list.length });
  });
  app.get('/triggers/active', (c) => {
    const list = [...store.triggers.values()].filter((t) => t.active).sort((a, b) => a.position - b.position);
    return c.json({ triggers: list.map(present), next_page: null, previous_page: null, count: list.length });
  });
  app.get('/triggers/:id{[0-9]+}', (c) => c.json({ trigger: present(get(idParam(c))) }));
  app.post('/triggers', async (c) => {
    const { trigger: input } = await parseBody(c, createSchema);
    checkWebhookActions(store, input.actions);
    const now = isoSeconds(store.now());
    const t: Trigger = {
      id: store.nextId('trigger'), title: input.title, description: input.description ?? '', active: input.active,
      position: input.position ?? store.triggers.size + 1, category_id: input.category_id ?? null,
      conditions: input.conditions, actions: input.actions.map((a) => ({ field: a.field, value: a.value })), created_at: now, updated_at: now,
    };
    store.triggers.set(t.id, t);
    return c.json({ trigger: present(t) }, 201);
  });
  app.put('/triggers/:id{[0-9]+}', async (c) => {
    const t = get(idParam(c));
    const { trigger: input } = await parseBody(c, updateSchema);
    if (input.actions !== undefined) checkWebhookActions(store, input.actions);
    if (input.title !== undefined) t.title = input.title;
    if (input.description !== undefined) t.description = input.description;
    if (input.active !== undefined) t.active = input.active;
    if (input.position !== undefined) t.position = input.position;
    if (input.category_id !== undefined) t.category_id = input.category_id;
    if (input.conditions !== undefined) t.conditions = input.conditions;
    if (input.actions !== undefined) t.actions = input.actions.map((a) => ({ field: a.field, value: a.value }));
    t.updated_at = nextStamp(store.now(), t.updated_at);
    return c.json({ trigger: present(t) });
  });
  app.delete('/triggers/:id{[0-9]+}', (c) => {
    store.triggers.delete(get(idParam(c)).id);
    return c.body(null, 204);
  });
  return app;
}

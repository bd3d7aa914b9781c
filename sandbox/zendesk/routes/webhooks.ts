// /api/v2/webhooks (Zendesk's webhooks API: JSON without .json, PATCH, signing_secret).
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Handler } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { presentWebhook } from '../present.ts';
import type { SimulatorStore } from '../store.ts';
import { isoSeconds } from '../time.ts';
import type { Webhook } from '../types.ts';
import { parseBody } from '../validation.ts';

const shape = {
  name: z.string().min(1, 'cannot be blank'),
  description: z.string().optional(),
  endpoint: z.url('must be a valid URL'),
  http_method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  request_format: z.enum(['json', 'xml', 'form_encoded']).default('json'),
  status: z.enum(['active', 'inactive']).default('active'),
  subscriptions: z.array(z.string()).default(['conditional_ticket_events']),
  custom_headers: z.record(z.string(), z.string()).optional(),
  signing_secret: z.object({ secret: z.string().min(1), algorithm: z.literal('SHA256').optional() }).optional(),
};
const createSchema = z.object({ webhook: z.object(shape) });
const patchSchema = z.object({
  webhook: z.object({
    name: shape.name.optional(), description: shape.description, endpoint: shape.endpoint.optional(),
    http_method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    request_format: z.enum(['json', 'xml', 'form_encoded']).optional(),
    status: z.enum(['active', 'inactive']).optional(), subscriptions: z.array(z.string()).optional(),
    custom_headers: z.record(z.string(), z.string()).optional(),
  }),
});

/** Trigger/automation webhooks subscribe to "conditional_ticket_events" only; the rest subscribe to event types. */
export const TRIGGER_SUBSCRIPTION = 'conditional_ticket_events';
export type ConnectionMethod = 'trigger' | 'events';
export const connectionMethod = (subscriptions: readonly string[]): ConnectionMethod =>
  subscriptions.includes(TRIGGER_SUBSCRIPTION) ? 'trigger' : 'events';

const newSecret = (): string => randomBytes(32).toString('base64url');

/** Zendesk webhook ids are ULID-like strings. */
function webhookId(store: SimulatorStore): string {
  return `01SIMWH${String(store.nextSeq('webhook')).padStart(19, '0')}`;
}

export function createWebhook(store: SimulatorStore, input: z.infer<typeof createSchema>['webhook'], actorId: number): Webhook {
  const now = isoSeconds(store.now());
  const hook: Webhook = {
    id: webhookId(store), name: input.name, description: input.description ?? '', status: input.status, endpoint: input.endpoint,
    http_method: input.http_method, request_format: input.request_format, subscriptions: input.subscriptions,
    custom_headers: input.custom_headers ?? {}, signing_secret: input.signing_secret?.secret ?? newSecret(),
    created_at: now, created_by: String(actorId), updated_at: now, updated_by: String(actorId),
  };
  store.webhooks.set(hook.id, hook);
  return hook;
}

export function webhookRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const get = (id: string): Webhook => {
    const w = store.webhooks.get(id);
    if (!w) throw notFound();
    return w;
  };
  app.get('/webhooks', (c) => {
    const list = [...store.webhooks.values()];
    return c.json({ webhooks: list.map(presentWebhook), meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { next: null, prev: null } });
  });
  app.post('/webhooks', async (c) => {
    const { webhook } = await parseBody(c, createSchema);
    return c.json({ webhook: presentWebhook(createWebhook(store, webhook, c.get('actor').id)) }, 201);
  });
  app.get('/webhooks/:id', (c) => c.json({ webhook: presentWebhook(get(c.req.param('id'))) }));
  const patch: Handler<AppEnv, '/webhooks/:id'> = async (c) => {
    const hook = get(c.req.param('id'));
    const { webhook } = await parseBody(c, patchSchema);
    // Zendesk fixes the connection method (trigger/automation vs event subscriptions) at creation.
    if (webhook.subscriptions !== undefined && connectionMethod(webhook.subscriptions) !== connectionMethod(hook.subscriptions)) {
      throw new ApiError(400, { errors: [{
        code: 'InvalidSubscriptions', title: 'Connection method cannot be changed',
        detail: `This webhook is connected ${connectionMethod(hook.subscriptions) === 'trigger' ? 'to triggers and automations' : 'by event subscriptions'}; create another webhook for the other connection method.`,
      }] });
    }
    for (const [k, v] of Object.entries(webhook)) if (v !== undefined) (hook as unknown as Record<string, unknown>)[k] = v;
    hook.updated_at = isoSeconds(store.now());
    hook.updated_by = String(c.get('actor').id);
    return c.body(null, 204);
  };
  app.patch('/webhooks/:id', patch);
  app.put('/webhooks/:id', patch);
  app.delete('/webhooks/:id', (c) => {
    const hook = get(c.req.param('id'));
    store.webhooks.delete(hook.id);
    return c.body(null, 204);
  });
  app.get('/webhooks/:id/signing_secret', (c) =>
    c.json({ signing_secret: { secret: get(c.req.param('id')).signing_secret, algorithm: 'SHA256' } }));
  app.post('/webhooks/:id/signing_secret', (c) => {
    const hook = get(c.req.param('id'));
    hook.signing_secret = newSecret();
    return c.json({ signing_secret: { secret: hook.signing_secret, algorithm: 'SHA256' } }, 201);
  });
  return app;
}

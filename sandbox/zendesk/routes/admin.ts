// /__admin: the simulator's control and inspection API (no auth, loopback clients only).
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { notFound } from '../errors.ts';
import { parseBody } from '../validation.ts';
import { applySettings } from './apps.ts';
import { rateTicket, ratingInputSchema } from './satisfaction-ratings.ts';
import { idParam } from './util.ts';

const faultsSchema = z.object({
  errorRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).optional(),
  latencyJitterMs: z.number().min(0).optional(),
  conflictRate: z.number().min(0).max(1).optional(),
  rateLimitPerMinute: z.number().int().min(0).optional(),
  failNext: z.number().int().min(0).optional(),
  failStatus: z.number().int().min(400).max(599).optional(),
  faultPath: z.string().startsWith('/api/v2/').nullable().optional(),
  answerDelayMs: z.number().int().min(0).max(60_000).optional(),
  incrementalExportPerMinute: z.number().int().min(0).optional(),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function adminRoutes(deps: Deps, reset: () => void): Hono {
  const app = new Hono();
  const { store } = deps;

  app.use('*', async (c, next) => {
    let address: string | undefined;
    try {
      address = getConnInfo(c).remote.address;
    } catch {
      address = undefined;
    }
    if (address !== undefined && !LOOPBACK.has(address)) return c.json({ error: 'Forbidden', description: 'The admin API answers loopback clients only' }, 403);
    await next();
  });

  app.get('/health', (c) => c.json({ ok: true }));

  /** A requester's CSAT rating of a ticket (in Zendesk they rate through the survey, not the API). */
  app.post('/satisfaction_ratings', async (c) => c.json({ satisfaction_rating: rateTicket(store, await parseBody(c, ratingInputSchema)) }, 201));

  app.get('/faults', (c) => c.json(deps.faults.current));
  app.post('/faults', async (c) => {
    const patch = await parseBody(c, faultsSchema);
    const faults = deps.faults.update(patch);
    if (patch.rateLimitPerMinute !== undefined) deps.rateLimiter.reset();
    return c.json(faults);
  });
  app.delete('/faults', (c) => {
    deps.faults.reset();
    deps.rateLimiter.reset();
    return c.json(deps.faults.current);
  });

  app.get('/requests', (c) => {
    const since = Number(c.req.query('since') ?? 0) || 0;
    let list = store.requestLog.filter((r) => r.seq > since);
    const method = c.req.query('method');
    const path = c.req.query('path');
    if (method) list = list.filter((r) => r.method === method.toUpperCase());
    if (path) list = list.filter((r) => r.path.includes(path));
    return c.json({ requests: list, last_seq: store.requestLog[store.requestLog.length - 1]?.seq ?? since });
  });
  app.delete('/requests', (c) => {
    store.requestLog = [];
    return c.json({ ok: true });
  });

  app.get('/tickets/:id{[0-9]+}/history', (c) => {
    const id = idParam(c);
    if (!store.tickets.has(id) && !store.history.has(id)) throw notFound();
    return c.json({ ticket_id: id, history: store.history.get(id) ?? [] });
  });

  app.get('/deliveries', async (c) => {
    if (c.req.query('wait') === 'true') await deps.webhooks.idle();
    let list = store.deliveries;
    const ticket = c.req.query('ticket_id');
    if (ticket) list = list.filter((d) => String(d.ticket_id) === ticket);
    return c.json({ paused: store.webhooksPaused, deliveries: list });
  });
  app.delete('/deliveries', (c) => {
    store.deliveries = [];
    return c.json({ ok: true });
  });
  app.post('/webhooks/pause', (c) => {
    store.webhooksPaused = true;
    return c.json({ paused: true });
  });
  app.post('/webhooks/resume', (c) => {
    store.webhooksPaused = false;
    return c.json({ paused: false });
  });
  app.post('/webhooks/idle', async (c) => {
    await deps.webhooks.idle();
    return c.json({ ok: true });
  });

  app.get('/app-settings', (c) =>
    c.json({
      installations: [...store.installations.values()].map((i) => ({
        id: i.id, app_id: i.app_id, settings: i.settings, secure_settings: store.secureSettings.get(i.id) ?? {}, secure_keys: i.secure_keys,
      })),
    }));
  app.post('/app-settings', async (c) => {
    const body = await parseBody(c, z.object({
      installation_id: z.number().int().optional(),
      settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
      secure_settings: z.record(z.string(), z.string()).default({}),
    }));
    const inst = body.installation_id !== undefined ? store.installations.get(body.installation_id) : [...store.installations.values()][0];
    if (!inst) throw notFound();
    for (const k of Object.keys(body.secure_settings)) if (!inst.secure_keys.includes(k)) inst.secure_keys.push(k);
    applySettings(store, inst, { ...body.settings, ...body.secure_settings });
    return c.json({ id: inst.id, settings: inst.settings, secure_settings: store.secureSettings.get(inst.id) ?? {} });
  });

  app.post('/reset', (c) => {
    reset();
    return c.json({ ok: true });
  });

  return app;
}

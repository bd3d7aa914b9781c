// The Zendesk API simulator: a real HTTP server (Hono on @hono/node-server).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { authMiddleware } from './auth.ts';
import type { AppEnv, Deps, SimulatorConfig } from './context.ts';
import { ApiError, sendError } from './errors.ts';
import { FaultState, faultMiddleware } from './faults.ts';
import { RateLimiter, rateLimitMiddleware } from './rate-limit.ts';
import { adminRoutes } from './routes/admin.ts';
import { appRoutes } from './routes/apps.ts';
import { fieldRoutes } from './routes/fields.ts';
import { groupMembershipRoutes } from './routes/group-memberships.ts';
import { groupRoutes } from './routes/groups.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { satisfactionRatingRoutes } from './routes/satisfaction-ratings.ts';
import { ticketFormRoutes } from './routes/ticket-forms.ts';
import { searchRoutes } from './routes/search.ts';
import { incrementalRoutes } from './routes/incremental.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { triggerRoutes } from './routes/triggers.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { seed, seedMinimal } from './seed.ts';
import type { SeedIds } from './seed.ts';
import { SimulatorStore } from './store.ts';
import { TicketService } from './ticket-service.ts';
import { WebhookDispatcher } from './webhooks.ts';

export { SimulatorStore } from './store.ts';
export { signWebhook } from './webhooks.ts';
export { SEED_EMAILS, SEED_GROUPS, SEED_ORGS } from './seed.ts';
export type { SeedIds } from './seed.ts';
export { TICKET_EVENT_TYPES } from './events.ts';
export { CUSTOMER_EVENT_TYPES } from './customer-events.ts';

export interface SimulatorOptions {
  port?: number;            // 0 = pick a free port; default 4010
  host?: string;            // default 127.0.0.1
  email?: string;           // default 'admin@tierwise.test'
  apiToken?: string;        // default 'sandbox-token'
  webhookSecret?: string;   // signing secret of the seeded webhook; default 'sandbox-webhook-secret'
  webhookTargetUrl?: string; // if set, seed a webhook pointing here (the worker's POST /webhooks/zendesk)
  rateLimitPerMinute?: number; // default 700; 0 = unlimited
  seed?: boolean;           // default true
  appSettings?: Record<string, string | number | boolean>; // merged over the seeded installation's settings
  /** Secure app settings of the seeded installation (never returned by /api/v2; see /__admin/app-settings). */
  secureAppSettings?: Record<string, string>;
  /** First webhook retry delay in ms (doubles per retry); default 500. */
  webhookRetryDelayMs?: number;
  /** Webhook request timeout in ms; default 12000 like Zendesk. */
  webhookTimeoutMs?: number;
  /** Clock for timestamps (tests); default Date.now. */
  now?: () => number;
  /** The account's plan has ticket forms (default true); false answers /ticket_forms with 403 like Zendesk. */
  ticketForms?: boolean;
}

export interface RunningSimulator {
  url: string;
  port: number;
  store: SimulatorStore;
  /** Ids of the seed data (refreshed by /__admin/reset). Null when seed is false. */
  readonly ids: SeedIds | null;
  /** Resolves when every queued webhook delivery has finished (including retries). */
  webhooksIdle(): Promise<void>;
  /** Back to the seed state (same as POST /__admin/reset). */
  reset(): void;
  close(): Promise<void>;
}

function resolveConfig(o: SimulatorOptions): SimulatorConfig {
  return {
    email: o.email ?? 'admin@tierwise.test',
    apiToken: o.apiToken ?? 'sandbox-token',
    webhookSecret: o.webhookSecret ?? 'sandbox-webhook-secret',
    webhookTargetUrl: o.webhookTargetUrl || undefined,
    rateLimitPerMinute: o.rateLimitPerMinute ?? 700,
    seed: o.seed ?? true,
    appSettings: o.appSettings ?? {},
    secureAppSettings: o.secureAppSettings ?? {},
    webhookRetryDelayMs: o.webhookRetryDelayMs ?? 500,
    webhookTimeoutMs: o.webhookTimeoutMs ?? 12_000,
    ticketForms: o.ticketForms ?? true,
  };
}

/** The request log keeps the most recent entries only (benchmarks send many requests). */
const MAX_LOGGED_REQUESTS = 50_000;

/** Request paths with or without ".json" route alike (Zendesk accepts both for most endpoints). */
function routingPath(req: Request): string {
  const url = req.url;
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const q = url.indexOf('?', start);
  const path = q === -1 ? url.slice(start) : url.slice(start, q);
  return path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
}

export function createSimulatorApp(deps: Deps, reset: () => void): Hono {
  const { store } = deps;
  const app = new Hono({ getPath: routingPath });

  app.onError((err, c) => {
    if (err instanceof ApiError) return sendError(c, err);
    console.error('[zendesk-sim] unhandled error', err);
    return c.json({ error: 'InternalServerError', description: err instanceof Error ? err.message : String(err) }, 500);
  });
  app.notFound((c) => c.json({ error: 'InvalidEndpoint', description: 'Not found' }, 404));

  // Request log (everything but the admin API).
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/__admin')) return next();
    const started = Date.now();
    let body: unknown = null;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const text = await c.req.raw.clone().text().catch(() => '');
      try { body = text === '' ? null : JSON.parse(text); } catch { body = text.slice(0, 2000); }
    }
    await next();
    const actor = (c as unknown as { get(k: 'actor'): { id: number } | undefined }).get('actor');
    if (store.requestLog.length >= MAX_LOGGED_REQUESTS) store.requestLog.splice(0, store.requestLog.length - MAX_LOGGED_REQUESTS + 1);
    store.requestLog.push({
      seq: store.nextSeq('request'), method: c.req.method, path, query: new URL(c.req.url).search, status: c.res.status,
      at: new Date().toISOString(), ms: Date.now() - started, actor_id: actor?.id ?? null, body,
    });
  });

  app.route('/__admin', adminRoutes(deps, reset));

  const api = new Hono<AppEnv>();
  api.use('*', rateLimitMiddleware(deps.rateLimiter));
  api.use('*', faultMiddleware(deps.faults));
  api.use('*', authMiddleware(deps));
  const service = new TicketService(deps);
  api.route('/', ticketRoutes(deps, service));
  api.route('/', userRoutes(deps));
  api.route('/', organizationRoutes(deps));
  api.route('/', groupRoutes(deps));
  api.route('/', groupMembershipRoutes(deps));
  api.route('/', fieldRoutes(deps));
  api.route('/', appRoutes(deps));
  api.route('/', webhookRoutes(deps));
  api.route('/', triggerRoutes(deps));
  api.route('/', searchRoutes(deps));
  api.route('/', incrementalRoutes(deps));
  api.route('/', satisfactionRatingRoutes(deps));
  api.route('/', ticketFormRoutes(deps));
  app.route('/api/v2', api);
  return app;
}

export async function startZendeskSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config = resolveConfig(options);
  const host = options.host ?? '127.0.0.1';
  const store = new SimulatorStore(options.now ?? Date.now);
  const faults = new FaultState(config.rateLimitPerMinute);
  const rateLimiter = new RateLimiter(() => faults.current.rateLimitPerMinute);
  const webhooks = new WebhookDispatcher(store, {
    retryDelayMs: config.webhookRetryDelayMs, timeoutMs: config.webhookTimeoutMs, maxRetries: 3, maxRetryAfterSeconds: 60,
  });
  let baseUrl = '';
  const incrementalLimiter = new RateLimiter(() => faults.current.incrementalExportPerMinute);
  const deps: Deps = { store, config, faults, rateLimiter, incrementalLimiter, webhooks, baseUrl: () => baseUrl };

  let ids: SeedIds | null = null;
  const reset = (): void => {
    store.clear();
    faults.reset();
    rateLimiter.reset();
    incrementalLimiter.reset();
    if (config.seed) ids = seed(store, config);
    else {
      seedMinimal(store, config);
      ids = null;
    }
  };
  reset();

  const app = createSimulatorApp(deps, reset);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 4010, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: baseUrl,
    port,
    store,
    get ids() { return ids; },
    webhooksIdle: () => webhooks.idle(),
    reset,
    close: async () => {
      await webhooks.close();
      await new Promise<void>((resolve) => {
        const s = server as unknown as { close(cb: () => void): void; closeAllConnections?: () => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      });
    },
  };
}

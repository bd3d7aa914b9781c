/**
 * The local agent view: a stand-in for the Zendesk agent workspace that hosts the REAL built
 * sidebar bundle (assets/) through the ZAF postMessage protocol, against the Zendesk simulator.
 *
 *   startAgentView({ zendeskUrl, zendeskEmail, zendeskApiToken }) -> { url, port, close() }
 *
 * This file only wires the routes (routes/) to what they share (context.ts) and serves them:
 * `/` ticket list, `/tickets/:id`, `/users/:id`, `/organizations/:id` (pages with the app
 * iframe: routes/pages.ts), `/app/*` (the built app folder) and `/host/*.ts` (the host page's
 * script, served as transpiled ES modules: routes/files.ts), `/host-api/*` (page data, agent
 * updates: routes/host-api.ts) and `/proxy` (the app's `client.request`, with credentials and
 * secure settings added here, never in the browser: routes/proxy.ts).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createViewContext, type ViewContextOptions } from './context.ts';
import type { SettingValue } from './proxy.ts';
import { appAssetRoutes, hostScriptRoutes } from './routes/files.ts';
import { hostApiRoutes } from './routes/host-api.ts';
import { pageRoutes } from './routes/pages.ts';
import { proxyRoutes } from './routes/proxy.ts';

export { APP_NAME, COLOR_SCHEME_COOKIE, LOCALE_COOKIE } from './context.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');
const HOST_DIR = join(HERE, 'host');

export interface AgentViewOptions extends ViewContextOptions {
  /** 0 picks a free port; default AGENT_VIEW_PORT or 4020. */
  port?: number;
  host?: string;
  /** The built app folder served at /app/ (default <repo>/assets). */
  assetsDir?: string;
}

export interface AgentView {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startAgentView(options: AgentViewOptions): Promise<AgentView> {
  const ctx = await createViewContext(options, REPO_ROOT);
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/', pageRoutes(ctx));
  app.route('/host-api', hostApiRoutes(ctx));
  app.route('/proxy', proxyRoutes(ctx));
  app.route('/host', hostScriptRoutes(HOST_DIR));
  app.route('/app', appAssetRoutes(resolve(options.assetsDir ?? join(REPO_ROOT, 'assets'))));
  return listen(app, options);
}

async function listen(app: Hono, options: AgentViewOptions): Promise<AgentView> {
  const hostname = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? Number(process.env['AGENT_VIEW_PORT'] ?? 4020);
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: requestedPort, hostname }, () => resolveServer(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  const urlHost = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        const s = server as unknown as { close(cb: () => void): void; closeAllConnections?: () => void };
        s.close(() => resolveClose());
        s.closeAllConnections?.();
      }),
  };
}

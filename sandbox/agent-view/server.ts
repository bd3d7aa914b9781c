/**
 * The local agent view: a stand-in for the Zendesk agent workspace that hosts the REAL built
 * sidebar bundle (assets/) through the ZAF postMessage protocol, against the Zendesk simulator.
 *
 *   startAgentView({ zendeskUrl, zendeskEmail, zendeskApiToken }) -> { url, port, close() }
 *
 * Routes: `/` ticket list, `/tickets/:id`, `/users/:id`, `/organizations/:id` (pages with the
 * app iframe), `/app/*` (the built app folder), `/host/*.ts` (the host page's script, served
 * as transpiled ES modules), `/host-api/*` (page data, agent updates) and `/proxy` (the app's
 * `client.request`, with credentials and secure settings added here, never in the browser).
 */
import { readFile, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import ts from 'typescript';
import { ZendeskApi, ZendeskApiError } from './zendesk-api.ts';
import { loadCurrentUser, loadOrganization, loadTicket, loadUser } from './workspace.ts';
import {
  errorPage, organizationPage, ticketDetails, ticketListPage, ticketPage, userPage,
  type AgentLocale, type AppLocation, type ColorScheme, type HostConfig, type PageChrome,
} from './pages.ts';
import { performRequest, prepareRequest, type AppRequestOptions, type SettingValue } from './proxy.ts';
import type { JsonObject } from './zaf-model.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');
const HOST_DIR = join(HERE, 'host');

export const APP_NAME = 'Tierwise';
export const LOCALE_COOKIE = 'tw_agent_locale';
export const COLOR_SCHEME_COOKIE = 'tw_color_scheme';

export interface AgentViewOptions {
  /** 0 picks a free port; default AGENT_VIEW_PORT or 4020. */
  port?: number;
  host?: string;
  zendeskUrl: string;
  zendeskEmail: string;
  zendeskApiToken: string;
  /** Non-secure app settings (sent to the app in metadata). Default: the simulator's installation settings. */
  appSettings?: Record<string, SettingValue>;
  /** Laid over the settings above (e.g. worker_url from TIERWISE_WORKER_URL). */
  settingOverrides?: Record<string, SettingValue>;
  /** Secure app settings: only ever substituted server-side into `{{setting.x}}` placeholders. */
  secureSettings?: Record<string, string>;
  /** The built app folder served at /app/ (default <repo>/assets). */
  assetsDir?: string;
  /** How often the host page re-reads the ticket to notice changes made elsewhere (default 3000 ms). */
  pollMs?: number;
  subdomain?: string;
  appVersion?: string;
}

export interface AgentView {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function readPackageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The host page's TypeScript, transpiled once per file (no bundler: each file is an ES module). */
function hostModuleServer() {
  const cache = new Map<string, string>();
  return async (name: string): Promise<string | null> => {
    if (!/^[a-z][a-z0-9-]*\.ts$/.test(name)) return null;
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let source: string;
    try {
      source = await readFile(join(HOST_DIR, name), 'utf8');
    } catch {
      return null;
    }
    const output = ts.transpileModule(source, {
      fileName: name,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: false },
    }).outputText;
    cache.set(name, output);
    return output;
  };
}

function parseId(raw: string | undefined): number | null {
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

export async function startAgentView(options: AgentViewOptions): Promise<AgentView> {
  const api = new ZendeskApi({ url: options.zendeskUrl, email: options.zendeskEmail, apiToken: options.zendeskApiToken });
  const assetsDir = resolve(options.assetsDir ?? join(REPO_ROOT, 'assets'));
  const secureSettings: Record<string, string> = { ...(options.secureSettings ?? {}) };
  const appGuid = randomUUID();
  const installationId = 1;
  const appId = 1;
  const version = options.appVersion ?? (await readPackageVersion());
  const pollMs = options.pollMs ?? 3000;
  const subdomain = options.subdomain ?? 'tierwise-sandbox';
  const hostModule = hostModuleServer();

  let settingsCache: { at: number; value: Record<string, SettingValue> } | null = null;
  /** Non-secure settings: given, or read from the simulator's installation like the worker does. */
  async function appSettings(): Promise<Record<string, SettingValue>> {
    let settings: Record<string, SettingValue>;
    if (options.appSettings) {
      settings = { ...options.appSettings };
    } else if (settingsCache && Date.now() - settingsCache.at < 5000) {
      settings = settingsCache.value;
    } else {
      settings = {};
      try {
        const stored = await api.installationSettings(APP_NAME);
        for (const [key, value] of Object.entries(stored ?? {})) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') settings[key] = value;
        }
      } catch {
        // The simulator may not know the installation: the app then uses its defaults.
      }
      settingsCache = { at: Date.now(), value: settings };
    }
    settings = { ...settings, ...(options.settingOverrides ?? {}) };
    for (const key of Object.keys(secureSettings)) delete settings[key];
    return settings;
  }

  /** The agent's language: the page's switch (a cookie), else the agent's Zendesk locale. */
  function localeOf(c: Context, agentLocale?: string): AgentLocale {
    const chosen = getCookie(c, LOCALE_COOKIE) ?? agentLocale ?? 'en';
    return /^zh/i.test(chosen) ? 'zh-CN' : 'en';
  }

  function chromeOf(c: Context, agentName = '', agentLocale?: string): PageChrome {
    const locale = localeOf(c, agentLocale);
    const colorScheme: ColorScheme = getCookie(c, COLOR_SCHEME_COOKIE) === 'dark' ? 'dark' : 'light';
    return { locale, colorScheme, agentName };
  }

  function hostConfig(location: AppLocation, recordId: number): HostConfig {
    return { location, recordId, appGuid, pollMs };
  }

  function originOf(c: Context): string {
    return new URL(c.req.url).origin;
  }

  async function agent(): Promise<{ name: string; locale?: string }> {
    try {
      const me = await api.me();
      return { name: me.name, ...(me.locale ? { locale: me.locale } : {}) };
    } catch {
      return { name: '' };
    }
  }

  function failure(c: Context, error: unknown) {
    const status = error instanceof ZendeskApiError ? error.status : 502;
    const message = error instanceof Error ? error.message : String(error);
    return c.html(errorPage(chromeOf(c), status, message), status === 404 ? 404 : 502);
  }

  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/', async (c) => {
    try {
      const [tickets, me] = await Promise.all([api.tickets(), agent()]);
      const names = new Map<number, string>();
      await Promise.all([...new Set(tickets.map((t) => t.requester_id))].map(async (id) => {
        try {
          names.set(id, (await api.user(id)).name);
        } catch {
          // leave the id
        }
      }));
      return c.html(ticketListPage(chromeOf(c, me.name, me.locale), tickets, names));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.get('/tickets/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(chromeOf(c), 404, 'No such ticket'), 404);
    try {
      const [view, me] = await Promise.all([loadTicket(api, id), agent()]);
      return c.html(ticketPage(chromeOf(c, me.name, me.locale), view, hostConfig('ticket_sidebar', id), originOf(c)));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.get('/tickets/:id/details', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.text('not found', 404);
    try {
      return c.html(ticketDetails(await loadTicket(api, id), chromeOf(c).locale));
    } catch (error) {
      return c.text(error instanceof Error ? error.message : String(error), 502);
    }
  });

  app.get('/users/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(chromeOf(c), 404, 'No such user'), 404);
    try {
      const [view, me] = await Promise.all([loadUser(api, id), agent()]);
      return c.html(userPage(chromeOf(c, me.name, me.locale), view, hostConfig('user_sidebar', id), originOf(c)));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.get('/organizations/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(chromeOf(c), 404, 'No such organization'), 404);
    try {
      const [view, me] = await Promise.all([loadOrganization(api, id), agent()]);
      return c.html(organizationPage(chromeOf(c, me.name, me.locale), view, hostConfig('organization_sidebar', id), originOf(c)));
    } catch (error) {
      return failure(c, error);
    }
  });

  /**
   * Everything the host page needs to answer the app: the ZAF data tree for `get`, plus the
   * `app.registered` metadata and context. Secure settings are not in it.
   */
  async function hostState(c: Context, location: AppLocation, id: number): Promise<JsonObject> {
    const chrome = chromeOf(c);
    const cookieLocale = getCookie(c, LOCALE_COOKIE);
    const [current, settings] = await Promise.all([loadCurrentUser(api, cookieLocale ? localeOf(c) : null), appSettings()]);
    const root: JsonObject = {
      currentUser: current.zaf,
      currentAccount: { subdomain, planName: 'enterprise', timeZone: { ianaName: 'UTC', name: 'UTC' } },
      colorScheme: chrome.colorScheme,
    };
    const context: JsonObject = { product: 'support', location, instanceGuid: appGuid, account: { subdomain } };
    if (location === 'ticket_sidebar') {
      root['ticket'] = (await loadTicket(api, id)).zaf;
      context['ticketId'] = id;
    } else if (location === 'user_sidebar') {
      root['user'] = (await loadUser(api, id)).zaf;
      context['userId'] = id;
    } else {
      root['organization'] = (await loadOrganization(api, id)).zaf;
      context['organizationId'] = id;
    }
    const metadata: JsonObject = { appId, installationId, name: APP_NAME, version, settings: { title: APP_NAME, ...settings } };
    return { root, metadata, context };
  }

  app.get('/host-api/state', async (c) => {
    const location = c.req.query('location');
    const id = parseId(c.req.query('id'));
    if ((location !== 'ticket_sidebar' && location !== 'user_sidebar' && location !== 'organization_sidebar') || id === null) {
      return c.json({ error: 'location and id are required' }, 400);
    }
    try {
      return c.json(await hostState(c, location, id));
    } catch (error) {
      return c.json({ error: error instanceof Error ? error.message : String(error) }, error instanceof ZendeskApiError && error.status === 404 ? 404 : 502);
    }
  });

  /** The agent changes the ticket: PUT it to Zendesk as the agent, answer with the new state. */
  app.post('/host-api/tickets/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.json({ error: 'bad id' }, 400);
    let body: { ticket?: Record<string, unknown>; takeIt?: boolean };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'JSON body required' }, 400);
    }
    const update: Record<string, unknown> = { ...(body.ticket ?? {}) };
    try {
      if (body.takeIt) update['assignee_id'] = (await api.me()).id;
      await api.updateTicket(id, update);
      return c.json(await hostState(c, 'ticket_sidebar', id));
    } catch (error) {
      const status = error instanceof ZendeskApiError ? error.status : 502;
      return c.json({ error: error instanceof Error ? error.message : String(error), status }, status >= 400 && status < 500 ? 422 : 502);
    }
  });

  /** `client.request(...)` from the app, relayed by the host page. */
  app.post('/proxy', async (c) => {
    let request: AppRequestOptions;
    try {
      request = (await c.req.json()) as AppRequestOptions;
    } catch {
      return c.json({ status: 0, statusText: 'error', headers: {}, body: 'bad proxy request' }, 400);
    }
    if (!request || typeof request.url !== 'string' || request.url === '') {
      return c.json({ status: 0, statusText: 'error', headers: {}, body: 'url is required' }, 400);
    }
    const settings: Record<string, SettingValue> = { ...(await appSettings()), ...secureSettings };
    const prepared = prepareRequest(request, settings);
    const response = await performRequest(prepared, api);
    // Never echo a secret back (e.g. an error page quoting the Authorization header).
    let body = response.body;
    for (const secret of Object.values(secureSettings)) {
      if (secret.length >= 4) body = body.split(secret).join('[secure setting]');
    }
    return c.json({ ...response, body });
  });

  app.get('/host/:file', async (c) => {
    const source = await hostModule(c.req.param('file'));
    if (source === null) return c.text('not found', 404);
    return c.body(source, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  });

  app.get('/app/*', async (c) => {
    const relative = decodeURIComponent(new URL(c.req.url).pathname.slice('/app/'.length));
    const file = resolve(assetsDir, relative || 'iframe.html');
    if (file !== assetsDir && !file.startsWith(assetsDir + sep)) return c.text('not found', 404);
    try {
      const info = await stat(file);
      if (!info.isFile()) return c.text('not found', 404);
      const content = await readFile(file);
      return c.body(content, 200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
    } catch {
      const hint = relative === 'iframe.html' || relative === '' ? ' (build the app first: npx vite build)' : '';
      return c.text(`not found: ${relative}${hint}`, 404);
    }
  });

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

// `/host-api/*`: what the host page needs to answer the app (`/state`), and the agent's ticket updates.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { APP_NAME, LOCALE_COOKIE, parseId, type ViewContext } from '../context.ts';
import { WORKSPACE_LOCATIONS, type AppLocation } from '../pages.ts';
import { loadCurrentUser, loadOrganization, loadTicket, loadUser } from '../workspace.ts';
import type { JsonObject } from '../zaf-model.ts';
import { ZendeskApiError } from '../zendesk-api.ts';

/**
 * Everything the host page needs to answer the app: the ZAF data tree for `get`, plus the
 * `app.registered` metadata and context. Secure settings are not in it.
 */
async function hostState(ctx: ViewContext, c: Context, location: AppLocation, id: number): Promise<JsonObject> {
  const { api, app } = ctx;
  const chrome = ctx.chromeOf(c);
  const cookieLocale = getCookie(c, LOCALE_COOKIE);
  const [current, settings] = await Promise.all([loadCurrentUser(api, cookieLocale ? ctx.localeOf(c) : null), ctx.appSettings()]);
  const root: JsonObject = {
    currentUser: current.zaf,
    currentAccount: { subdomain: app.subdomain, planName: 'enterprise', timeZone: { ianaName: 'UTC', name: 'UTC' } },
    colorScheme: chrome.colorScheme,
  };
  const context: JsonObject = { product: 'support', location, instanceGuid: app.guid, account: { subdomain: app.subdomain } };
  if (location === 'ticket_sidebar') {
    root['ticket'] = (await loadTicket(api, id)).zaf;
    context['ticketId'] = id;
  } else if (location === 'user_sidebar') {
    root['user'] = (await loadUser(api, id)).zaf;
    context['userId'] = id;
  } else if (location === 'organization_sidebar') {
    root['organization'] = (await loadOrganization(api, id)).zaf;
    context['organizationId'] = id;
  }
  const metadata: JsonObject = { appId: app.appId, installationId: app.installationId, name: APP_NAME, version: app.version, settings: { title: APP_NAME, ...settings } };
  return { root, metadata, context };
}

export function hostApiRoutes(ctx: ViewContext): Hono {
  const app = new Hono();

  app.get('/state', async (c) => {
    const location = c.req.query('location');
    const workspace = (WORKSPACE_LOCATIONS as readonly string[]).includes(location ?? '');
    const id = workspace ? 0 : parseId(c.req.query('id'));
    if ((location !== 'ticket_sidebar' && location !== 'user_sidebar' && location !== 'organization_sidebar' && !workspace) || id === null) {
      return c.json({ error: 'location (and, for a sidebar, id) are required' }, 400);
    }
    try {
      return c.json(await hostState(ctx, c, location as AppLocation, id));
    } catch (error) {
      return c.json({ error: error instanceof Error ? error.message : String(error) }, error instanceof ZendeskApiError && error.status === 404 ? 404 : 502);
    }
  });

  /** The agent changes the ticket: PUT it to Zendesk as the agent, answer with the new state. */
  app.post('/tickets/:id', async (c) => {
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
      if (body.takeIt) update['assignee_id'] = (await ctx.api.me()).id;
      await ctx.api.updateTicket(id, update);
      return c.json(await hostState(ctx, c, 'ticket_sidebar', id));
    } catch (error) {
      const status = error instanceof ZendeskApiError ? error.status : 502;
      return c.json({ error: error instanceof Error ? error.message : String(error), status }, status >= 400 && status < 500 ? 422 : 502);
    }
  });

  return app;
}

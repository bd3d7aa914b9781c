// The agent view's pages: `/` ticket list, `/tickets/:id` (+ `/details`), `/users/:id`, `/organizations/:id`.
import { Hono } from 'hono';
import { originOf, parseId, type ViewContext } from '../context.ts';
import { dashboardPage, errorPage, organizationPage, ticketDetails, ticketListPage, ticketPage, userPage } from '../pages.ts';
import { loadOrganization, loadTicket, loadUser } from '../workspace.ts';

export function pageRoutes(ctx: ViewContext): Hono {
  const app = new Hono();
  const { api } = ctx;

  app.get('/', async (c) => {
    try {
      const [tickets, me] = await Promise.all([api.tickets(), ctx.currentAgent()]);
      const names = new Map<number, string>();
      await Promise.all([...new Set(tickets.map((t) => t.requester_id))].map(async (id) => {
        try {
          names.set(id, (await api.user(id)).name);
        } catch {
          // leave the id
        }
      }));
      return c.html(ticketListPage(ctx.chromeOf(c, me.name, me.locale), tickets, names));
    } catch (error) {
      return ctx.failure(c, error);
    }
  });

  /** The nav bar app's page (the service dashboard), with the top bar app's pane above it. */
  app.get('/dashboard', async (c) => {
    const me = await ctx.currentAgent();
    return c.html(dashboardPage(ctx.chromeOf(c, me.name, me.locale), ctx.hostConfig('nav_bar', 0, 'app-iframe'), ctx.hostConfig('top_bar', 0, 'top-bar-iframe'), originOf(c)));
  });

  app.get('/tickets/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(ctx.chromeOf(c), 404, 'No such ticket'), 404);
    try {
      const [view, me] = await Promise.all([loadTicket(api, id), ctx.currentAgent()]);
      return c.html(ticketPage(ctx.chromeOf(c, me.name, me.locale), view, ctx.hostConfig('ticket_sidebar', id), originOf(c)));
    } catch (error) {
      return ctx.failure(c, error);
    }
  });

  app.get('/tickets/:id/details', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.text('not found', 404);
    try {
      return c.html(ticketDetails(await loadTicket(api, id), ctx.chromeOf(c).locale));
    } catch (error) {
      return c.text(error instanceof Error ? error.message : String(error), 502);
    }
  });

  app.get('/users/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(ctx.chromeOf(c), 404, 'No such user'), 404);
    try {
      const [view, me] = await Promise.all([loadUser(api, id), ctx.currentAgent()]);
      return c.html(userPage(ctx.chromeOf(c, me.name, me.locale), view, ctx.hostConfig('user_sidebar', id), originOf(c)));
    } catch (error) {
      return ctx.failure(c, error);
    }
  });

  app.get('/organizations/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.html(errorPage(ctx.chromeOf(c), 404, 'No such organization'), 404);
    try {
      const [view, me] = await Promise.all([loadOrganization(api, id), ctx.currentAgent()]);
      return c.html(organizationPage(ctx.chromeOf(c, me.name, me.locale), view, ctx.hostConfig('organization_sidebar', id), originOf(c)));
    } catch (error) {
      return ctx.failure(c, error);
    }
  });

  return app;
}

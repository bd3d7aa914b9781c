// /api/v2/tickets, /api/v2/imports/tickets and ticket sub-resources.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { assertCanSee, canSeeTicket } from '../access.ts';
import { notFound } from '../errors.ts';
import { paginate } from '../pagination.ts';
import { presentComment, presentTicket } from '../present.ts';
import { TicketService } from '../ticket-service.ts';
import { ticketCreateSchema, ticketImportSchema, ticketUpdateSchema, updateManySchema } from '../ticket-schemas.ts';
import type { Ticket } from '../types.ts';
import { parseBody, parseIdList, tagsSchema } from '../validation.ts';
import { idParam, pickMany, SHOW_MANY_LIMIT } from './util.ts';

const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

export function ticketRoutes(deps: Deps, service: TicketService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (t: Ticket) => presentTicket(deps.baseUrl(), t);

  app.get('/tickets', (c) => {
    // Zendesk lists the tickets of one external_id when asked (?external_id=); ids need not be unique.
    const externalId = c.req.query('external_id');
    const tickets = [...store.tickets.values()].filter((t) => externalId === undefined || t.external_id === externalId);
    return c.json(paginate(c, tickets, 'tickets', present, deps.baseUrl()));
  });

  app.get('/tickets/show_many', (c) => {
    const tickets = pickMany(parseIdList(c.req.query('ids')).slice(0, SHOW_MANY_LIMIT), store.tickets).filter((t) => canSeeTicket(store, c.get('actor'), t));
    const includes = (c.req.query('include') ?? '').split(',');
    return c.json({ tickets: tickets.map(present), ...(includes.includes('metric_sets') ? { metric_sets: tickets.map(metricSet) } : {}) });
  });

  app.post('/tickets', async (c) => {
    const body = await parseBody(c, ticketCreateSchema);
    const { ticket, audit } = service.create(body.ticket, c.get('actor'));
    c.header('Location', `${deps.baseUrl()}/api/v2/tickets/${ticket.id}.json`);
    return c.json({ ticket: present(ticket), audit }, 201);
  });

  app.post('/imports/tickets', async (c) => {
    const body = await parseBody(c, ticketImportSchema);
    const ticket = service.import(body.ticket, c.get('actor'));
    return c.json({ ticket: present(ticket) }, 201);
  });

  app.put('/tickets/update_many', async (c) => {
    const ids = parseIdList(c.req.query('ids'));
    const body = await parseBody(c, updateManySchema);
    const results = service.updateMany(ids, body.ticket, c.get('actor'));
    const id = `sim-${store.nextSeq('job')}`;
    return c.json({
      job_status: {
        id, url: `${deps.baseUrl()}/api/v2/job_statuses/${id}.json`, status: 'completed', total: ids.length,
        progress: ids.length, message: 'Completed', results: results.map((r) => ({ id: r.id, action: 'update', success: r.success, status: r.success ? 'Updated' : 'Failed', ...(r.error ? { error: r.error } : {}) })),
      },
    });
  });

  app.get('/tickets/:id{[0-9]+}', (c) => {
    const ticket = assertCanSee(store, c.get('actor'), service.get(idParam(c)));
    const includes = (c.req.query('include') ?? '').split(',');
    return c.json({ ticket: present(ticket), ...(includes.includes('metric_sets') ? { metric_sets: [metricSet(ticket)] } : {}) });
  });

  app.get('/tickets/:id{[0-9]+}/audits', (c) => {
    const id = idParam(c);
    assertCanSee(store, c.get('actor'), service.get(id));
    const audits = service.audits(id);
    return c.json({ audits, next_page: null, previous_page: null, count: audits.length });
  });

  app.put('/tickets/:id{[0-9]+}', async (c) => {
    const id = idParam(c);
    service.get(id); // 404 before validating the body, like Zendesk
    const body = await parseBody(c, ticketUpdateSchema);
    const { ticket, audit } = service.update(id, body.ticket, c.get('actor'));
    return c.json({ ticket: present(ticket), audit });
  });

  // Deletion (Tickets API "Delete Ticket", "Mark Ticket as Spam and Suspend Requester", "Restore a
  // Previously Deleted Ticket", "Delete Ticket Permanently"): soft first, restorable, then for good.
  app.delete('/tickets/:id{[0-9]+}', (c) => {
    service.softDelete(idParam(c), c.get('actor'), 'soft_deleted');
    return c.body(null, 204);
  });

  app.put('/tickets/:id{[0-9]+}/mark_as_spam', (c) => {
    service.softDelete(idParam(c), c.get('actor'), 'marked_as_spam');
    return c.body(null, 200);
  });

  app.put('/deleted_tickets/:id{[0-9]+}/restore', (c) => {
    service.restore(idParam(c), c.get('actor'));
    return c.body(null, 200);
  });

  app.delete('/deleted_tickets/:id{[0-9]+}', (c) => {
    const id = idParam(c);
    service.deletePermanently(id, c.get('actor'));
    const job = `sim-${store.nextSeq('job')}`;
    return c.json({ job_status: { id: job, url: `${deps.baseUrl()}/api/v2/job_statuses/${job}.json`, status: 'completed', total: 1, progress: 1, message: 'Completed', results: [{ id, action: 'delete', success: true, status: 'Deleted' }] } });
  });

  app.get('/tickets/:id{[0-9]+}/comments', (c) => {
    const id = idParam(c);
    service.get(id);
    const list = [...store.ticketComments(id)];
    if (c.req.query('sort_order') === 'desc' || c.req.query('sort') === '-created_at') list.reverse();
    return c.json({ comments: list.map(presentComment), next_page: null, previous_page: null, count: list.length });
  });

  /** Zendesk's ticket metric set, also sideloaded by GET /tickets/{id}.json?include=metric_sets. */
  const metricSet = (t: Ticket): Record<string, unknown> => {
    const m = store.metrics.get(t.id);
    if (!m) throw notFound();
    const comments = store.ticketComments(t.id);
    const replies = comments.slice(1).filter((x) => x.public && store.isAgent(x.author_id));
    const firstReply = replies[0];
    const reply = firstReply ? minutesBetween(t.created_at, firstReply.created_at) : null;
    const resolution = m.solved_at ? minutesBetween(t.created_at, m.solved_at) : null;
    return {
      url: `${deps.baseUrl()}/api/v2/ticket_metrics/${m.id}.json`,
      id: m.id,
      ticket_id: t.id,
      created_at: m.created_at,
      updated_at: m.updated_at,
      group_stations: m.group_stations,
      assignee_stations: m.assignee_stations,
      reopens: m.reopens,
      replies: replies.length,
      assignee_updated_at: m.assignee_updated_at,
      requester_updated_at: m.requester_updated_at,
      status_updated_at: m.status_updated_at,
      initially_assigned_at: m.initially_assigned_at,
      assigned_at: m.assigned_at,
      solved_at: m.solved_at,
      latest_comment_added_at: m.latest_comment_added_at,
      custom_status_updated_at: m.status_updated_at,
      reply_time_in_minutes: { calendar: reply, business: reply },
      first_resolution_time_in_minutes: { calendar: resolution, business: resolution },
      full_resolution_time_in_minutes: { calendar: resolution, business: resolution },
      agent_wait_time_in_minutes: { calendar: null, business: null },
      requester_wait_time_in_minutes: { calendar: null, business: null },
      on_hold_time_in_minutes: { calendar: 0, business: 0 },
      };
  };

  app.get('/tickets/:id{[0-9]+}/metrics', (c) => c.json({ ticket_metric: metricSet(service.get(idParam(c))) }));

  // Tag sub-resource: POST sets the list, PUT adds, DELETE removes (as documented by Zendesk).
  const tagsBody = z.object({ tags: tagsSchema });
  app.get('/tickets/:id{[0-9]+}/tags', (c) => c.json({ tags: service.get(idParam(c)).tags }));
  app.post('/tickets/:id{[0-9]+}/tags', async (c) => {
    const id = idParam(c);
    service.get(id);
    const { tags } = await parseBody(c, tagsBody);
    return c.json({ tags: service.update(id, { tags }, c.get('actor')).ticket.tags }, 201);
  });
  app.put('/tickets/:id{[0-9]+}/tags', async (c) => {
    const id = idParam(c);
    const t = service.get(id);
    const { tags } = await parseBody(c, tagsBody);
    return c.json({ tags: service.update(id, { tags: [...t.tags, ...tags] }, c.get('actor')).ticket.tags });
  });
  app.delete('/tickets/:id{[0-9]+}/tags', async (c) => {
    const id = idParam(c);
    const t = service.get(id);
    const { tags } = await parseBody(c, tagsBody);
    return c.json({ tags: service.update(id, { tags: t.tags.filter((x) => !tags.includes(x)) }, c.get('actor')).ticket.tags });
  });

  return app;
}

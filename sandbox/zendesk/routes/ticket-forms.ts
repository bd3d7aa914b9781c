// /api/v2/ticket_forms: Zendesk's Ticket Forms API as documented: admins create and change forms
// (name mandatory; ticket_field_ids of existing ticket fields); forms exist only on plans with
// multiple forms (Suite Growth and above, Support Enterprise), others answer 403 Forbidden.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError, fieldError, notFound } from '../errors.ts';
import { isoSeconds, nextStamp } from '../time.ts';
import type { TicketForm } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';

const FORBIDDEN = new ApiError(403, { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' });

const formShape = {
  name: z.string(),
  display_name: z.string().optional(),
  active: z.boolean().optional(),
  default: z.boolean().optional(),
  end_user_visible: z.boolean().optional(),
  position: z.number().int().optional(),
  ticket_field_ids: z.array(z.number().int()).optional(),
};

export function ticketFormRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  app.use('/ticket_forms/*', async (_c, next) => {
    if (!deps.config.ticketForms) throw FORBIDDEN;
    await next();
  });
  app.use('/ticket_forms', async (_c, next) => {
    if (!deps.config.ticketForms) throw FORBIDDEN;
    await next();
  });
  const present = (f: TicketForm) => ({ url: `${deps.baseUrl()}/api/v2/ticket_forms/${f.id}.json`, ...f, raw_name: f.name, raw_display_name: f.display_name, in_all_brands: true, restricted_brand_ids: [] });
  const get = (id: number): TicketForm => {
    const form = store.ticketForms.get(id);
    if (!form) throw notFound();
    return form;
  };
  const checkFields = (ids: readonly number[]): void => {
    const missing = ids.find((id) => store.fields.get(id)?.kind !== 'ticket_field');
    if (missing !== undefined) throw fieldError('ticket_field_ids', `Ticket field ids: ${missing} is not a ticket field`);
  };
  const checkName = (name: string): void => {
    if (name.trim() === '') throw fieldError('name', 'Name: cannot be blank', 'BlankValue');
  };

  app.get('/ticket_forms', (c) => {
    const list = [...store.ticketForms.values()];
    return c.json({ ticket_forms: list.map(present), next_page: null, previous_page: null, count: list.length });
  });
  app.get('/ticket_forms/:id{[0-9]+}', (c) => c.json({ ticket_form: present(get(idParam(c))) }));
  app.post('/ticket_forms', async (c) => {
    const { ticket_form: spec } = await parseBody(c, z.object({ ticket_form: z.object(formShape) }));
    checkName(spec.name);
    checkFields(spec.ticket_field_ids ?? []);
    const now = isoSeconds(store.now());
    const form: TicketForm = {
      id: store.nextId('ticket_form'), name: spec.name, display_name: spec.display_name ?? spec.name, active: spec.active ?? true, default: spec.default ?? false,
      end_user_visible: spec.end_user_visible ?? true, position: spec.position ?? store.ticketForms.size, ticket_field_ids: spec.ticket_field_ids ?? [], created_at: now, updated_at: now,
    };
    store.ticketForms.set(form.id, form);
    return c.json({ ticket_form: present(form) }, 201);
  });
  app.put('/ticket_forms/:id{[0-9]+}', async (c) => {
    const form = get(idParam(c));
    const { ticket_form: patch } = await parseBody(c, z.object({ ticket_form: z.object(formShape).partial() }));
    if (patch.name !== undefined) checkName(patch.name);
    if (patch.ticket_field_ids !== undefined) checkFields(patch.ticket_field_ids);
    Object.assign(form, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    form.updated_at = nextStamp(store.now(), form.updated_at);
    return c.json({ ticket_form: present(form) });
  });
  return app;
}

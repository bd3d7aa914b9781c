/**
 * Ticket forms and the follow-up record's fields, as Zendesk documents them: forms are admin-only,
 * need a name, list only existing ticket fields, and exist only on plans with multiple forms
 * (Suite Growth and above, Support Enterprise): on others Zendesk answers 403 Forbidden. A
 * checkbox field may carry a tag, written to the ticket while it is checked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type RunningSimulator } from './server.ts';
import { basicAuth, client } from './test-helpers.ts';

let sim: RunningSimulator;
afterEach(async () => sim?.close());

async function start(options: { ticketForms?: boolean } = {}) {
  sim = await startZendeskSimulator({ port: 0, ...options });
  return client(sim.url);
}

describe('ticket forms', () => {
  it('creates a form of existing ticket fields, lists it, and updates its fields', async () => {
    const api = await start();
    const method = await api.post('/api/v2/ticket_fields.json', { ticket_field: { type: 'tagger', title: 'Follow-up method', custom_field_options: [{ name: 'Phone', value: 'tierwise_method_phone' }] } });
    const note = await api.post('/api/v2/ticket_fields.json', { ticket_field: { type: 'textarea', title: 'Follow-up feedback' } });
    const created = await api.post('/api/v2/ticket_forms.json', { ticket_form: { name: 'Tierwise follow-up', display_name: 'Follow-up', end_user_visible: false, ticket_field_ids: [method.body.ticket_field.id] } });
    expect(created.status).toBe(201);
    expect(created.body.ticket_form).toMatchObject({ name: 'Tierwise follow-up', display_name: 'Follow-up', active: true, end_user_visible: false, default: false, ticket_field_ids: [method.body.ticket_field.id] });
    const id = created.body.ticket_form.id;
    const updated = await api.put(`/api/v2/ticket_forms/${id}.json`, { ticket_form: { ticket_field_ids: [method.body.ticket_field.id, note.body.ticket_field.id] } });
    expect(updated.body.ticket_form.ticket_field_ids).toEqual([method.body.ticket_field.id, note.body.ticket_field.id]);
    const list = await api.get('/api/v2/ticket_forms.json');
    expect(list.body.ticket_forms.map((f: { name: string }) => f.name)).toContain('Tierwise follow-up');
    expect((await api.get(`/api/v2/ticket_forms/${id}.json`)).body.ticket_form.id).toBe(id);
  });

  it('a ticket renders with a form of the account, and names no other', async () => {
    const api = await start();
    const form = (await api.post('/api/v2/ticket_forms.json', { ticket_form: { name: 'Tierwise follow-up' } })).body.ticket_form;
    const requester = sim.ids!.users.coreCustomer;
    const task = await api.post('/api/v2/tickets.json', { ticket: { type: 'task', subject: 'Follow-up', comment: { body: 'x', public: false }, requester_id: requester, ticket_form_id: form.id } });
    expect(task.status).toBe(201);
    expect(task.body.ticket.ticket_form_id).toBe(form.id);
    const wrong = await api.post('/api/v2/tickets.json', { ticket: { subject: 'x', comment: { body: 'x' }, requester_id: requester, ticket_form_id: 12345 } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.ticket_form_id[0].description).toContain('12345');
  });

  it('refuses a form without a name, or naming a field that does not exist, and anyone but an admin', async () => {
    const api = await start();
    const blank = await api.post('/api/v2/ticket_forms.json', { ticket_form: { name: '', ticket_field_ids: [] } });
    expect(blank.status).toBe(422);
    expect(blank.body.details.name[0].description).toMatch(/Name: cannot be blank/);
    const missing = await api.post('/api/v2/ticket_forms.json', { ticket_form: { name: 'X', ticket_field_ids: [999_999] } });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('999999');
    const agent = client(sim.url, basicAuth('wang.fang@tierwise.test', 'sandbox-token'));
    expect((await agent.post('/api/v2/ticket_forms.json', { ticket_form: { name: 'X' } })).status).toBe(403);
  });

  it('answers 403 Forbidden on a plan without ticket forms, for reads and writes', async () => {
    const api = await start({ ticketForms: false });
    for (const response of [await api.get('/api/v2/ticket_forms.json'), await api.post('/api/v2/ticket_forms.json', { ticket_form: { name: 'X' } })]) {
      expect(response.status).toBe(403);
      expect(response.body.error).toBe('Forbidden');
    }
  });
});

describe('a checkbox field with a tag', () => {
  it('keeps its tag, and a ticket carries the tag exactly while the box is checked', async () => {
    const api = await start();
    const box = await api.post('/api/v2/ticket_fields.json', { ticket_field: { type: 'checkbox', title: 'Customer confirmed', tag: 'tierwise_confirmed' } });
    expect(box.body.ticket_field.tag).toBe('tierwise_confirmed');
    const bad = await api.post('/api/v2/ticket_fields.json', { ticket_field: { type: 'checkbox', title: 'Bad', tag: 'two words' } });
    expect(bad.status).toBe(422);
    const id = box.body.ticket_field.id;
    const requester = sim.ids!.users.coreCustomer;
    const { body } = await api.post('/api/v2/tickets.json', { ticket: { subject: 'Task', comment: { body: 'x' }, requester_id: requester, custom_fields: [{ id, value: true }] } });
    expect(body.ticket.tags).toContain('tierwise_confirmed');
    const cleared = await api.put(`/api/v2/tickets/${body.ticket.id}.json`, { ticket: { custom_fields: [{ id, value: false }] } });
    expect(cleared.body.ticket.tags).not.toContain('tierwise_confirmed');
  });
});

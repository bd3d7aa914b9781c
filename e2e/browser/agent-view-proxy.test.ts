/**
 * The agent view's `client.request` proxy, without a browser: secure settings are substituted
 * server-side, and neither they nor the Zendesk credentials reach anything the browser loads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, EMAIL, WORKER_TOKEN, createTicket, fakeTicketKey, seedIds, startStack, type Stack } from './helpers.ts';

let stack: Stack;
let ticketId: number;
let userId: number;
let organizationId: number;

const ZENDESK_BASIC = Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString('base64');

async function proxy(options: Record<string, unknown>): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const response = await fetch(`${stack.view.url}/proxy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  return (await response.json()) as { status: number; body: string; headers: Record<string, string> };
}

beforeAll(async () => {
  stack = await startStack();
  const ids = seedIds(stack.simulator);
  userId = ids.users.coreCustomer;
  organizationId = ids.organizations.core;
  ticketId = await createTicket(stack.simulator, userId, 'Proxy check');
});

afterAll(async () => {
  await stack?.close();
});

describe('the agent view request proxy', () => {
  it('substitutes {{setting.worker_token}} server-side for a secure request', async () => {
    const result = await proxy({
      url: `${stack.worker.url}/api/tickets/${ticketId}/audit`,
      type: 'GET',
      headers: { Authorization: 'Bearer {{setting.worker_token}}', 'X-Tierwise-Ticket-Key': fakeTicketKey(ticketId) },
      secure: true,
      dataType: 'json',
    });
    expect(result.status).toBe(200);
    expect(stack.worker.received.at(-1)).toMatchObject({ path: `/api/tickets/${ticketId}/audit`, authorization: `Bearer ${WORKER_TOKEN}` });
  });

  it('substitutes regular settings in the URL but keeps worker_token out of the body (manifest scopes: header)', async () => {
    const result = await proxy({ url: '{{setting.worker_url}}/echo', type: 'POST', contentType: 'application/json', data: '{"t":"{{setting.worker_token}}"}', secure: true });
    expect(result.status).toBe(200);
    expect(stack.worker.received.at(-1)?.path).toBe('/echo');
    expect(stack.worker.received.at(-1)?.body).toBe('{"t":"{{setting.worker_token}}"}');
    expect(result.body).not.toContain(WORKER_TOKEN);
  });

  it('never sends worker_token to a host outside the manifest\'s domainWhitelist', async () => {
    // Same worker, reached as 0.0.0.0: a host the manifest does not whitelist (only localhost, 127.0.0.1).
    const other = stack.worker.url.replace('127.0.0.1', '0.0.0.0');
    expect(other).not.toBe(stack.worker.url);
    const result = await proxy({ url: `${other}/echo`, headers: { Authorization: 'Bearer {{setting.worker_token}}' }, secure: true });
    expect(result.status).toBe(200);
    expect(stack.worker.received.at(-1)?.authorization).toBe('Bearer {{setting.worker_token}}');
  });

  it('leaves placeholders alone when the request is not secure, like Zendesk', async () => {
    await proxy({ url: `${stack.worker.url}/echo`, headers: { Authorization: 'Bearer {{setting.worker_token}}' } });
    expect(stack.worker.received.at(-1)?.authorization).toBe('Bearer {{setting.worker_token}}');
  });

  it('sends relative /api/v2 requests to Zendesk as the agent', async () => {
    const result = await proxy({ url: `/api/v2/tickets/${ticketId}.json`, type: 'GET', dataType: 'json' });
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body) as { ticket: { id: number } }).ticket.id).toBe(ticketId);
    expect(JSON.stringify(result)).not.toContain(ZENDESK_BASIC);
  });

  it('never puts the secure value or the Zendesk credentials in a page or script the browser loads', async () => {
    const paths = [
      '/', `/tickets/${ticketId}`, `/tickets/${ticketId}/details`, `/users/${userId}`, `/organizations/${organizationId}`,
      `/host-api/state?location=ticket_sidebar&id=${ticketId}`, `/host-api/state?location=user_sidebar&id=${userId}`,
      `/host-api/state?location=organization_sidebar&id=${organizationId}`,
      '/host/main.ts', '/host/zaf-host.ts', '/host/paths.ts', '/host/changes.ts', '/host/responses.ts',
    ];
    for (const path of paths) {
      const response = await fetch(`${stack.view.url}${path}`);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      expect(body, path).not.toContain(WORKER_TOKEN);
      expect(body, path).not.toContain(API_TOKEN);
      expect(body, path).not.toContain(ZENDESK_BASIC);
    }
    const state = (await (await fetch(`${stack.view.url}/host-api/state?location=ticket_sidebar&id=${ticketId}`)).json()) as { metadata: { settings: Record<string, unknown> } };
    expect(state.metadata.settings['worker_url']).toBe(stack.worker.url);
    expect(state.metadata.settings).not.toHaveProperty('worker_token');
  });

  it('answers the nav bar and top bar with the agent and no record, and refuses a sidebar without one', async () => {
    for (const location of ['nav_bar', 'top_bar']) {
      const response = await fetch(`${stack.view.url}/host-api/state?location=${location}`);
      expect(response.status, location).toBe(200);
      const state = (await response.json()) as { root: Record<string, any>; context: Record<string, unknown>; metadata: { settings: Record<string, unknown> } };
      expect(state.context).toMatchObject({ product: 'support', location });
      expect(state.root['currentUser']).toMatchObject({ role: 'admin' });
      expect(Object.keys(state.root).sort()).toEqual(['colorScheme', 'currentAccount', 'currentUser']);
      expect(state.metadata.settings).not.toHaveProperty('worker_token');
    }
    const missing = await fetch(`${stack.view.url}/host-api/state?location=ticket_sidebar`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('location (and, for a sidebar, id) are required');
    const page = await (await fetch(`${stack.view.url}/dashboard`)).text();
    expect(page).toContain('location=nav_bar');
    expect(page).toContain('location=top_bar');
    expect(page).not.toContain(WORKER_TOKEN);
  });
});

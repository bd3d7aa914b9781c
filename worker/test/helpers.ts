/**
 * Test helpers inside workerd: talk to the Zendesk simulator like an agent would, and deliver
 * signed webhooks to the worker like Zendesk does.
 */
import { env, SELF } from 'cloudflare:test';
import { ticketObject as objectOfTicket } from '../src/objects.ts';
import { signWebhook } from '../src/webhook/signature.ts';
import type { TicketClock } from '../src/ticket/ticket-clock.ts';
import type { ZendeskTicket } from '../src/zendesk/types.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

const auth = `Basic ${btoa(`${TEST_ZENDESK.email}/token:${TEST_ZENDESK.apiToken}`)}`;

export async function zendesk<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(env.ZENDESK_BASE_URL + path, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export async function admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.ZENDESK_BASE_URL}/__admin${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`admin ${method} ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function userIdByEmail(email: string): Promise<number> {
  const { users } = await zendesk<{ users: Array<{ id: number; email: string }> }>('GET', `/api/v2/users/search.json?query=${encodeURIComponent(email)}`);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no seeded user ${email}`);
  return user.id;
}

export async function createTicket(requesterEmail: string, extra: Record<string, unknown> = {}): Promise<ZendeskTicket> {
  const requester_id = await userIdByEmail(requesterEmail);
  const { ticket } = await zendesk<{ ticket: ZendeskTicket }>('POST', '/api/v2/tickets.json', { ticket: { subject: 'Printer on fire', comment: { body: 'Help' }, requester_id, ...extra } });
  return ticket;
}

/** A ticket created in the past, through Zendesk's ticket import API. */
export async function importTicket(requesterEmail: string, createdAt: Date, extra: Record<string, unknown> = {}): Promise<ZendeskTicket> {
  const requester_id = await userIdByEmail(requesterEmail);
  const at = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { ticket } = await zendesk<{ ticket: ZendeskTicket }>('POST', '/api/v2/imports/tickets.json', { ticket: { subject: 'Old problem', description: 'Still broken', requester_id, created_at: at, updated_at: at, ...extra } });
  return ticket;
}

export async function getTicket(id: number): Promise<ZendeskTicket> {
  return (await zendesk<{ ticket: ZendeskTicket }>('GET', `/api/v2/tickets/${id}.json`)).ticket;
}

let sequence = 0;

/** The event-subscription payload Zendesk sends for a ticket, as it is now. */
export function ticketEvent(ticket: ZendeskTicket, type = 'ticket.created', id = `evt-${Date.now()}-${++sequence}`): Record<string, unknown> {
  return {
    type: `zen:event-type:${type}`,
    account_id: 1,
    id,
    time: ticket.updated_at,
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket.id}`,
    detail: {
      id: String(ticket.id),
      status: ticket.status.toUpperCase(),
      priority: ticket.priority ? ticket.priority.toUpperCase() : null,
      tags: ticket.tags,
      requester_id: String(ticket.requester_id),
      organization_id: ticket.organization_id ? String(ticket.organization_id) : null,
      group_id: ticket.group_id ? String(ticket.group_id) : null,
      assignee_id: ticket.assignee_id ? String(ticket.assignee_id) : null,
      created_at: ticket.created_at,
      updated_at: ticket.updated_at,
    },
    event: {},
  };
}

export interface Delivery {
  body?: string;
  timestamp?: string;
  signature?: string | null;
  invocationId?: string;
  contentType?: string;
  secret?: string;
}

/** POST a webhook to the worker, signed like Zendesk unless told otherwise. */
export async function deliver(payload: unknown, options: Delivery = {}): Promise<Response> {
  const body = options.body ?? JSON.stringify(payload);
  const timestamp = options.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = options.signature === undefined ? await signWebhook(options.secret ?? TEST_ZENDESK.webhookSecret, timestamp, body) : options.signature;
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'application/json',
    'X-Zendesk-Webhook-Id': '01TEST',
    'X-Zendesk-Webhook-Invocation-Id': options.invocationId ?? `inv-${Date.now()}-${++sequence}`,
    'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
  };
  if (signature !== null) headers['X-Zendesk-Webhook-Signature'] = signature;
  return SELF.fetch('https://tierwise.test/webhooks/zendesk', { method: 'POST', headers, body });
}

export function ticketObject(ticketId: number): DurableObjectStub<TicketClock> {
  return objectOfTicket(env, ticketId);
}

/** Wait until the ticket's object has worked through its queue (its alarm fires by itself). */
export async function settle(ticketId: number, timeoutMs = 10_000): Promise<void> {
  const stub = ticketObject(ticketId);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const view = await stub.view();
    if (view.queued === 0 && (view.alarmAt === null || view.alarmAt > Date.now() + 50)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`ticket ${ticketId} did not settle within ${timeoutMs} ms`);
}

/** Requests the simulator served since `since`, e.g. to count PUTs to one ticket. */
export async function requestsSince(since: number, filter: { method?: string; path?: string } = {}): Promise<Array<{ seq: number; method: string; path: string; status: number }>> {
  const params = new URLSearchParams({ since: String(since), ...filter });
  return (await admin<{ requests: Array<{ seq: number; method: string; path: string; status: number }> }>('GET', `/requests?${params}`)).requests;
}

export async function lastRequestSeq(): Promise<number> {
  return (await admin<{ last_seq: number }>('GET', '/requests?since=999999999')).last_seq;
}

/**
 * Requests about one ticket since `since`: to its own path, or a gathered read (show_many) that
 * asked for it among others.
 */
export async function ticketRequestsSince(since: number, ticketId: number): Promise<Array<{ seq: number; method: string; path: string; status: number }>> {
  const own = new RegExp(`^/api/v2/tickets/${ticketId}(\\.json|/|$)`);
  const requests = (await admin<{ requests: Array<{ seq: number; method: string; path: string; query: string; status: number }> }>('GET', `/requests?since=${since}&path=/api/v2/tickets/`)).requests;
  return requests.filter((r) => own.test(r.path) || (r.path === '/api/v2/tickets/show_many.json' && (new URLSearchParams(r.query).get('ids') ?? '').split(',').includes(String(ticketId))));
}

/**
 * A stand-in for the ZAF client at the test's edge: answers `get` from a map of paths,
 * `request` from a function, records every call, and fires events like Zendesk would.
 */
import { vi } from 'vitest';
import type { ZafClient, ZafGetResult, ZafHandler, ZafRequestOptions } from '../zaf/types.ts';

export interface FakeClientOptions {
  location?: string;
  settings?: Record<string, unknown>;
  data?: Record<string, unknown>;
  request?: (options: string | ZafRequestOptions) => unknown;
}

export function fakeClient(options: FakeClientOptions = {}) {
  let data: Record<string, unknown> = { ...(options.data ?? {}) };
  const handlers = new Map<string, ZafHandler[]>();
  const get = vi.fn(async (paths: string | string[]): Promise<ZafGetResult> => {
    const list = Array.isArray(paths) ? paths : [paths];
    const result: ZafGetResult = {};
    const errors: Record<string, unknown> = {};
    for (const path of list) {
      if (path in data) result[path] = data[path];
      else errors[path] = { message: `No such path: ${path}` };
    }
    if (Object.keys(errors).length > 0) result.errors = errors;
    return result;
  });
  const request = vi.fn(async (opts: string | ZafRequestOptions) => {
    if (!options.request) throw new Error('no request handler');
    return options.request(opts);
  });
  const invoke = vi.fn(async (..._args: unknown[]) => undefined);
  const client = {
    get,
    request,
    invoke,
    on: vi.fn((event: string, handler: ZafHandler) => {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    }),
    off: vi.fn((event: string, handler: ZafHandler) => {
      handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
    }),
    context: vi.fn(async () => ({ location: options.location ?? 'ticket_sidebar', instanceGuid: 'test' })),
    metadata: vi.fn(async () => ({ settings: options.settings ?? {} })),
  };
  return {
    client: client as unknown as ZafClient,
    get,
    request,
    invoke,
    /** Change what Zendesk would answer from now on. */
    update(patch: Record<string, unknown>) {
      data = { ...data, ...patch };
    },
    fire(event: string, ...args: unknown[]) {
      for (const handler of handlers.get(event) ?? []) handler(...args);
    },
    listeners: (event: string) => handlers.get(event)?.length ?? 0,
  };
}

const HOUR = 3_600_000;

/** A ticket sidebar answer: Acme (620,000 spend) -> core; presale; created `ageMs` ago; no replies. */
export function ticketData(now: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'ticket.id': 42,
    'ticket.createdAt': new Date(now - 10 * 60_000).toISOString(),
    'ticket.status': 'open',
    'ticket.priority': 'normal',
    'ticket.tags': ['scene_presale'],
    'ticket.assignee': { user: null, group: { id: 1, name: 'Support' } },
    'ticket.requester': { id: 7, name: 'Li Wei', email: 'li@acme.example', role: 'end-user', tags: ['pref_video_call', 'complaint_late_delivery', 'feedback_positive'] },
    'ticket.organization': { id: 9, name: 'Acme', tags: ['escalated_2025'] },
    'ticket.comments': [{ id: 1, value: 'Help', author: { id: 7, name: 'Li Wei', role: 'end-user' }, isPublic: true }],
    'currentUser.locale': 'en-US',
    colorScheme: 'light',
    'ticket.requester.customField:annual_spend': null,
    'ticket.requester.customField:orders_per_year': null,
    'ticket.requester.customField:tier_override': null,
    'ticket.requester.customField:birthday': null,
    'ticket.requester.customField:partnership_anniversary': null,
    'ticket.requester.customField:last_interaction': new Date(now - 5 * 24 * HOUR).toISOString().slice(0, 10),
    'ticket.organization.customField:annual_spend': 620000,
    'ticket.organization.customField:orders_per_year': 3,
    'ticket.organization.customField:tier_override': null,
    'ticket.organization.customField:birthday': null,
    'ticket.organization.customField:partnership_anniversary': null,
    'ticket.organization.customField:last_interaction': null,
    ...overrides,
  };
}

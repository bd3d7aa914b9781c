/**
 * A typed Zendesk REST client for the calls Tierwise makes. The base URL is configurable, so the
 * same code talks to a real account or to the sandbox simulator.
 *
 * Zendesk's answers are classified here, once:
 * - transient (network, 5xx, 429, 409): a read is retried (429 after Retry-After when short,
 *   otherwise RetryLater tells the caller when to come back; 5xx and network errors back off
 *   exponentially with full jitter, both bounded). A write is never resent blind: a network
 *   error or 5xx leaves its outcome unknown (WriteOutcomeUnknown), and the caller reads the
 *   ticket to see whether it landed. A 409 from a safe update is UpdateConflict (re-read, re-plan);
 * - permanent (any other 4xx): ZendeskRefused, with what Zendesk said; retrying cannot help.
 *   A 404 on the ticket itself (its read or its update) is TicketGone: the ticket was deleted.
 */
import type { TicketUpdate, ZendeskGroup, ZendeskInstallation, ZendeskOrganization, ZendeskTicket, ZendeskTicketMetrics, ZendeskUser } from './types.ts';

/** A ticket as the incremental export gives it: a deleted one may carry only its id and status. */
export type ExportedTicket = Pick<ZendeskTicket, 'id' | 'status'> & Partial<Pick<ZendeskTicket, 'updated_at'>> & { generated_timestamp?: number };

export interface TicketExportPage {
  tickets: ExportedTicket[];
  afterCursor: string | null;
  endOfStream: boolean;
}

export interface ZendeskAuth {
  email?: string | undefined;
  apiToken?: string | undefined;
  oauthToken?: string | undefined;
}

export interface ZendeskClientOptions {
  baseUrl: string;
  auth: ZendeskAuth;
  /** Waits longer than this (ms) are not slept inside a request: RetryLater is thrown. */
  maxInlineWaitMs?: number;
  maxAttempts?: number;
  /** Called before every request; may wait to keep the account's rate budget. */
  beforeRequest?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Counts calls, for stats. */
  onCall?: (method: string, path: string, status: number) => void;
  /** Metadata every ticket update carries (Zendesk keeps it in the update's audit). */
  updateMetadata?: (ticketId: number) => Promise<Record<string, string> | null>;
}

export class ZendeskError extends Error {
  constructor(readonly status: number, readonly path: string, message: string) {
    super(message);
  }
}

export class UpdateConflict extends ZendeskError {}

/**
 * Zendesk refused the request for good (a 4xx other than 409 and 429): what it said, as data
 * without personal data: its error code, its description and the names of the fields it
 * objected to (never their values).
 */
export class ZendeskRefused extends ZendeskError {
  constructor(status: number, path: string, readonly error: string, readonly description: string) {
    super(status, path, `Zendesk refused ${path}: ${status} ${error}: ${description}`);
  }
}

/** The ticket's own read or update answered 404: the ticket no longer exists. */
export class TicketGone extends ZendeskRefused {}

/** A write got no answer (network error) or a 5xx: it may or may not have landed. */
export class WriteOutcomeUnknown extends ZendeskError {}

/** Zendesk kept failing (5xx, or status 0: the network) through every attempt. */
export class ZendeskUnavailable extends ZendeskError {}

/** The caller should try again after `afterMs` (a long Retry-After or exhausted retries). */
export class RetryLater extends Error {
  constructor(readonly afterMs: number, message: string) {
    super(message);
  }
}

/**
 * When an object's alarm should try again after a failed run: when Zendesk said (RetryLater),
 * else exponential from 2 s, capped at 5 minutes. Never gives up: the work stays queued.
 */
export function retryDelayMs(error: unknown, failures: number): number {
  if (error instanceof RetryLater) return Math.max(1_000, error.afterMs);
  return Math.min(300_000, 1_000 * 2 ** Math.min(failures, 8));
}

/** Zendesk's show_many endpoints answer at most this many records a call. */
export const SHOW_MANY_LIMIT = 100;

function idList(ids: readonly number[]): string {
  if (ids.length === 0 || ids.length > SHOW_MANY_LIMIT) throw new RangeError(`show_many takes 1-${SHOW_MANY_LIMIT} ids (got ${ids.length})`);
  return ids.join(',');
}

/** Groups beyond 10 pages of 100 are not read (an account with more names groups by id). */
const MAX_GROUP_PAGES = 10;

interface TicketWithMetrics {
  ticket: ZendeskTicket;
  metric_set?: ZendeskTicketMetrics | null;
  metric_sets?: ZendeskTicketMetrics[] | null;
}

function ticketMetrics(body: TicketWithMetrics, ticketId: number): ZendeskTicketMetrics | null {
  if (body.metric_set) return body.metric_set;
  const sets = body.metric_sets ?? [];
  return sets.find((m) => m.ticket_id === ticketId) ?? (sets.length === 1 ? sets[0]! : null);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ZendeskClient {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly maxInlineWaitMs: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ZendeskClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = authorizationHeader(options.auth);
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
  }

  /**
   * The ticket with its metrics sideloaded. Zendesk answers `include=metric_sets` with either a
   * `metric_set` object or a `metric_sets` array (the one whose ticket_id is this ticket).
   */
  async getTicket(id: number): Promise<{ ticket: ZendeskTicket; metrics: ZendeskTicketMetrics | null }> {
    const body = await this.ticketRequest(() => this.request<TicketWithMetrics>('GET', `/api/v2/tickets/${id}.json?include=metric_sets`));
    return { ticket: body.ticket, metrics: ticketMetrics(body, id) };
  }

  /**
   * Up to SHOW_MANY_LIMIT tickets in one call (Show Multiple Tickets), with their metric sets.
   * Only tickets that came with their metric set are in the map: a ticket Zendesk did not return
   * (deleted, or never there) or returned without its metrics (the replies metric tells a handled
   * ticket) is left to its own read, whose sideload the Tickets API documents.
   */
  async showManyTickets(ids: readonly number[]): Promise<Map<number, { ticket: ZendeskTicket; metrics: ZendeskTicketMetrics }>> {
    const body = await this.request<{ tickets: ZendeskTicket[]; metric_sets?: ZendeskTicketMetrics[] | null }>('GET', `/api/v2/tickets/show_many.json?ids=${idList(ids)}&include=metric_sets`);
    const metrics = new Map((body.metric_sets ?? []).filter((m) => typeof m.ticket_id === 'number').map((m) => [m.ticket_id!, m]));
    const found = new Map<number, { ticket: ZendeskTicket; metrics: ZendeskTicketMetrics }>();
    for (const ticket of body.tickets) {
      const set = metrics.get(ticket.id);
      if (set) found.set(ticket.id, { ticket, metrics: set });
    }
    return found;
  }

  /**
   * One PUT with safe_update: Zendesk answers 409 if the ticket changed since `updatedStamp`.
   * Sent once: after a network error or 5xx it throws WriteOutcomeUnknown instead of resending.
   */
  async updateTicket(id: number, update: TicketUpdate, updatedStamp: string): Promise<ZendeskTicket> {
    const metadata = (await this.options.updateMetadata?.(id)) ?? null;
    const ticket = { ...update, safe_update: true, updated_stamp: updatedStamp, ...(metadata ? { metadata } : {}) };
    const body = await this.ticketRequest(() => this.request<{ ticket: ZendeskTicket }>('PUT', `/api/v2/tickets/${id}.json`, { ticket }, { write: true }));
    return body.ticket;
  }

  /** A 404 on a ticket's own read or write means the ticket is gone; anywhere else it is a refusal. */
  private async ticketRequest<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof ZendeskRefused && error.status === 404) throw new TicketGone(404, error.path, error.error, error.description);
      throw error;
    }
  }

  /** The members of a group (user ids), following `next_page` (100 a page; at most MAX_GROUP_PAGES pages). */
  async groupMembers(groupId: number): Promise<number[]> {
    const members: number[] = [];
    let path: string | null = `/api/v2/groups/${groupId}/memberships.json?per_page=100`;
    for (let page = 0; path !== null && page < MAX_GROUP_PAGES; page++) {
      const body: { group_memberships: Array<{ user_id: number }>; next_page?: string | null } = await this.request('GET', path);
      members.push(...body.group_memberships.map((m) => m.user_id));
      path = body.next_page ? this.pathOf(body.next_page) : null;
    }
    return members;
  }

  async getUser(id: number): Promise<ZendeskUser> {
    return (await this.request<{ user: ZendeskUser }>('GET', `/api/v2/users/${id}.json`)).user;
  }

  async getUserWithOrganizations(id: number): Promise<{ user: ZendeskUser; organizations: ZendeskOrganization[] }> {
    const body = await this.request<{ user: ZendeskUser; organizations?: ZendeskOrganization[] }>('GET', `/api/v2/users/${id}.json?include=organizations`);
    if (body.organizations || body.user.organization_id === null) return { user: body.user, organizations: body.organizations ?? [] };
    // No sideload in the answer: read the organization on its own.
    const { organization } = await this.request<{ organization: ZendeskOrganization }>('GET', `/api/v2/organizations/${body.user.organization_id}.json`);
    return { user: body.user, organizations: [organization] };
  }

  /**
   * Up to SHOW_MANY_LIMIT users in one call (Show Many Users) with their organizations. A user
   * missing from the answer, or whose organization the answer did not carry, is not in the map.
   */
  async showManyUsersWithOrganizations(ids: readonly number[]): Promise<Map<number, { user: ZendeskUser; organizations: ZendeskOrganization[] }>> {
    const body = await this.request<{ users: ZendeskUser[]; organizations?: ZendeskOrganization[] }>('GET', `/api/v2/users/show_many.json?ids=${idList(ids)}&include=organizations`);
    const organizations = new Map((body.organizations ?? []).map((o) => [o.id, o]));
    const found = new Map<number, { user: ZendeskUser; organizations: ZendeskOrganization[] }>();
    for (const user of body.users) {
      const organization = user.organization_id === null ? null : organizations.get(user.organization_id);
      if (organization !== undefined) found.set(user.id, { user, organizations: organization ? [organization] : [] });
    }
    return found;
  }

  /** Every group, following `next_page` (100 a page; at most MAX_GROUP_PAGES pages). */
  async listGroups(): Promise<ZendeskGroup[]> {
    const groups: ZendeskGroup[] = [];
    let path: string | null = '/api/v2/groups.json?per_page=100';
    for (let page = 0; path !== null && page < MAX_GROUP_PAGES; page++) {
      const body: { groups: ZendeskGroup[]; next_page?: string | null } = await this.request('GET', path);
      groups.push(...body.groups);
      path = body.next_page ? this.pathOf(body.next_page) : null;
    }
    return groups;
  }

  async listInstallations(): Promise<ZendeskInstallation[]> {
    return (await this.request<{ installations: ZendeskInstallation[] }>('GET', '/api/v2/apps/installations.json')).installations;
  }

  /**
   * One page of the cursor-based Incremental Ticket Export (its own limit: 10 requests a minute),
   * from a `start_time` (epoch seconds, at least a minute ago) or the previous page's
   * `after_cursor`. Deleted tickets come with status "deleted" (a permanently deleted one with
   * little else); `after_cursor` is where the next request continues, at the end of the stream too.
   */
  async exportTickets(from: { startTime: number } | { cursor: string }, perPage: number): Promise<TicketExportPage> {
    const params = new URLSearchParams({ ...('cursor' in from ? { cursor: from.cursor } : { start_time: String(from.startTime) }), per_page: String(perPage) });
    const body = await this.request<{ tickets: ExportedTicket[]; after_cursor: string | null; end_of_stream: boolean }>('GET', `/api/v2/incremental/tickets/cursor.json?${params}`);
    return { tickets: body.tickets, afterCursor: body.after_cursor, endOfStream: body.end_of_stream };
  }

  /** Search API tickets; the order goes in Zendesk's `sort_by` / `sort_order` parameters, not the query. */
  async searchTickets(query: string, page: number, perPage = 100, order?: { sortBy: 'created_at' | 'updated_at' | 'priority' | 'status' | 'ticket_type'; sortOrder: 'asc' | 'desc' }): Promise<{ tickets: ZendeskTicket[]; hasMore: boolean }> {
    const params = new URLSearchParams({ query: `type:ticket ${query}`, page: String(page), per_page: String(perPage), ...(order ? { sort_by: order.sortBy, sort_order: order.sortOrder } : {}) });
    const body = await this.request<{ results: ZendeskTicket[]; next_page: string | null }>('GET', `/api/v2/search.json?${params}`);
    return { tickets: body.results, hasMore: body.next_page !== null };
  }

  async request<T>(method: string, path: string, payload?: unknown, options: { write?: boolean } = {}): Promise<T> {
    let lastProblem = '';
    let lastStatus = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      await this.options.beforeRequest?.();
      let response: Response;
      try {
        response = await fetch(this.baseUrl + path, {
          method,
          headers: { Authorization: this.authorization, Accept: 'application/json', ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }) },
          ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        });
      } catch (error) {
        this.options.onCall?.(method, path, 0);
        lastProblem = `network error: ${error instanceof Error ? error.message : String(error)}`;
        lastStatus = 0;
        if (options.write) throw new WriteOutcomeUnknown(0, path, `${method} ${path}: ${lastProblem}; whether it landed is unknown`);
        await this.backoff(attempt);
        continue;
      }
      this.options.onCall?.(method, path, response.status);
      if (response.status === 204) return undefined as T;
      if (response.ok) return (await response.json()) as T;

      const text = await response.text().catch(() => '');
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers.get('Retry-After'));
        if (waitMs > this.maxInlineWaitMs || attempt === this.maxAttempts) throw new RetryLater(waitMs, `Zendesk rate limit on ${method} ${path}`);
        await this.sleep(waitMs);
        continue;
      }
      if (response.status === 409) throw new UpdateConflict(409, path, `Zendesk reported a conflicting update on ${method} ${path}`);
      if (response.status >= 500) {
        if (options.write) throw new WriteOutcomeUnknown(response.status, path, `${method} ${path}: Zendesk ${response.status}; whether it landed is unknown`);
        lastProblem = `Zendesk ${response.status}`;
        lastStatus = response.status;
        await this.backoff(attempt);
        continue;
      }
      const said = refusalOf(text);
      throw new ZendeskRefused(response.status, `${method} ${path.split('?')[0]}`, said.error, said.description);
    }
    // Out of attempts: the caller's own backoff (a ticket object's alarm) takes over from here.
    throw new ZendeskUnavailable(lastStatus, path, `${method} ${path} failed ${this.maxAttempts} times (${lastProblem})`);
  }

  /** A `next_page` URL as a path on this client's base URL (never follow a link to another host). */
  private pathOf(url: string): string {
    const next = new URL(url, this.baseUrl);
    const base = new URL(this.baseUrl);
    if (next.origin !== base.origin) throw new ZendeskError(0, next.pathname, `Zendesk linked a next page on another host (${next.host})`);
    return next.pathname + next.search;
  }

  private async backoff(attempt: number): Promise<void> {
    if (attempt >= this.maxAttempts) return;
    const cap = Math.min(8_000, 250 * 2 ** attempt);
    await this.sleep(Math.round(this.random() * cap));
  }
}

export function authorizationHeader(auth: ZendeskAuth): string {
  if (auth.oauthToken) return `Bearer ${auth.oauthToken}`;
  if (auth.email && auth.apiToken) return `Basic ${btoa(`${auth.email}/token:${auth.apiToken}`)}`;
  throw new Error('Zendesk credentials missing: set ZENDESK_EMAIL and ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN');
}

/**
 * What a refusal body says, without personal data: Zendesk's `error` code and `description`
 * (or the `errors[0]` title / detail shape), plus the names of the fields `details` objects to.
 */
export function refusalOf(text: string): { error: string; description: string } {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: 'Unknown', description: 'no JSON body' };
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const first = Array.isArray(record.errors) && typeof record.errors[0] === 'object' && record.errors[0] !== null ? (record.errors[0] as Record<string, unknown>) : {};
  // `error` is a code ("RecordInvalid") or an object {title, message} (e.g. a 403).
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const words = (v: unknown) => (typeof v === 'string' ? v : null);
  const error = words(record.error) ?? words(nested.title) ?? words(first.code) ?? words(first.title) ?? 'Unknown';
  const described = words(record.description) ?? words(nested.message) ?? words(first.detail) ?? '';
  const fields = typeof record.details === 'object' && record.details !== null ? Object.keys(record.details) : [];
  const description = [described, ...(fields.length > 0 ? [`fields: ${fields.join(', ')}`] : [])].filter(Boolean).join('; ');
  return { error: error.slice(0, 80), description: description.slice(0, 300) };
}

/** Retry-After in seconds (Zendesk) or an HTTP date; defaults to 60 s when absent or unreadable. */
export function retryAfterMs(header: string | null): number {
  if (!header) return 60_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 60_000;
}

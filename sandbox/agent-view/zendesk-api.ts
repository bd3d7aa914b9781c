/**
 * The agent view's server-side Zendesk client. The credentials live here only: pages and the
 * app iframe never see them (the browser talks to this server, which adds Basic auth).
 */
import type { ApiComment, ApiGroup, ApiOrganization, ApiTicket, ApiUser } from './zaf-model.ts';

export interface ZendeskCredentials {
  url: string;
  email: string;
  apiToken: string;
}

export class ZendeskApiError extends Error {
  constructor(readonly status: number, readonly body: string, path: string) {
    super(`Zendesk ${status} on ${path}: ${body.slice(0, 300)}`);
  }
}

export function basicAuth(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
}

export interface ZendeskResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export class ZendeskApi {
  readonly base: string;
  constructor(private readonly credentials: ZendeskCredentials) {
    this.base = credentials.url.replace(/\/+$/, '');
  }

  /** Raw call (used by the app's request proxy): never throws on an HTTP error status. */
  async raw(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<ZendeskResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    headers['authorization'] = basicAuth(this.credentials.email, this.credentials.apiToken);
    const response = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
      body: await response.text(),
    };
  }

  async json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await this.raw(path, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.body !== undefined ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (response.status < 200 || response.status >= 300) throw new ZendeskApiError(response.status, response.body, path);
    return (response.body ? JSON.parse(response.body) : {}) as T;
  }

  async tickets(): Promise<ApiTicket[]> {
    const all: ApiTicket[] = [];
    let path: string | null = '/api/v2/tickets.json?per_page=100';
    for (let page = 0; path && page < 20; page++) {
      const body: { tickets: ApiTicket[]; next_page?: string | null } = await this.json(path);
      all.push(...body.tickets);
      path = body.next_page ? new URL(body.next_page).pathname + new URL(body.next_page).search : null;
    }
    return all;
  }

  async ticket(id: number): Promise<ApiTicket> {
    return (await this.json<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`)).ticket;
  }

  async updateTicket(id: number, ticket: Record<string, unknown>): Promise<ApiTicket> {
    return (await this.json<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`, { method: 'PUT', body: { ticket } })).ticket;
  }

  async comments(ticketId: number): Promise<ApiComment[]> {
    return (await this.json<{ comments: ApiComment[] }>(`/api/v2/tickets/${ticketId}/comments.json`)).comments;
  }

  async user(id: number): Promise<ApiUser> {
    return (await this.json<{ user: ApiUser }>(`/api/v2/users/${id}.json`)).user;
  }

  async me(): Promise<ApiUser> {
    return (await this.json<{ user: ApiUser }>('/api/v2/users/me.json')).user;
  }

  async organization(id: number): Promise<ApiOrganization> {
    return (await this.json<{ organization: ApiOrganization }>(`/api/v2/organizations/${id}.json`)).organization;
  }

  async groups(): Promise<ApiGroup[]> {
    return (await this.json<{ groups: ApiGroup[] }>('/api/v2/groups.json')).groups;
  }

  /** Settings of the installed app named like ours, as Zendesk stores them (secure ones are not returned). */
  async installationSettings(appName: string): Promise<Record<string, unknown> | null> {
    const body = await this.json<{ installations?: Array<{ settings?: Record<string, unknown>; app_name?: string; settings_objects?: unknown; enabled?: boolean }> }>('/api/v2/apps/installations.json');
    const installations = body.installations ?? [];
    const ours = installations.find((i) => (i.app_name ?? i.settings?.['name']) === appName) ?? installations[0];
    return ours?.settings ?? null;
  }
}

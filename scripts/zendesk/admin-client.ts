/**
 * A small Zendesk admin client for the scripts: the worker's ZendeskClient (plain fetch; retries
 * 429 and 5xx) plus a preflight that tells bad credentials, a non-admin token and an unreachable
 * URL apart, paging for list endpoints, and error messages an admin can act on.
 */
import { z } from 'zod';
import { RetryLater, retryAfterMs, ZendeskClient, ZendeskError, ZendeskUnavailable } from '../../worker/src/zendesk/client.ts';
import { CliError, EXIT, type ZendeskConnection } from './env.ts';

export interface AdminClientOptions {
  /** Called before every Zendesk request (rate budget). */
  beforeRequest?: () => Promise<void>;
  maxAttempts?: number;
  onCall?: (method: string, path: string, status: number) => void;
  /** Preflight timeout, ms. */
  timeoutMs?: number;
}

const meSchema = z.object({ user: z.object({ id: z.number().nullable(), role: z.string().optional(), email: z.string().nullable().optional(), name: z.string().optional() }).passthrough() });

export class AdminClient {
  readonly client: ZendeskClient;

  constructor(readonly connection: ZendeskConnection, private readonly options: AdminClientOptions = {}) {
    this.client = new ZendeskClient({
      baseUrl: connection.baseUrl,
      auth: connection.auth,
      maxAttempts: options.maxAttempts ?? 4,
      maxInlineWaitMs: 65_000,
      ...(options.beforeRequest ? { beforeRequest: options.beforeRequest } : {}),
      ...(options.onCall ? { onCall: options.onCall } : {}),
    });
  }

  /**
   * GET /api/v2/users/me with one plain fetch: tells an unreachable URL, something that is not
   * Zendesk, refused credentials and a non-admin user apart before anything is written.
   */
  async preflight(requireAdmin: boolean): Promise<{ id: number; role: string; email: string | null }> {
    const { baseUrl } = this.connection;
    let response: Response | undefined;
    // A busy account (429) or a hiccup (5xx) is retried; anything else is decided at once.
    for (let attempt = 1; ; attempt++) {
      await this.options.beforeRequest?.();
      try {
        response = await fetch(`${baseUrl}/api/v2/users/me.json`, {
          headers: { Authorization: this.authorization(), Accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
        });
      } catch (error) {
        throw new CliError(`Could not reach ZENDESK_BASE_URL ${baseUrl}: ${networkReason(error)}. Check the address (https://<subdomain>.zendesk.com) and your network or proxy.`, EXIT.unreachable);
      }
      this.options.onCall?.('GET', '/api/v2/users/me.json', response.status);
      if ((response.status !== 429 && response.status < 500) || attempt >= 4) break;
      await response.arrayBuffer().catch(() => undefined);
      const wait = response.status === 429 ? Math.min(65_000, retryAfterMs(response.headers.get('Retry-After'))) : 500 * 2 ** attempt;
      await new Promise((r) => setTimeout(r, wait));
    }
    if (response.status === 429 || response.status >= 500) {
      throw new CliError(`Zendesk kept answering ${response.status} on GET /api/v2/users/me.json: try again later.`, EXIT.zendesk);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 401) throw this.refused();
    if (response.status === 403) throw new CliError(`Zendesk answered 403 Forbidden for ${this.connection.credentialNames} on GET /api/v2/users/me: the token's user may not use the API (is API token access enabled, or is the account restricted by IP?).`, EXIT.forbidden);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = meSchema.safeParse(body);
    if (!response.ok || !parsed.success) {
      throw new CliError(`ZENDESK_BASE_URL ${baseUrl} does not look like a Zendesk account: GET /api/v2/users/me.json answered ${response.status}${response.ok ? ' without a user' : ''}. Use the account's address, https://<subdomain>.zendesk.com.`, EXIT.unreachable);
    }
    const { user } = parsed.data;
    // Zendesk answers anonymous requests with a user whose id is null.
    if (user.id === null) throw this.refused();
    if (requireAdmin && user.role !== 'admin') {
      throw new CliError(`This token's user is not an admin (${user.email ?? this.connection.who} has the role "${user.role ?? 'unknown'}"). Creating fields, groups, webhooks and triggers needs an admin: use an admin's ZENDESK_EMAIL with an API token.`, EXIT.forbidden);
    }
    return { id: user.id, role: user.role ?? 'unknown', email: user.email ?? null };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.client.request<T>(method, path, body);
    } catch (error) {
      // ZendeskClient.request parses every 2xx as JSON, but PATCH /api/v2/webhooks/{id} answers
      // 204 No Content (as documented): the write succeeded and there is no body to read.
      if (error instanceof SyntaxError && (method === 'PATCH' || method === 'DELETE')) return undefined as T;
      throw this.translate(error, method, path);
    }
  }

  /** Every item of a list endpoint, following offset (next_page) or cursor (links.next) pages. */
  async listAll<T>(path: string, key: string, item: z.ZodType<T>, maxPages = 100): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = path;
    for (let page = 0; next !== null && page < maxPages; page++) {
      const body: Record<string, unknown> = await this.request<Record<string, unknown>>('GET', next);
      const parsed = z.array(item).safeParse(body[key] ?? []);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CliError(`Unexpected answer from Zendesk on GET ${path}: ${key}.${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`, EXIT.zendesk);
      }
      out.push(...parsed.data);
      next = this.nextPath(body);
    }
    return out;
  }

  private nextPath(body: Record<string, unknown>): string | null {
    const meta = body.meta as { has_more?: unknown } | undefined;
    const links = body.links as { next?: unknown } | undefined;
    const candidate = meta && 'has_more' in meta ? (meta.has_more === true && typeof links?.next === 'string' ? links.next : null)
      : typeof body.next_page === 'string' ? body.next_page : null;
    if (!candidate) return null;
    const url = new URL(candidate, this.connection.baseUrl);
    // Stay on the configured origin (a proxy or the simulator may report another host name).
    return url.pathname + url.search;
  }

  private authorization(): string {
    const { auth } = this.connection;
    if (auth.oauthToken) return `Bearer ${auth.oauthToken}`;
    return `Basic ${Buffer.from(`${auth.email ?? ''}/token:${auth.apiToken ?? ''}`).toString('base64')}`;
  }

  refused(): CliError {
    const fix = this.connection.auth.oauthToken
      ? 'check that the token is valid and has the read and write scopes'
      : 'check that ZENDESK_EMAIL is an admin\'s email, that ZENDESK_API_TOKEN is an active API token (Admin Center > Apps and integrations > APIs > Zendesk API) and that token access is enabled';
    return new CliError(`${this.connection.credentialNames} ${this.connection.auth.oauthToken ? 'was' : 'were'} refused by Zendesk (401): ${fix}.`, EXIT.unauthorized);
  }

  translate(error: unknown, method: string, path: string): Error {
    if (error instanceof CliError) return error;
    if (error instanceof ZendeskUnavailable) {
      const network = error.status === 0;
      return new CliError(network
        ? `Lost the connection to ${this.connection.baseUrl} on ${method} ${path}: ${error.message}`
        : `Zendesk kept failing on ${method} ${path}: ${error.message}. Try again later.`, network ? EXIT.unreachable : EXIT.zendesk);
    }
    if (error instanceof ZendeskError) {
      if (error.status === 401) return this.refused();
      if (error.status === 403) return new CliError(`Zendesk refused ${method} ${path} (403 Forbidden): this token's user is not an admin or lacks the permission. Use an admin's credentials.`, EXIT.forbidden);
      return new ZendeskRequestError(error.status, `${method} ${path} was refused by Zendesk (${error.status}): ${zendeskDetails(error.message)}`);
    }
    if (error instanceof RetryLater) return new CliError(`Zendesk asked to wait ${Math.round(error.afterMs / 1000)} s on ${method} ${path}: ${error.message}. Try again later.`, EXIT.zendesk);
    return new CliError(`${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`, EXIT.zendesk);
  }
}

/** A request Zendesk refused for this item only (422 and other 4xx): the run can go on. */
export class ZendeskRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** "Zendesk 422 on POST /x: {json}" -> the validation messages inside. */
function zendeskDetails(message: string): string {
  const json = message.slice(message.indexOf(': ') + 2);
  try {
    const body = JSON.parse(json) as { description?: string; details?: Record<string, Array<{ description?: string }>>; error?: unknown };
    const details = Object.values(body.details ?? {}).flat().map((d) => d.description).filter(Boolean);
    if (details.length > 0) return details.join('; ');
    if (body.description) return body.description;
    return typeof body.error === 'string' ? body.error : json;
  } catch {
    return json;
  }
}

export function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer (timed out)';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name does not resolve (${code})`;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code) return `${code}${cause?.message ? `: ${cause.message}` : ''}`;
  return cause?.message ?? error.message;
}

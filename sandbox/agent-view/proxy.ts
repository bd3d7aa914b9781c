/**
 * The server half of `client.request(...)`: what Zendesk's request proxy does for an app.
 * - relative URLs (`/api/v2/...`) go to the Zendesk (simulator) API as the signed-in agent:
 *   this server adds the Basic auth, the browser never holds the credentials;
 * - absolute URLs (the worker's `/api/tickets/:id/audit`) are fetched by this server;
 * - with `secure: true`, `{{setting.name}}` placeholders in the URL, headers and body are
 *   replaced here, so a secret never reaches the browser. As in Zendesk (manifest reference:
 *   `secure`, `scopes`, `domainWhitelist`), a secure setting is put in only when the request's host
 *   is in the manifest's `domainWhitelist` and only in the parts (`header`, `url`, `body`) its
 *   `scopes` allow; elsewhere the placeholder is sent as written. Regular settings go anywhere.
 */
import { readFileSync } from 'node:fs';
import type { ZendeskApi, ZendeskResponse } from './zendesk-api.ts';

export interface AppRequestOptions {
  url: string;
  type?: string;
  method?: string;
  data?: unknown;
  headers?: Record<string, string>;
  contentType?: string | false;
  dataType?: string;
  secure?: boolean;
  cors?: boolean;
  httpCompleteResponse?: boolean;
  timeout?: number;
}

export type SettingValue = string | number | boolean;

const PLACEHOLDER = /\{\{\s*setting\.([A-Za-z0-9_]+)\s*\}\}/g;

/** Replace `{{setting.x}}`; unknown (or not `allowed`) names stay as written (Zendesk leaves them too). */
export function substituteSettings(
  text: string, settings: Readonly<Record<string, SettingValue>>, allowed: (name: string) => boolean = () => true,
): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = settings[name];
    return value === undefined || !allowed(name) ? whole : String(value);
  });
}

export type SecureScope = 'header' | 'url' | 'body';

/** What the manifest says about secure settings: where they may go. */
export interface SecurePolicy {
  /** Hosts secure settings may be sent to (`domainWhitelist`). */
  domains: readonly string[];
  /** Secure parameter -> the request parts it may appear in (no `scopes`: anywhere, as in Zendesk). */
  scopes: Readonly<Record<string, readonly SecureScope[] | null>>;
}

interface ManifestLike {
  domainWhitelist?: unknown;
  parameters?: Array<{ name: string; secure?: boolean; scopes?: unknown }>;
}

export function securePolicy(manifest: ManifestLike): SecurePolicy {
  const domains = Array.isArray(manifest.domainWhitelist) ? manifest.domainWhitelist.map((d) => String(d).toLowerCase()) : [];
  const scopes: Record<string, readonly SecureScope[] | null> = {};
  for (const p of manifest.parameters ?? []) {
    if (p.secure === true) scopes[p.name] = Array.isArray(p.scopes) ? (p.scopes as SecureScope[]) : null;
  }
  return { domains, scopes };
}

/** The policy of the app this view hosts: the repository's manifest.json. */
export const MANIFEST_POLICY: SecurePolicy = securePolicy(
  JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as ManifestLike,
);

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null; // relative: Zendesk's own API, not a whitelisted domain
  }
}

export function usesPlaceholders(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

function encodeForm(data: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined && value !== null) params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return params.toString();
}

export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  relative: boolean;
}

/** Build the outgoing request the way jQuery.ajax (which ZAF's proxy mirrors) would. */
export function prepareRequest(
  options: AppRequestOptions, settings: Readonly<Record<string, SettingValue>>, policy: SecurePolicy = MANIFEST_POLICY,
): PreparedRequest {
  const isSecure = (name: string) => Object.hasOwn(policy.scopes, name);
  // Regular settings first: they decide the host (e.g. `{{setting.worker_url}}/api/...`).
  const regular = (text: string) => (options.secure ? substituteSettings(text, settings, (name) => !isSecure(name)) : text);
  const method = (options.type ?? options.method ?? 'GET').toUpperCase();
  let url = regular(String(options.url ?? ''));
  const host = hostOf(url);
  const whitelisted = host !== null && policy.domains.includes(host);
  const substitute = (part: SecureScope) => (text: string) => {
    const withRegular = regular(text);
    if (!options.secure || !whitelisted) return withRegular;
    return substituteSettings(withRegular, settings, (name) => {
      const scopes = policy.scopes[name];
      return scopes === undefined || scopes === null || scopes.includes(part);
    });
  };
  url = substitute('url')(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = substitute('header')(String(value));
  let body: string | undefined;
  const data = options.data;
  const contentType = options.contentType === false ? undefined : options.contentType ?? 'application/x-www-form-urlencoded; charset=UTF-8';
  if (data !== undefined && data !== null && data !== '') {
    const text = typeof data === 'string' ? data : contentType?.includes('json') ? JSON.stringify(data) : encodeForm(data as Record<string, unknown>);
    if (method === 'GET' || method === 'HEAD') {
      const query = typeof data === 'string' ? data : encodeForm(data as Record<string, unknown>);
      url += (url.includes('?') ? '&' : '?') + substitute('url')(query);
    } else {
      body = substitute('body')(text);
      if (contentType && !headers['content-type']) headers['content-type'] = contentType;
    }
  }
  if (!headers['accept']) headers['accept'] = options.dataType === 'json' ? 'application/json' : 'application/json, text/plain, */*';
  return { method, url, headers, body, relative: url.startsWith('/') };
}

export async function performRequest(prepared: PreparedRequest, api: ZendeskApi): Promise<ZendeskResponse> {
  try {
    if (prepared.relative) {
      return await api.raw(prepared.url, { method: prepared.method, headers: prepared.headers, ...(prepared.body !== undefined ? { body: prepared.body } : {}) });
    }
    const target = new URL(prepared.url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported protocol ${target.protocol}`);
    const response = await fetch(target, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body !== undefined ? { body: prepared.body } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
      body: await response.text(),
    };
  } catch (error) {
    return { status: 0, statusText: 'error', headers: {}, body: error instanceof Error ? error.message : String(error) };
  }
}

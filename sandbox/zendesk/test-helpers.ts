// Helpers for the simulator's own tests: an authenticated JSON client and a webhook receiver.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EMAIL = 'admin@tierwise.test';
export const TOKEN = 'sandbox-token';
export const basicAuth = (email = EMAIL, token = TOKEN): string =>
  `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;

export interface JsonResponse<T = any> { status: number; headers: Headers; body: T }

export function client(baseUrl: string, auth: string | null = basicAuth()) {
  const call = async <T = any>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> => {
    const headers: Record<string, string> = {};
    if (auth) headers.Authorization = auth;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text === '' ? null : JSON.parse(text)) as T };
  };
  return {
    get: <T = any>(p: string) => call<T>('GET', p),
    post: <T = any>(p: string, b?: unknown) => call<T>('POST', p, b),
    put: <T = any>(p: string, b?: unknown) => call<T>('PUT', p, b),
    patch: <T = any>(p: string, b?: unknown) => call<T>('PATCH', p, b),
    del: <T = any>(p: string, b?: unknown) => call<T>('DELETE', p, b),
  };
}

export interface ReceivedRequest { method: string; url: string; headers: IncomingHttpHeaders; body: string; at: number }

/** A tiny HTTP server recording what it receives; `respond` picks the status per request. */
export async function startReceiver(respond: (req: ReceivedRequest, n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 })) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      const { status, headers } = respond(r, received.length);
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** fetch + JSON body, untyped (for admin API calls in tests). */
export const fetchJson = async (url: string, init?: RequestInit): Promise<any> => (await fetch(url, init)).json();

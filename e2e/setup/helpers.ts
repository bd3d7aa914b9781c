/** Helpers for the setup/backfill tests: the simulator's admin API, running a CLI, a webhook receiver. */
import type { RequestLogEntry } from '../../sandbox/zendesk/types.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../sandbox/lib/dev-vars.ts';

export const ADMIN = { email: 'admin@tierwise.test', apiToken: 'setup-test-token' };
export const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export function zendeskEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ZENDESK_BASE_URL: url, ZENDESK_EMAIL: ADMIN.email, ZENDESK_API_TOKEN: ADMIN.apiToken, TIERWISE_WORKER_URL: 'https://tierwise.example.workers.dev', ...extra };
}

export function authHeader(email = ADMIN.email, token = ADMIN.apiToken): string {
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

export async function api<T>(base: string, method: string, p: string, body?: unknown): Promise<T> {
  const response = await fetch(base + p, {
    method,
    headers: { Authorization: authHeader(), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${p} -> ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export type LoggedRequest = Pick<RequestLogEntry, 'seq' | 'method' | 'path' | 'query' | 'status' | 'at'>;

export async function requestLog(base: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${base}/__admin/requests`);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

export async function setFaults(base: string, faults: Record<string, number>): Promise<void> {
  const response = await fetch(`${base}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx <script> <args>` from the repo root with exactly `env` (plus PATH/HOME). */
export function startCli(script: string, args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(TSX, [script, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function runCli(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return startCli(script, args, env).done;
}

/** Collects io lines for in-process runs. */
export function captureIo(): { io: { out(l: string): void; err(l: string): void }; out: string[]; err: string[]; text(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err, text: () => [...out, ...err].join('\n') };
}

export interface Delivery {
  ticketId: number;
  invocationId: string;
  at: number;
  validSignature: boolean;
}

/** A stand-in for the worker's POST /webhooks/zendesk: verifies signatures and records deliveries. */
export async function startReceiver(
  verify: (signature: string | null, timestamp: string | null, body: Uint8Array) => Promise<boolean>,
): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void>; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/zendesk')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = new Uint8Array(Buffer.concat(chunks));
        const valid = await verify(req.headers['x-zendesk-webhook-signature'] as string ?? null, req.headers['x-zendesk-webhook-signature-timestamp'] as string ?? null, body);
        if (!valid) {
          res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"bad_signature"}');
          return;
        }
        const json = JSON.parse(Buffer.from(body).toString('utf8')) as { tierwise: number; ticket: { id: string } };
        deliveries.push({ ticketId: Number(json.ticket.id), invocationId: String(req.headers['x-zendesk-webhook-invocation-id']), at: Date.now(), validSignature: valid });
        res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"queued"}');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

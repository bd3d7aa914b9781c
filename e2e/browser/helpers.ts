/**
 * Shared set-up of the browser tests: the Zendesk simulator, a stand-in for the worker's
 * HTTP API (it echoes what it receives, so a test can see what the proxy sent), the local
 * agent view, and Chromium driven by playwright-core.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { startAgentView, type AgentView } from '../../sandbox/agent-view/server.ts';
import { auditResponse, l1Row, tierRow } from '../../app/test/auditRows.ts';
import type { Period, ServiceReport, TodaySummary } from '../../shared/reports.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
export const EMAIL = 'admin@tierwise.test';
export const API_TOKEN = 'sandbox-token';
export const WORKER_TOKEN = 'sidebar-secret-7f3a9c1e';

export interface FakeWorker {
  url: string;
  /** Every request it received: method, path, authorization header, body. */
  received: Array<{ method: string; path: string; authorization: string | undefined; body: string }>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** What the stand-in answers on the reports API (shared/reports.ts), built by the test. */
export interface FakeReports {
  service(period: Period): ServiceReport;
  today(): TodaySummary;
}

/**
 * `/echo` answers what it got; `/api/tickets/:id/audit` answers the worker's `AuditResponse`
 * (a tier row and an L1 escalation, typed by shared/audit.ts) when the Bearer token is right;
 * with `reports`, `/api/reports/service?from&to` and `/api/reports/today` answer what they build.
 */
export async function startFakeWorker(token: string, reports?: FakeReports): Promise<FakeWorker> {
  const received: FakeWorker['received'] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://worker');
      const authorization = request.headers['authorization'];
      received.push({ method: request.method ?? 'GET', path: url.pathname + url.search, authorization, body });
      response.setHeader('content-type', 'application/json');
      if (url.pathname === '/echo') {
        response.end(JSON.stringify({ method: request.method, path: url.pathname + url.search, authorization: authorization ?? null, body }));
        return;
      }
      if (authorization !== `Bearer ${token}`) {
        response.statusCode = 401;
        response.end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      if (reports && url.pathname === '/api/reports/service' && from && to) {
        response.end(JSON.stringify(reports.service({ from, to })));
        return;
      }
      if (reports && url.pathname === '/api/reports/today') {
        response.end(JSON.stringify(reports.today()));
        return;
      }
      const audit = /^\/api\/tickets\/(\d+)\/audit$/.exec(url.pathname);
      if (audit && request.headers['x-tierwise-ticket-key'] !== fakeTicketKey(Number(audit[1]))) {
        // Like the worker: the trail only with the key Zendesk shows to agents who may see the ticket.
        response.statusCode = 403;
        response.end(JSON.stringify({ error: { code: 'bad_ticket_key', message: 'X-Tierwise-Ticket-Key is not this ticket\'s key' } }));
        return;
      }
      if (audit) {
        response.end(JSON.stringify(auditResponse(Number(audit[1]), [tierRow, l1Row])));
        return;
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ error: 'not found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface Stack {
  simulator: RunningSimulator;
  worker: FakeWorker;
  view: AgentView;
  close(): Promise<void>;
}

export async function startStack(options: { assetsDir?: string; appSettings?: Record<string, string | number | boolean>; pollMs?: number; reports?: FakeReports } = {}): Promise<Stack> {
  const worker = await startFakeWorker(WORKER_TOKEN, options.reports);
  const simulator = await startZendeskSimulator({
    port: 0,
    email: EMAIL,
    apiToken: API_TOKEN,
    seed: true,
    appSettings: { worker_url: worker.url, ...(options.appSettings ?? {}) },
    secureAppSettings: { worker_token: WORKER_TOKEN },
  });
  const view = await startAgentView({
    port: 0,
    zendeskUrl: simulator.url,
    zendeskEmail: EMAIL,
    zendeskApiToken: API_TOKEN,
    secureSettings: { worker_token: WORKER_TOKEN },
    pollMs: options.pollMs ?? 1000,
    ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}),
  });
  return {
    simulator,
    worker,
    view,
    async close() {
      await view.close();
      await simulator.close();
      await worker.close();
    },
  };
}

function basic(): string {
  return `Basic ${Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString('base64')}`;
}

/** Call the simulator's API as the admin. */
export async function zendesk<T>(simulator: RunningSimulator, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${simulator.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: basic(), 'content-type': 'application/json', accept: 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A ticket the customer filed (they submitted it, so the first comment is theirs: no agent reply yet). */
/** The stand-in worker's key for a ticket (the real one is an HMAC: worker/src/api/ticket-key.ts). */
export function fakeTicketKey(ticketId: number): string {
  return `fake-key-${ticketId}`;
}

/** What the worker's first change to a ticket leaves in its audits: the key (and here the tier's priority). */
export async function markTouchedByWorker(simulator: RunningSimulator, ticketId: number): Promise<void> {
  await zendesk(simulator, `/api/v2/tickets/${ticketId}.json`, { method: 'PUT', body: { ticket: { priority: 'high', metadata: { tierwise_key: fakeTicketKey(ticketId) } } } });
}

export async function createTicket(simulator: RunningSimulator, requesterId: number, subject: string, extra: Record<string, unknown> = {}): Promise<number> {
  const body = await zendesk<{ ticket: { id: number } }>(simulator, '/api/v2/tickets.json', {
    method: 'POST',
    body: { ticket: { subject, comment: { body: `${subject}: please help.` }, requester_id: requesterId, submitter_id: requesterId, ...extra } },
  });
  return body.ticket.id;
}

export function seedIds(simulator: RunningSimulator) {
  if (!simulator.ids) throw new Error('the simulator was started without seed data');
  return simulator.ids;
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

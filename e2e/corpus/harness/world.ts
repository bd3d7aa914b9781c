/**
 * The processes a corpus run talks to: the real worker (`wrangler dev`) wired to the Zendesk
 * simulator, and what the run knows about them (the canary ticket, the tickets the worker may
 * write, how far the simulator's request log has been checked).
 *
 * The simulator has no webhook pointing at the worker, so the worker only hears the corpus.
 * Setup calls to the simulator act as an agent; the worker acts as the admin, so the
 * simulator's request log (/__admin/requests) tells the worker's writes apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker } from '../../../sandbox/lib/worker-process.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../../../sandbox/zendesk/server.ts';

export const SECRET = 'corpus-webhook-secret';
export const API_TOKEN = 'corpus-sidebar-token-0123456789';
const ADMIN = { email: 'admin@tierwise.test', apiToken: 'corpus-token' };

export interface TicketInfo {
  id: number;
  requester_id: number;
  created_at: string;
  updated_at: string;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  actor_id: number | null;
}

export interface CorpusWorld {
  simulator: RunningSimulator;
  worker: RunningWorker;
  workerPort: number;
  /** The ticket hostile cases name through {{canaryId}}: nothing may read or write it. */
  canary: TicketInfo;
  /** Tickets the worker may write: created for valid cases. */
  writable: Set<number>;
  adminActorId: number;
  basicCustomerId: number;
  /** Worker requests up to this sequence number were already checked for stray writes. */
  checkedSeq: number;
  stop(): Promise<void>;
}

const agentAuth = `Basic ${Buffer.from(`${SEED_EMAILS.agent}/token:${ADMIN.apiToken}`).toString('base64')}`;

async function zendesk<T>(simulatorUrl: string, method: string, urlPath: string, body?: unknown): Promise<T> {
  const response = await fetch(simulatorUrl + urlPath, {
    method,
    headers: { Authorization: agentAuth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function userId(simulatorUrl: string, email: string): Promise<number> {
  const { users } = await zendesk<{ users: Array<{ id: number; email: string }> }>(simulatorUrl, 'GET', `/api/v2/users/search.json?query=${encodeURIComponent(email)}`);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no seeded user ${email}`);
  return user.id;
}

/** A basic customer's presale ticket, created by an agent: the worker sets its tier when it hears of it. */
export async function createTicket(world: Pick<CorpusWorld, 'simulator' | 'basicCustomerId'>, subject: string): Promise<TicketInfo> {
  const { ticket } = await zendesk<{ ticket: TicketInfo }>(world.simulator.url, 'POST', '/api/v2/tickets.json', {
    ticket: { subject, comment: { body: subject }, requester_id: world.basicCustomerId, tags: ['scene_presale'] },
  });
  return ticket;
}

export async function startCorpusWorld(): Promise<CorpusWorld> {
  const workerPort = await freePort();
  // No webhookTargetUrl: the simulator never calls the worker, so the worker hears only the corpus.
  const simulator = await startZendeskSimulator({ port: 0, ...ADMIN, rateLimitPerMinute: 0 });
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-corpus-'));
  const worker = await startWorker({
    port: workerPort,
    persistDir: stateDir,
    vars: {
      ZENDESK_BASE_URL: simulator.url,
      ZENDESK_EMAIL: ADMIN.email,
      ZENDESK_API_TOKEN: ADMIN.apiToken,
      ZENDESK_WEBHOOK_SECRET: SECRET,
      TIERWISE_API_TOKEN: API_TOKEN,
      ZENDESK_RATE_LIMIT_PER_MINUTE: '100000',
    },
  });
  const partial = { simulator, basicCustomerId: await userId(simulator.url, SEED_EMAILS.basicCustomer) };
  const world: CorpusWorld = {
    ...partial,
    worker,
    workerPort,
    adminActorId: await userId(simulator.url, ADMIN.email),
    canary: await createTicket(partial, 'corpus canary: hostile requests name this ticket; nothing may write to it'),
    writable: new Set(),
    checkedSeq: 0,
    async stop() {
      await worker.stop();
      await simulator.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  world.checkedSeq = await lastSeq(world);
  return world;
}

/** The worker's requests to the simulator since `since` (the admin's, or unauthenticated ones). */
export async function workerRequests(world: CorpusWorld, since: number): Promise<LoggedRequest[]> {
  const response = await fetch(`${world.simulator.url}/__admin/requests?since=${since}`);
  const { requests } = (await response.json()) as { requests: LoggedRequest[] };
  return requests.filter((r) => r.actor_id === world.adminActorId || r.actor_id === null);
}

export async function lastSeq(world: Pick<CorpusWorld, 'simulator'>): Promise<number> {
  const response = await fetch(`${world.simulator.url}/__admin/requests?since=${Number.MAX_SAFE_INTEGER}`);
  return ((await response.json()) as { last_seq: number }).last_seq;
}

export const isWrite = (r: LoggedRequest): boolean => r.method !== 'GET' && r.method !== 'HEAD';

export function ticketOfPath(p: string): number | null {
  const m = /^\/api\/v2\/tickets\/(\d+)(\.json|\/|$)/.exec(p);
  return m ? Number(m[1]) : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until the worker has written the ticket and then gone quiet about it. */
export async function settleTicket(world: CorpusWorld, id: number, since: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let lastCount = -1;
  let quietSince = Date.now();
  for (;;) {
    const calls = (await workerRequests(world, since)).filter((r) => ticketOfPath(r.path) === id);
    const wrote = calls.some(isWrite);
    if (calls.length !== lastCount) {
      lastCount = calls.length;
      quietSince = Date.now();
    }
    if (wrote && Date.now() - quietSince >= 400) return;
    if (Date.now() > deadline) throw new Error(`ticket ${id}: the worker did not write it within 20 s (calls: ${calls.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')})`);
    await sleep(100);
  }
}

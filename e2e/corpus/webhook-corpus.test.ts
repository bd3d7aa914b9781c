/**
 * Hostile-input corpus, replayed against the real worker (`wrangler dev`) wired to the Zendesk
 * simulator. Every case is a data file:
 *   e2e/corpus/webhooks/NNN-name.json  POST /webhooks/zendesk (see WebhookCase below)
 *   e2e/corpus/api/NNN-name.json       the sidebar API GET /api/tickets/:id/audit (ApiCase)
 *
 * For every case: no 5xx, a 4xx has the body {"error":{"code","message"}}, a 2xx says
 * accepted/duplicate/stale/ignored, the worker still answers GET /health, and no request writes
 * to Zendesk unless the case says it may (only to the ticket the case created).
 *
 * The simulator has no webhook pointing at the worker, so the worker only hears the corpus.
 * Setup calls to the simulator act as an agent; the worker acts as the admin, so the
 * simulator's request log (/__admin/requests) tells the worker's writes apart.
 *
 * Long run: CORPUS_REPEAT=20 replays the whole corpus 20 times, shuffled, with a valid event
 * for a pool ticket between cases (CORPUS_SEED picks the shuffle). CORPUS_LOG=1 prints every answer.
 */
import { randomUUID, createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freePort } from '../../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker } from '../../sandbox/lib/worker-process.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';

// ---------------------------------------------------------------------------------------------
// The data-file schema
// ---------------------------------------------------------------------------------------------

const statusSchema = z.union([z.number().int().min(100).max(499), z.array(z.number().int().min(100).max(499)).min(1)]);

const requestSchema = z
  .object({
    method: z.string().regex(/^[A-Z]+$/).optional(),
    path: z.string().startsWith('/').optional(),
    /** Extra or replacement headers; null removes a default (Content-Type, invocation id). An array sends the header twice. */
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])).optional(),
    /** Exactly one body form, or none for an empty body. Strings get {{placeholders}}. */
    body: z.string().optional(),
    bodyJson: z.unknown().optional(),
    /** prefix + text x times + between + close x times + suffix (for huge or deeply nested bodies). */
    bodyRepeat: z
      .object({ prefix: z.string().default(''), text: z.string().min(1), times: z.number().int().min(1).max(2_000_000), between: z.string().default(''), close: z.string().default(''), suffix: z.string().default('') })
      .strict()
      .optional(),
    bodyBase64: z.string().optional(),
    /** "valid" signs the body; "none" omits the header; other keywords break it; any other string is sent as is. */
    signature: z.string().default('valid'),
    /** Sign this text instead of the body (a body changed after signing). */
    signOver: z.string().optional(),
    /** "now" | "stale" (10 min ago) | "future" (10 min ahead) | "malformed" | "none" | a literal header value. */
    timestamp: z.string().default('now'),
    /** X-Zendesk-Webhook-Invocation-Id; default a fresh UUID; null omits the header. */
    invocationId: z.string().nullable().optional(),
    /** Send the body chunked, without Content-Length. */
    chunked: z.boolean().optional(),
  })
  .strict()
  .refine((r) => [r.body, r.bodyJson, r.bodyRepeat, r.bodyBase64].filter((b) => b !== undefined).length <= 1, 'request: at most one of body, bodyJson, bodyRepeat, bodyBase64');

const resultSchema = z.enum(['accepted', 'duplicate', 'stale', 'ignored']);

const expectSchema = z
  .object({
    status: statusSchema,
    /** error.code of a 4xx. */
    code: z.string().optional(),
    /** error.message must contain this (e.g. the header or field it is about). */
    message: z.string().optional(),
    /** "status" of a 2xx. */
    result: resultSchema.optional(),
    /** "none" (default): no Zendesk write at all; "ticket": the case's own ticket may be written. */
    writes: z.enum(['none', 'ticket']).default('none'),
  })
  .strict()
  .refine((e) => e.result === undefined || statuses(e.status).every((s) => s >= 200 && s < 300), 'expect.result only goes with a 2xx status')
  .refine((e) => e.code === undefined || statuses(e.status).every((s) => s >= 400), 'expect.code only goes with a 4xx status');

const stepSchema = z.object({ request: z.union([z.literal('replay'), requestSchema]), expect: expectSchema }).strict();

const webhookCaseSchema = z
  .object({
    name: z.string().min(3),
    why: z.string().min(10),
    category: z.string().min(2),
    /** "fresh": create a ticket first ({{ticketId}} etc.); "none": only the canary ticket exists. */
    ticket: z.enum(['none', 'fresh']).default('none'),
    request: requestSchema,
    expect: expectSchema,
    /** Later requests of the same case (same ticket); "replay" resends the previous bytes exactly. */
    then: z.array(stepSchema).optional(),
  })
  .strict()
  .refine((c) => c.ticket === 'fresh' || ![c.expect, ...(c.then ?? []).map((s) => s.expect)].some((e) => e.writes === 'ticket'), 'writes: "ticket" needs ticket: "fresh"');

const apiCaseSchema = z
  .object({
    name: z.string().min(3),
    why: z.string().min(10),
    category: z.string().min(2),
    request: z.object({ method: z.string().regex(/^[A-Z]+$/).default('GET'), path: z.string().startsWith('/'), headers: z.record(z.string(), z.string()).default({}) }).strict(),
    expect: z
      .object({
        status: z.union([z.number().int().min(100).max(499), z.array(z.number().int().min(100).max(499)).min(1)]),
        code: z.string().optional(),
        message: z.string().optional(),
        /** Response headers: a value (exact, case-insensitive name) or null for "must be absent". */
        headers: z.record(z.string(), z.string().nullable()).optional(),
        /** 200 with {ticketId, audit: []} (AuditResponse, shared/audit.ts) */
        audit: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

type RequestSpec = z.infer<typeof requestSchema>;
type Expect = z.infer<typeof expectSchema>;
type WebhookCase = z.infer<typeof webhookCaseSchema>;
type ApiCase = z.infer<typeof apiCaseSchema>;

function statuses(status: number | number[]): number[] {
  return Array.isArray(status) ? status : [status];
}

function loadCases<T>(dir: string, schema: z.ZodType<T>): Array<{ file: string; data: T }> {
  const folder = path.join(import.meta.dirname, dir);
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
    } catch (error) {
      throw new Error(`${dir}/${file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${dir}/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return { file, data: parsed.data };
  });
}

// Loaded at collection time so a broken data file fails loudly, before any process starts.
const webhookCases = loadCases('webhooks', webhookCaseSchema);
const apiCases = loadCases('api', apiCaseSchema);

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

const ADMIN = { email: 'admin@tierwise.test', apiToken: 'corpus-token' };
const SETUP_AGENT = SEED_EMAILS.agent;
const SECRET = 'corpus-webhook-secret';
const API_TOKEN = 'corpus-sidebar-token-0123456789';
const REPEAT = Math.max(1, Number(process.env.CORPUS_REPEAT ?? '1') || 1);
const LONG = REPEAT > 1;

let simulator: RunningSimulator;
let worker: RunningWorker;
let stateDir: string;
let workerHost: { port: number };
let adminActorId: number;
let canary: TicketInfo;
/** Tickets the worker may write: created for valid cases. */
const writable = new Set<number>();
/** Worker writes already examined. */
let checkedSeq = 0;

interface TicketInfo {
  id: number;
  requester_id: number;
  created_at: string;
  updated_at: string;
}

interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  actor_id: number | null;
}

const agentAuth = `Basic ${Buffer.from(`${SETUP_AGENT}/token:${ADMIN.apiToken}`).toString('base64')}`;

async function zendesk<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
  const response = await fetch(simulator.url + urlPath, {
    method,
    headers: { Authorization: agentAuth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function requesterId(email: string): Promise<number> {
  const { users } = await zendesk<{ users: Array<{ id: number; email: string }> }>('GET', `/api/v2/users/search.json?query=${encodeURIComponent(email)}`);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no seeded user ${email}`);
  return user.id;
}

let basicCustomerId = 0;
async function createTicket(subject: string): Promise<TicketInfo> {
  const { ticket } = await zendesk<{ ticket: TicketInfo }>('POST', '/api/v2/tickets.json', {
    ticket: { subject, comment: { body: subject }, requester_id: basicCustomerId, tags: ['scene_presale'] },
  });
  return ticket;
}

async function workerRequests(since: number): Promise<LoggedRequest[]> {
  const response = await fetch(`${simulator.url}/__admin/requests?since=${since}`);
  const { requests } = (await response.json()) as { requests: LoggedRequest[] };
  return requests.filter((r) => r.actor_id === adminActorId || r.actor_id === null);
}

async function lastSeq(): Promise<number> {
  const response = await fetch(`${simulator.url}/__admin/requests?since=${Number.MAX_SAFE_INTEGER}`);
  return ((await response.json()) as { last_seq: number }).last_seq;
}

const isWrite = (r: LoggedRequest): boolean => r.method !== 'GET' && r.method !== 'HEAD';
const ticketOfPath = (p: string): number | null => {
  const m = /^\/api\/v2\/tickets\/(\d+)(\.json|\/|$)/.exec(p);
  return m ? Number(m[1]) : null;
};

/** Fails on any worker write since the last check that does not go to a writable ticket. */
async function checkNoStrayWrites(label: string): Promise<void> {
  const requests = await workerRequests(checkedSeq);
  if (requests.length > 0) checkedSeq = Math.max(checkedSeq, ...requests.map((r) => r.seq));
  const stray = requests.filter((r) => isWrite(r) && !writable.has(ticketOfPath(r.path) ?? -1));
  expect(stray.map((r) => `${r.method} ${r.path}`), `${label}: Zendesk writes no case allowed`).toEqual([]);
}

/** Waits until the worker has written the ticket and then gone quiet about it. */
async function settleTicket(id: number, since: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let lastCount = -1;
  let quietSince = Date.now();
  for (;;) {
    const calls = (await workerRequests(since)).filter((r) => ticketOfPath(r.path) === id);
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// Building and sending a request
// ---------------------------------------------------------------------------------------------

interface Built {
  method: string;
  path: string;
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  chunked: boolean;
}

interface Vars {
  ticket: TicketInfo | null;
  eventId: string;
}

function substitute(text: string, vars: Vars): string {
  const ticket = vars.ticket ?? canary;
  const earlier = new Date(Date.parse(ticket.updated_at) - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const values: Record<string, string> = {
    ticketId: String(ticket.id),
    canaryId: String(canary.id),
    requesterId: String(ticket.requester_id),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    earlier,
    eventId: vars.eventId,
    uuid: randomUUID(),
  };
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole}`);
    return value;
  });
}

/** Strings in bodyJson get placeholders; "{{name:number}}" becomes a JSON number. */
function substituteJson(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const numeric = /^\{\{(\w+):number\}\}$/.exec(value);
    if (numeric) return Number(substitute(`{{${numeric[1]}}}`, vars));
    return substitute(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => substituteJson(v, vars));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, substitute(k, vars), { value: substituteJson(v, vars), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function zendeskTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function buildWebhook(spec: RequestSpec, vars: Vars): Built {
  let body: Buffer;
  if (spec.body !== undefined) body = Buffer.from(substitute(spec.body, vars), 'utf8');
  else if (spec.bodyJson !== undefined) body = Buffer.from(JSON.stringify(substituteJson(spec.bodyJson, vars)), 'utf8');
  else if (spec.bodyRepeat !== undefined) {
    const r = spec.bodyRepeat;
    body = Buffer.from(substitute(r.prefix, vars) + r.text.repeat(r.times) + r.between + r.close.repeat(r.times) + substitute(r.suffix, vars), 'utf8');
  }
  else if (spec.bodyBase64 !== undefined) body = Buffer.from(spec.bodyBase64, 'base64');
  else body = Buffer.alloc(0);

  const now = Date.now();
  const timestamp = { now: zendeskTimestamp(now), stale: zendeskTimestamp(now - 600_000), future: zendeskTimestamp(now + 600_000), malformed: 'yesterday at noon', none: '' }[spec.timestamp] ?? spec.timestamp;
  const signed = spec.signOver !== undefined ? Buffer.from(substitute(spec.signOver, vars), 'utf8') : body;
  const mac = (secret: string): string => createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp, 'utf8'), signed])).digest('base64');
  const signature = { valid: mac(SECRET), none: '', 'wrong-secret': mac('not-the-secret'), truncated: mac(SECRET).slice(0, 20), garbage: '%%%not*base64%%%' }[spec.signature] ?? spec.signature;

  const headers = new Map<string, [string, string | string[]]>();
  const set = (name: string, value: string | string[] | null): void => {
    if (value === null || value === '') headers.delete(name.toLowerCase());
    else headers.set(name.toLowerCase(), [name, value]);
  };
  set('Content-Type', 'application/json');
  set('X-Zendesk-Webhook-Id', '01HZCORPUSWEBHOOK0000000000');
  set('X-Zendesk-Webhook-Invocation-Id', spec.invocationId === undefined ? randomUUID() : spec.invocationId === null ? null : substitute(spec.invocationId, vars));
  set('X-Zendesk-Webhook-Signature-Timestamp', timestamp);
  set('X-Zendesk-Webhook-Signature', signature);
  for (const [name, value] of Object.entries(spec.headers ?? {})) set(name, value === null ? null : Array.isArray(value) ? value.map((v) => substitute(v, vars)) : substitute(value, vars));
  return { method: spec.method ?? 'POST', path: spec.path ?? '/webhooks/zendesk', headers: [...headers.values()], body, chunked: spec.chunked ?? false };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http, not fetch: fetch adds a Content-Type of its own and cannot send a header twice. */
function send(built: Built): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of built.headers) headers[name] = value;
    const hasBody = built.body.length > 0 || !['GET', 'HEAD', 'OPTIONS'].includes(built.method);
    const declared = built.headers.some(([name]) => name.toLowerCase() === 'content-length');
    if (!built.chunked && hasBody && !declared) headers['Content-Length'] = String(built.body.length);
    const req = httpRequest({ host: '127.0.0.1', port: workerHost.port, method: built.method, path: built.path, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${built.method} ${built.path}: no answer within 30 s`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The worker may answer 413 and close before reading the whole body: take the answer if one came.
      reject(error);
    });
    if (built.chunked) {
      const size = 16 * 1024;
      for (let i = 0; i < built.body.length; i += size) req.write(built.body.subarray(i, i + size));
      req.end();
    } else {
      req.end(built.body);
    }
  });
}

async function health(label: string): Promise<void> {
  const answer = await send({ method: 'GET', path: '/health', headers: [], body: Buffer.alloc(0), chunked: false });
  expect(answer.status, `${label}: GET /health afterwards`).toBe(200);
  expect(JSON.parse(answer.text)).toEqual({ status: 'ok', service: 'tierwise' });
}

function describeAnswer(answer: Answer): string {
  return `${answer.status} ${answer.text.slice(0, 300)}`;
}

function checkAnswer(label: string, answer: Answer, want: { status: number | number[]; code?: string; message?: string; result?: string }): void {
  expect(answer.status, `${label}: never a 5xx (${describeAnswer(answer)})`).toBeLessThan(500);
  expect(statuses(want.status), `${label}: status (${describeAnswer(answer)})`).toContain(answer.status);
  expect(String(answer.headers['content-type'] ?? ''), `${label}: JSON answer`).toMatch(/^application\/json/);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new Error(`${label}: the body is not JSON: ${answer.text.slice(0, 200)}`);
  }
  if (answer.status >= 400) {
    const error = z.object({ error: z.object({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(8) }).strict() }).strict().safeParse(json);
    expect(error.success, `${label}: a 4xx is {"error":{"code","message"}} (${answer.text.slice(0, 300)})`).toBe(true);
    const { code, message } = (json as { error: { code: string; message: string } }).error;
    if (want.code) expect(code, `${label}: error.code (${message})`).toBe(want.code);
    if (want.message) expect(message, `${label}: error.message`).toContain(want.message);
  } else {
    const ok = z.object({ status: resultSchema }).passthrough().safeParse(json);
    expect(ok.success, `${label}: a 2xx says accepted/duplicate/stale/ignored (${answer.text.slice(0, 300)})`).toBe(true);
    if (want.result) expect((json as { status: string }).status, `${label}: result`).toBe(want.result);
  }
}

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

async function runWebhookCase(file: string, c: WebhookCase, round: number): Promise<void> {
  const label = `${file}${LONG ? ` (round ${round + 1})` : ''}`;
  const ticket = c.ticket === 'fresh' ? await createTicket(`corpus ${c.name}`) : null;
  if (ticket) writable.add(ticket.id);
  const vars: Vars = { ticket, eventId: `corpus-${randomUUID()}` };
  const steps = [{ request: c.request as RequestSpec | 'replay', expect: c.expect }, ...(c.then ?? [])];
  let previous: Built | null = null;
  let accepted = false;
  let acceptedSince = 0;
  for (const [index, step] of steps.entries()) {
    const stepLabel = steps.length > 1 ? `${label} step ${index + 1}` : label;
    if (ticket && accepted) {
      // Let the worker finish what an earlier step started, so this step's effect stands alone.
      await settleTicket(ticket.id, acceptedSince);
      accepted = false;
    }
    const since = await lastSeq();
    if (step.request === 'replay' && previous === null) throw new Error(`${stepLabel}: "replay" needs an earlier step`);
    const built: Built = step.request === 'replay' ? previous! : buildWebhook(step.request, vars);
    previous = built;
    const answer = await send(built);
    if (process.env.CORPUS_LOG) console.log(`${stepLabel} -> ${describeAnswer(answer)}`);
    checkAnswer(stepLabel, answer, step.expect);
    const result = answer.status < 300 ? (JSON.parse(answer.text) as { status: string }).status : null;
    if (result === 'accepted') {
      accepted = true;
      acceptedSince = since;
    }
    await health(stepLabel);
    if (ticket && step.expect.writes === 'none') {
      // The ticket exists, so a write would come: give the worker time to make it.
      await sleep(LONG ? 300 : 800);
      const writes = (await workerRequests(since)).filter((r) => isWrite(r) && ticketOfPath(r.path) === ticket.id);
      expect(writes.map((r) => `${r.method} ${r.path}`), `${stepLabel}: no write to ticket ${ticket.id}`).toEqual([]);
    }
    await checkNoStrayWrites(stepLabel);
  }
}

async function runApiCase(file: string, c: ApiCase): Promise<void> {
  const headers: Array<[string, string]> = Object.entries(c.request.headers).map(([k, v]) => [k, v.replaceAll('{{apiToken}}', API_TOKEN)]);
  const answer = await send({ method: c.request.method, path: c.request.path.replaceAll('{{canaryId}}', String(canary.id)), headers, body: Buffer.alloc(0), chunked: false });
  if (process.env.CORPUS_LOG) console.log(`${file} -> ${describeAnswer(answer)} acao=${String(answer.headers['access-control-allow-origin'] ?? '-')}`);
  expect(answer.status, `${file}: never a 5xx (${describeAnswer(answer)})`).toBeLessThan(500);
  expect(statuses(c.expect.status), `${file}: status (${describeAnswer(answer)})`).toContain(answer.status);
  if (answer.status >= 400) {
    const json = JSON.parse(answer.text) as unknown;
    const error = z.object({ error: z.object({ code: z.string(), message: z.string().min(8) }).strict() }).strict().safeParse(json);
    expect(error.success, `${file}: a 4xx is {"error":{"code","message"}} (${answer.text.slice(0, 300)})`).toBe(true);
    if (c.expect.code) expect((json as { error: { code: string } }).error.code, `${file}: error.code`).toBe(c.expect.code);
    if (c.expect.message) expect((json as { error: { message: string } }).error.message, `${file}: error.message`).toContain(c.expect.message);
  }
  if (c.expect.audit) expect(JSON.parse(answer.text), `${file}: audit body`).toEqual({ ticketId: expect.any(Number), audit: expect.any(Array) });
  for (const [name, value] of Object.entries(c.expect.headers ?? {})) {
    const got = answer.headers[name.toLowerCase()];
    if (value === null) expect(got, `${file}: no ${name} header`).toBeUndefined();
    else expect(String(got ?? ''), `${file}: ${name} header`).toBe(value);
  }
  await health(file);
  await checkNoStrayWrites(file);
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  const workerPort = await freePort();
  workerHost = { port: workerPort };
  // No webhookTargetUrl: the simulator never calls the worker, so the worker hears only the corpus.
  simulator = await startZendeskSimulator({ port: 0, ...ADMIN, rateLimitPerMinute: 0 });
  stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-corpus-'));
  worker = await startWorker({
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
  adminActorId = await requesterId(ADMIN.email);
  basicCustomerId = await requesterId(SEED_EMAILS.basicCustomer);
  canary = await createTicket('corpus canary: hostile requests name this ticket; nothing may write to it');
  checkedSeq = await lastSeq();
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await simulator?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** Deterministic shuffle for the long run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('hostile webhook corpus against the running worker', () => {
  it(`loads ${webhookCases.length} webhook cases and ${apiCases.length} API cases`, () => {
    expect(webhookCases.length).toBeGreaterThanOrEqual(60);
    expect(apiCases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(webhookCases.map((c) => c.data.name)).size, 'case names are unique').toBe(webhookCases.length);
  });

  if (!LONG) {
    for (const { file, data } of webhookCases) {
      it(`webhook ${file}: ${data.name}`, () => runWebhookCase(file, data, 0), 60_000);
    }
    for (const { file, data } of apiCases) {
      it(`api ${file}: ${data.name}`, () => runApiCase(file, data), 30_000);
    }
  } else {
    it(`replays the corpus ${REPEAT} times, shuffled, with valid events in between`, async () => {
      const seed = Number(process.env.CORPUS_SEED ?? '') || Date.now();
      console.log(`corpus long run: CORPUS_REPEAT=${REPEAT} CORPUS_SEED=${seed}`);
      const pool = await Promise.all([0, 1, 2, 3].map((i) => createTicket(`corpus pool ${i}`)));
      for (const t of pool) writable.add(t.id);
      const interleaved = webhookCases.find((c) => c.data.name === 'ticket-id-as-string');
      if (!interleaved) throw new Error('the long run sends the "ticket-id-as-string" case between cases; it is missing');
      for (let round = 0; round < REPEAT; round++) {
        const order = shuffled([...webhookCases.map((c) => ({ kind: 'webhook' as const, ...c })), ...apiCases.map((c) => ({ kind: 'api' as const, ...c }))], seed + round);
        for (const [i, entry] of order.entries()) {
          if (entry.kind === 'webhook') await runWebhookCase(entry.file, entry.data, round);
          else await runApiCase(entry.file, entry.data);
          // A genuine event for a pool ticket between hostile ones: valid traffic keeps flowing.
          const ticket = pool[i % pool.length]!;
          const answer = await send(buildWebhook(interleaved.data.request, { ticket, eventId: `pool-${randomUUID()}` }));
          checkAnswer(`pool event after ${entry.file}`, answer, { status: 202 });
        }
      }
    }, 3_600_000);
  }

  it('afterwards: the canary ticket was never written and no stray write happened', async () => {
    // Let the worker finish any work the last cases started.
    let last = -1;
    for (let i = 0; i < 50; i++) {
      const seq = (await workerRequests(0)).at(-1)?.seq ?? 0;
      if (seq === last) break;
      last = seq;
      await sleep(300);
    }
    await checkNoStrayWrites('after the corpus');
    const { history } = (await (await fetch(`${simulator.url}/__admin/tickets/${canary.id}/history`)).json()) as { history: unknown[] };
    expect(history.length, `canary ticket: only its creation, got ${JSON.stringify(history).slice(0, 2000)}`).toBe(1);
    const canaryCalls = (await workerRequests(0)).filter((r) => ticketOfPath(r.path) === canary.id);
    expect(canaryCalls.map((r) => `${r.method} ${r.path}`), 'the worker never even read the canary ticket').toEqual([]);
  }, 60_000);
});

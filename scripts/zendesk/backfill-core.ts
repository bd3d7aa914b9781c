/**
 * The parts of the backfill that need no process: finding every open ticket through the
 * cursor-based search export (no 1,000-result cap), the checkpoint file, and one signed delivery.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { retryAfterMs } from '../../worker/src/zendesk/client.ts';
import { CliError, EXIT } from './env.ts';

// ---- Finding tickets ----

export interface SearchHit {
  id: number;
  created_at: string;
}

/** One page of Zendesk's Export Search Results (`GET /api/v2/search/export`, cursor paging, no 1,000 cap). */
export interface ExportPage {
  results: SearchHit[];
  hasMore: boolean;
  /** Cursor of the page after this one (`meta.after_cursor`). */
  afterCursor: string | null;
}

/** Fetches the page after `cursor` (null: the first page). Throws ExpiredCursor when Zendesk no longer takes the cursor. */
export type ExportFn = (query: string, cursor: string | null) => Promise<ExportPage>;

/** Zendesk's export cursors expire (after an hour): a resumed run may hold a dead one. */
export class ExpiredCursor extends Error {}

export interface CollectState {
  /** Cursor of the next page to read; null = from the start. */
  cursor: string | null;
  /** Ticket ids found so far, in the order found. */
  tickets: number[];
}

/** Search terms for open tickets created before `before` (an ISO time); the type is the export's filter[type]. */
export function openTicketsQuery(before: string): string {
  return `status<solved created<${before}`;
}

/**
 * `--history`: every ticket created from `since` to `before`, solved ones too, for their service
 * facts. Closed tickets are left out: Zendesk refuses any update to them (422), so the worker
 * would only record a refusal for each.
 */
export function historyTicketsQuery(since: string, before: string): string {
  return `status<closed created>=${since} created<${before}`;
}

/**
 * Reads every open ticket by walking the export's cursor, page by page, however many there are.
 * `onPage` runs after every page with the state to checkpoint; a resumed run passes that state
 * back in. A cursor Zendesk no longer accepts (expired) restarts the walk from the first page;
 * tickets already found are not listed twice.
 */
export async function collectOpenTickets(
  exportPage: ExportFn,
  before: string,
  state: CollectState,
  onPage: (state: CollectState, page: ExportPage) => Promise<void> | void = () => undefined,
  query: string = openTicketsQuery(before),
): Promise<CollectState> {
  const known = new Set(state.tickets);
  const tickets = [...state.tickets];
  let cursor = state.cursor;
  let restarted = false;
  for (;;) {
    let page: ExportPage;
    try {
      page = await exportPage(query, cursor);
    } catch (error) {
      // Once: a cursor this walk itself got cannot have expired unless Zendesk is failing.
      if (!(error instanceof ExpiredCursor) || cursor === null || restarted) throw error;
      restarted = true;
      cursor = null;
      continue;
    }
    for (const hit of page.results) {
      if (!known.has(hit.id)) {
        known.add(hit.id);
        tickets.push(hit.id);
      }
    }
    const done = !page.hasMore || page.afterCursor === null || page.results.length === 0;
    cursor = done ? null : page.afterCursor;
    await onPage({ cursor, tickets }, page);
    if (done) return { cursor: null, tickets };
  }
}

// ---- Checkpoint ----

/** Version 2 keeps the export cursor (version 1 kept a created-time slice of the capped Search API). */
export const CHECKPOINT_VERSION = 2;
export const checkpointSchema = z.object({
  version: z.literal(CHECKPOINT_VERSION),
  runId: z.string().min(1),
  zendesk: z.string(),
  worker: z.string(),
  before: z.string(),
  /** `--history`: tickets created since this time, any status but closed; null: the open tickets. */
  historySince: z.string().nullable().default(null),
  collected: z.boolean(),
  collect: z.object({ cursor: z.string().nullable(), tickets: z.array(z.number().int().positive()) }),
  sent: z.array(z.number().int().positive()),
  failed: z.record(z.string(), z.string()),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export function readCheckpoint(file: string): Checkpoint | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`The checkpoint ${file} is not valid JSON: delete it (or pass --restart) to start over.`, EXIT.usage);
  }
  if (typeof json === 'object' && json !== null && (json as { version?: unknown }).version === 1) {
    throw new CliError(`The checkpoint ${file} was written by an older backfill (Search API slices, not the export cursor): pass --restart to start over (the worker re-reads a ticket it is sent again; nothing is done twice to a ticket).`, EXIT.usage);
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success) throw new CliError(`The checkpoint ${file} is not a Tierwise backfill checkpoint (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}): delete it or pass --restart.`, EXIT.usage);
  return parsed.data;
}

/** Atomic: a crash leaves the old or the new checkpoint, never half of one. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(checkpoint)}\n`);
  renameSync(tmp, file);
}

// ---- Delivery ----

export const TRIGGER_PAYLOAD = (ticketId: number): string => JSON.stringify({ tierwise: 1, ticket: { id: String(ticketId) } });

export type DeliveryResult =
  | { ok: true; status: number }
  | { ok: false; fatal: boolean; status: number | null; message: string; exitCode?: number };

export interface DeliveryOptions {
  endpoint: string;
  secret: string;
  runId: string;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + body)), as
 * worker/src/webhook/signature.ts checks it. (That module is written for workerd's types and is
 * not compiled under the Node tsconfig, so the scripts sign with node:crypto; a test checks both agree.)
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body, 'utf8').digest('base64');
}

const zendeskTimestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One trigger-family webhook for a ticket, signed like Zendesk signs it, so the worker's own
 * Durable Object reads the ticket and sets its tier, priority and clocks exactly as for a live one.
 * The invocation id is stable per run and ticket: a repeat after a crash is deduplicated by the worker.
 */
export async function deliver(ticketId: number, options: DeliveryOptions): Promise<DeliveryResult> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const body = TRIGGER_PAYLOAD(ticketId);
  let last: DeliveryResult = { ok: false, fatal: false, status: null, message: 'not sent' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const timestamp = zendeskTimestamp((options.now ?? Date.now)());
    let response: Response;
    try {
      response = await fetch(options.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Tierwise backfill',
          'X-Zendesk-Webhook-Id': 'tierwise-backfill',
          'X-Zendesk-Webhook-Invocation-Id': `backfill-${options.runId}-${ticketId}`,
          'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
          'X-Zendesk-Webhook-Signature': signPayload(options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      last = { ok: false, fatal: false, status: null, message: `could not reach the worker (${cause ?? (error instanceof Error ? error.message : String(error))})` };
      if (attempt < attempts) await sleep(Math.min(8_000, 500 * 2 ** (attempt - 1)));
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return { ok: true, status: response.status };
    const detail = text.slice(0, 300);
    if (response.status === 401) {
      return { ok: false, fatal: true, status: 401, exitCode: EXIT.unauthorized, message: `The worker refused the signature (401 ${detail}): ZENDESK_WEBHOOK_SECRET here is not the worker's secret (or the clocks differ by more than 5 minutes).` };
    }
    if (response.status === 503 && /not_configured/.test(text)) {
      return { ok: false, fatal: true, status: 503, exitCode: EXIT.unreachable, message: `The worker is not configured yet (${detail}): run npx wrangler secret put ZENDESK_WEBHOOK_SECRET first.` };
    }
    if (response.status === 404 || response.status === 405) {
      return { ok: false, fatal: true, status: response.status, exitCode: EXIT.unreachable, message: `TIERWISE_WORKER_URL does not look like the Tierwise worker: POST ${options.endpoint} answered ${response.status}.` };
    }
    last = { ok: false, fatal: false, status: response.status, message: `the worker answered ${response.status} ${detail}` };
    if (response.status !== 429 && response.status < 500) return last; // this ticket's problem; go on with the others
    if (attempt < attempts) await sleep(response.status === 429 ? Math.min(60_000, retryAfterMs(response.headers.get('Retry-After'))) : Math.min(8_000, 500 * 2 ** (attempt - 1)));
  }
  return last;
}

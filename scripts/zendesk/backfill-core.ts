/**
 * The parts of the backfill that need no process: finding every open ticket through the Search
 * API within its 1,000-result cap, the checkpoint file, and one signed delivery to the worker.
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

export interface SearchPage {
  results: SearchHit[];
  hasNext: boolean;
  /** Every match of the query (Zendesk reports it even beyond the 1,000 it returns). */
  count: number;
}

export type SearchFn = (query: string, page: number) => Promise<SearchPage>;

export interface CollectState {
  /** Lower bound (inclusive) of the slice being read; null = from the start. */
  from: string | null;
  /** Ticket ids found so far, oldest first. */
  tickets: number[];
}

/** Search terms for a slice of tickets created before `before`, from `from` on (ISO times). */
export type TicketsQuery = (before: string, from: string | null) => string;

/** Open tickets created before `before`. */
export const openTicketsQuery: TicketsQuery = (before, from) => `type:ticket status<solved created<${before}${from ? ` created>=${from}` : ''} order_by:created_at sort:asc`;

/**
 * `--history`: every ticket created since `since`, solved ones too, for their service facts.
 * Closed tickets are left out: Zendesk refuses any update to them (422), and the worker's run
 * sets a ticket's tier before it records its facts.
 */
export const historyTicketsQuery = (since: string): TicketsQuery => (before, from) =>
  `type:ticket status<closed created<${before} created>=${from ?? since} order_by:created_at sort:asc`;

/**
 * Reads every open ticket, oldest first. The Search API returns at most 1,000 results a query, so
 * when a query has more, the next query starts at the created time of the last ticket read
 * (tickets already found at that second are skipped). `onPage` runs after every page with the
 * state to checkpoint; a resumed run passes that state back in.
 */
export async function collectOpenTickets(
  search: SearchFn,
  before: string,
  state: CollectState,
  onPage: (state: CollectState, page: SearchPage) => Promise<void> | void = () => undefined,
  ticketsQuery: TicketsQuery = openTicketsQuery,
): Promise<CollectState> {
  const known = new Set(state.tickets);
  const tickets = [...state.tickets];
  let from = state.from;
  for (;;) {
    const query = ticketsQuery(before, from);
    let fetched = 0;
    let count = 0;
    let last: SearchHit | undefined;
    for (let page = 1; ; page++) {
      const result = await search(query, page);
      count = result.count;
      fetched += result.results.length;
      for (const hit of result.results) {
        last = hit;
        if (!known.has(hit.id)) {
          known.add(hit.id);
          tickets.push(hit.id);
        }
      }
      await onPage({ from, tickets }, result);
      if (!result.hasNext || result.results.length === 0) break;
    }
    if (fetched >= count || last === undefined) return { from, tickets };
    // Capped: continue with a query starting at the last ticket's created time.
    if (last.created_at === from) {
      throw new CliError(`More than ${fetched} open tickets were created at ${from}: the Search API cannot page past them. Contact the Tierwise maintainers.`, EXIT.zendesk);
    }
    from = last.created_at;
  }
}

// ---- Checkpoint ----

export const checkpointSchema = z.object({
  version: z.literal(1),
  runId: z.string().min(1),
  zendesk: z.string(),
  worker: z.string(),
  before: z.string(),
  /** --history DAYS: tickets created since this time (any status but closed); null for open tickets only. */
  historySince: z.string().nullable().default(null),
  collected: z.boolean(),
  collect: z.object({ from: z.string().nullable(), tickets: z.array(z.number().int().positive()) }),
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

/**
 * npm run zendesk:backfill [-- options]
 *
 * Tickets that were open before Tierwise was installed never sent it a webhook. This finds them
 * (search export: open tickets created before the first run, cursor paging) and delivers, per ticket,
 * a signed trigger-family webhook to the worker, so the worker classifies each one and starts its
 * clocks exactly as for a live ticket. Resumable: progress is kept in a checkpoint file.
 *
 * Environment (or .dev.vars): ZENDESK_BASE_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN (or
 * ZENDESK_OAUTH_TOKEN), TIERWISE_WORKER_URL, ZENDESK_WEBHOOK_SECRET.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AdminClient, ZendeskRequestError } from './admin-client.ts';
import {
  CHECKPOINT_VERSION, ExpiredCursor, collectOpenTickets, deliver, historyTicketsQuery, readCheckpoint, writeCheckpoint, type Checkpoint, type ExportPage,
} from './backfill-core.ts';
import { CliError, envFileFrom, EXIT, loadEnv, parseCli, readConnection, readWorkerUrl, type RawEnv } from './env.ts';
import { RateLimiter } from './rate-limit.ts';
import { consoleIo, type Io } from './setup.ts';

export const DEFAULT_CHECKPOINT = '.tierwise-backfill.json';

const USAGE = `Usage: npm run zendesk:backfill -- [options]

  --rate=N            Zendesk API requests a minute this script may spend (default 100)
  --deliver-rate=N    webhook deliveries a minute to the worker (default 60; each costs the worker
                      about 3 Zendesk requests, within its own ZENDESK_RATE_LIMIT_PER_MINUTE)
  --before=ISO_TIME   only tickets created before this time (default: when the first run started)
  --history=DAYS      instead of the open tickets: every ticket created in the last DAYS days
                      (1-3650), solved ones too, so the worker records their service facts for
                      the dashboard (closed ones are left out: Zendesk refuses updates to them)
  --checkpoint=PATH   progress file (default ${DEFAULT_CHECKPOINT}); a re-run continues from it
  --restart           forget the checkpoint and start over
  --limit=N           deliver at most N tickets in this run
  --page-size=N       search export results a page, 1-100 (default 100)
  --dry-run           find the tickets and print how many; deliver nothing
  --env-file=PATH | --no-env-file   as for zendesk:setup

Environment: ZENDESK_BASE_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN),
TIERWISE_WORKER_URL, ZENDESK_WEBHOOK_SECRET.
Exit codes: 0 done, 1 some tickets failed, 2 bad input, 3 refused credentials or signature,
4 forbidden, 5 unreachable, 6 Zendesk kept failing, 130 interrupted (progress saved).`;

const positive = (name: string) => z.coerce.number({ error: `${name} must be a number` }).finite().positive(`${name} must be above 0`);
const argsSchema = z.object({
  rate: positive('--rate').max(10_000),
  deliverRate: positive('--deliver-rate').max(100_000),
  before: z.string().refine((v) => Number.isFinite(Date.parse(v)), '--before must be an ISO time such as 2026-01-31T00:00:00Z').nullable(),
  history: z.coerce.number({ error: '--history must be a number of days' }).int('--history must be a whole number of days').min(1, '--history must be 1-3650 days').max(3650, '--history must be 1-3650 days').nullable(),
  checkpoint: z.string().min(1),
  restart: z.boolean(),
  limit: z.coerce.number().int('--limit must be a whole number').positive('--limit must be above 0').nullable(),
  pageSize: z.coerce.number().int().min(1, '--page-size must be 1-100').max(100, '--page-size must be 1-100'),
  dryRun: z.boolean(),
  envFile: z.string().nullable(),
});
export type BackfillArgs = z.infer<typeof argsSchema>;

export function parseBackfillArgs(argv: readonly string[]): BackfillArgs | 'help' {
  const options = {
    rate: { type: 'string', default: '100' },
    'deliver-rate': { type: 'string', default: '60' },
    before: { type: 'string' },
    history: { type: 'string' },
    checkpoint: { type: 'string', default: DEFAULT_CHECKPOINT },
    restart: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'page-size': { type: 'string', default: '100' },
    'dry-run': { type: 'boolean', default: false },
    'env-file': { type: 'string' },
    'no-env-file': { type: 'boolean', default: false },
  } as const;
  return parseCli(argv, options, USAGE, argsSchema, (values) => ({
    rate: values.rate, deliverRate: values['deliver-rate'], before: values.before ?? null, history: values.history ?? null, checkpoint: values.checkpoint,
    restart: values.restart, limit: values.limit ?? null, pageSize: values['page-size'], dryRun: values['dry-run'], envFile: envFileFrom(values),
  }));
}

const exportSchema = z.object({
  results: z.array(z.object({ id: z.number(), created_at: z.string() }).passthrough()),
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullable().optional() }).passthrough(),
});

/** Progress: a redrawn bar on a terminal, a line every 10% otherwise. */
class Progress {
  private lastLine = -1;
  constructor(private readonly io: Io, private readonly tty: boolean, private readonly write: (s: string) => void) {}

  update(done: number, total: number, sent: number, failed: number): void {
    if (total === 0) return;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      this.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  sent ${sent}  failed ${failed} `);
      if (done === total) this.write('\n');
      return;
    }
    const step = Math.max(1, Math.ceil(total / 10));
    const bucket = Math.floor(done / step);
    if (bucket !== this.lastLine || done === total) {
      this.lastLine = bucket;
      this.io.out(`progress: ${done}/${total} (sent ${sent}, failed ${failed})`);
    }
  }

  end(): void {
    if (this.tty) this.write('\n');
  }
}

export interface BackfillRuntime {
  /** Set when the run should stop after the delivery in flight (Ctrl-C). */
  stopRequested: () => boolean;
  tty: boolean;
  write: (s: string) => void;
  now: () => number;
}

export async function runBackfill(argv: readonly string[], env: RawEnv, io: Io = consoleIo, runtime?: Partial<BackfillRuntime>): Promise<number> {
  try {
    return await backfill(argv, env, io, {
      stopRequested: runtime?.stopRequested ?? (() => false),
      tty: runtime?.tty ?? false,
      write: runtime?.write ?? ((s) => process.stderr.write(s)),
      now: runtime?.now ?? Date.now,
    });
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(`Backfill failed unexpectedly: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return EXIT.zendesk;
  }
}

async function backfill(argv: readonly string[], env: RawEnv, io: Io, rt: BackfillRuntime): Promise<number> {
  const args = parseBackfillArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  const { vars } = loadEnv(env, args.envFile);
  const connection = readConnection(vars);
  const workerUrl = readWorkerUrl(vars);
  const secret = vars.ZENDESK_WEBHOOK_SECRET;
  if (!args.dryRun && !secret) throw new CliError('ZENDESK_WEBHOOK_SECRET is not set: set it to the webhook signing secret the worker has (npm run zendesk:setup -- --show-secret prints it).', EXIT.usage);
  const checkpointFile = path.resolve(args.checkpoint);
  if (args.restart) rmSync(checkpointFile, { force: true });

  let checkpoint: Checkpoint | null = readCheckpoint(checkpointFile);
  if (checkpoint && (checkpoint.zendesk !== connection.baseUrl || checkpoint.worker !== workerUrl)) {
    throw new CliError(`The checkpoint ${checkpointFile} belongs to another run (${checkpoint.zendesk} -> ${checkpoint.worker}): pass --restart to start over, or --checkpoint=<another file>.`, EXIT.usage);
  }
  if (checkpoint && (checkpoint.historySince === null) !== (args.history === null)) {
    throw new CliError(`The checkpoint ${checkpointFile} belongs to a run ${checkpoint.historySince ? 'with' : 'without'} --history: pass --restart to start over, or --checkpoint=<another file>.`, EXIT.usage);
  }
  const resumed = checkpoint !== null;
  const before = args.before ? Date.parse(args.before) : rt.now();
  const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  checkpoint ??= {
    version: CHECKPOINT_VERSION, runId: randomUUID(), zendesk: connection.baseUrl, worker: workerUrl,
    before: isoTime(before), historySince: args.history === null ? null : isoTime(before - args.history * 86_400_000),
    collected: false, collect: { cursor: null, tickets: [] }, sent: [], failed: {},
  };
  const state = checkpoint;
  const save = (): void => {
    if (!args.dryRun) writeCheckpoint(checkpointFile, state);
  };

  const zendeskBudget = new RateLimiter(args.rate);
  const admin = new AdminClient(connection, { beforeRequest: () => zendeskBudget.take() });
  await admin.preflight(false);
  const what = state.historySince ? `tickets created from ${state.historySince} to ${state.before}, any status but closed` : `open tickets created before ${state.before}`;
  io.out(`${resumed ? 'Resuming' : 'Starting'} backfill: ${what} in ${connection.baseUrl} -> ${workerUrl}/webhooks/zendesk`);
  io.out(`Budget: ${args.rate} Zendesk requests/min, ${args.deliverRate} deliveries/min. Checkpoint: ${args.dryRun ? '(dry run: not written)' : checkpointFile}`);

  // 1. Find the tickets (resumes mid-way from the checkpoint).
  if (!state.collected) {
    const exportPage = async (query: string, cursor: string | null): Promise<ExportPage> => {
      const params = new URLSearchParams({ query, 'filter[type]': 'ticket', 'page[size]': String(args.pageSize) });
      if (cursor !== null) params.set('page[after]', cursor);
      let body: unknown;
      try {
        body = await admin.request<unknown>('GET', `/api/v2/search/export.json?${params}`);
      } catch (error) {
        if (cursor !== null && error instanceof ZendeskRequestError && [400, 422].includes(error.status)) {
          io.out(`The saved search cursor is no longer accepted (${error.status}; Zendesk's cursors expire after an hour): reading the list again from the start, skipping tickets already found.`);
          throw new ExpiredCursor(error.message);
        }
        throw error;
      }
      const parsed = exportSchema.safeParse(body);
      if (!parsed.success) throw new CliError(`Unexpected answer from the search export: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, EXIT.zendesk);
      return { results: parsed.data.results, hasMore: parsed.data.meta.has_more, afterCursor: parsed.data.meta.after_cursor ?? null };
    };
    const result = await collectOpenTickets(exportPage, state.before, state.collect, (s) => {
      state.collect = { cursor: s.cursor, tickets: [...s.tickets] };
      save();
      if (rt.stopRequested()) throw new CliError(`Interrupted while finding tickets: progress saved in ${checkpointFile}; run the same command again to continue.`, EXIT.interrupted);
      if (!rt.tty) return;
      rt.write(`\rfinding tickets: ${s.tickets.length} `);
    }, state.historySince ? historyTicketsQuery(state.historySince, state.before) : undefined);
    if (rt.tty) rt.write('\n');
    state.collect = result;
    state.collected = true;
    save();
  }
  const tickets = state.collect.tickets;
  const alreadySent = new Set(state.sent);
  const todo = tickets.filter((id) => !alreadySent.has(id));
  io.out(`Found ${tickets.length} ${state.historySince ? '' : 'open '}ticket${tickets.length === 1 ? '' : 's'}; ${alreadySent.size} already sent${resumed ? ' in an earlier run' : ''}; ${todo.length} to send.`);
  if (args.dryRun) {
    io.out(`Dry run: nothing was delivered. First ids: ${todo.slice(0, 20).join(', ')}${todo.length > 20 ? ', ...' : ''}`);
    return EXIT.ok;
  }

  // 2. Deliver, one at a time, within the delivery budget.
  const deliveries = new RateLimiter(args.deliverRate);
  const progress = new Progress(io, rt.tty, rt.write);
  const limit = args.limit ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  let failed = 0;
  let networkFailuresInARow = 0;
  let stopped: 'interrupted' | 'limit' | null = null;
  const endpoint = `${workerUrl}/webhooks/zendesk`;
  for (const [index, id] of todo.entries()) {
    if (rt.stopRequested()) {
      stopped = 'interrupted';
      break;
    }
    if (sent + failed >= limit) {
      stopped = 'limit';
      break;
    }
    await deliveries.take();
    const result = await deliver(id, { endpoint, secret: secret!, runId: state.runId });
    if (result.ok) {
      sent += 1;
      networkFailuresInARow = 0;
      state.sent.push(id);
      delete state.failed[String(id)];
    } else if (result.fatal) {
      save();
      progress.end();
      io.err(result.message);
      summary(io, tickets.length, sent, alreadySent.size, failed, state);
      return result.exitCode ?? EXIT.zendesk;
    } else {
      failed += 1;
      state.failed[String(id)] = result.message;
      networkFailuresInARow = result.status === null ? networkFailuresInARow + 1 : 0;
      if (networkFailuresInARow >= 3) {
        save();
        progress.end();
        io.err(`Stopped: ${result.message} three times in a row. Check TIERWISE_WORKER_URL (${workerUrl}) and run again to continue.`);
        summary(io, tickets.length, sent, alreadySent.size, failed, state);
        return EXIT.unreachable;
      }
    }
    save();
    progress.update(index + 1, todo.length, sent, failed);
  }
  progress.end();
  summary(io, tickets.length, sent, alreadySent.size, failed, state);
  if (stopped === 'interrupted') {
    io.err(`Interrupted: progress saved in ${checkpointFile}; run the same command again to continue.`);
    return EXIT.interrupted;
  }
  if (stopped === 'limit') io.out(`Stopped after --limit ${args.limit}; run again to continue.`);
  if (failed > 0) {
    io.err(`${failed} ticket${failed === 1 ? '' : 's'} failed (kept in the checkpoint; a re-run tries them again):`);
    for (const [id, reason] of Object.entries(state.failed).slice(0, 10)) io.err(`  #${id}: ${reason}`);
    return EXIT.partial;
  }
  return EXIT.ok;
}

function summary(io: Io, found: number, sent: number, skipped: number, failed: number, state: Checkpoint): void {
  const remaining = found - state.sent.length;
  io.out(`Summary: found ${found}, sent ${sent}, skipped ${skipped} (sent earlier), failed ${failed}; ${remaining} not yet sent.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let stop = false;
  process.on('SIGINT', () => {
    if (stop) process.exit(EXIT.interrupted); // second Ctrl-C: leave now
    stop = true;
    console.error('\nStopping after the delivery in flight (Ctrl-C again to quit at once)...');
  });
  process.on('SIGTERM', () => {
    stop = true;
  });
  runBackfill(process.argv.slice(2), process.env, consoleIo, { stopRequested: () => stop, tty: process.stderr.isTTY === true })
    .then((code) => process.exit(code));
}

/**
 * The cron sweep. Zendesk drops webhook deliveries sometimes, and the worker can be down while
 * tickets change (for minutes or for days), so every five minutes:
 *  1. late clocks: tickets whose alarm should have fired minutes ago, from the D1 index alone
 *     (no Zendesk call: this repair works while Zendesk is unreachable);
 *  2. missed changes: Zendesk's incremental ticket export, walked from a cursor kept in D1, so
 *     every ticket changed since the last sweep is seen once, however long the worker was away.
 *     Each exported change is compared, in one D1 query per page, with the version its object
 *     last applied; only the ones it never saw are handed to their objects. Deleted tickets
 *     (status "deleted") are purged.
 * The objects stay the authority: each called object checks for itself and does nothing when
 * all is well, so handing a change over twice (a run that died mid-slice) takes no step twice.
 *
 * Bounded: at most `exportPages` export requests (Zendesk allows 10 a minute), `tickets` object
 * calls and a few D1 statements a run, inside the Workers free plan's 50 subrequests. A page's
 * changes not handed over yet wait in the stored cursor for the next run; progress is saved
 * after every slice. Each item fails alone: a throwing object is counted, tried again in later
 * runs (up to MAX_ATTEMPTS), and the others go on.
 */
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { ticketObject } from '../objects.ts';
import { accountKey } from '../zendesk/account-key.ts';
import type { ExportedTicket } from '../zendesk/client.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { appliedVersions, LATE_AFTER_MS, lateClocks } from './ticket-index.ts';

export interface ReconcileLimits {
  /** Object calls per run (each is a subrequest): late clocks and exported changes together. */
  tickets: number;
  /** Of those, at most this many go to late clocks. */
  lateClocks: number;
  /** Export requests per run (the sweep runs every 5 minutes; Zendesk allows 10 a minute). */
  exportPages: number;
  /** Tickets per export page (Zendesk: at most 1000). */
  perPage: number;
  /** The very first run starts this far back (the export refuses the last minute). */
  firstWindowMinutes: number;
}

export const RECONCILE_LIMITS: ReconcileLimits = { tickets: 40, lateClocks: 20, exportPages: 2, perPage: 1000, firstWindowMinutes: 15 };

/** An item that failed this many runs is given up (logged as an error). */
const MAX_ATTEMPTS = 3;

/** A change from the export still to hand to its object. */
interface PendingChange {
  id: number;
  /** The version to compare (updated_at); null for a deleted ticket. */
  updatedAt: string | null;
  deleted: boolean;
  attempts: number;
}

/** Where the sweep is in Zendesk's export (D1 `sync_cursor`, name `tickets`). */
export interface ExportCursor {
  /** Zendesk's after_cursor; null before the first page, which starts at `startTime`. */
  cursor: string | null;
  /** Epoch seconds: the first page's start_time. */
  startTime: number;
  pending: PendingChange[];
  /** The newest change exported so far (ms, generated_timestamp): how far the sweep has read. */
  position: number;
  /** The last page reached the end of the stream. */
  caughtUp: boolean;
}

export interface ReconcileOutcome {
  at: string;
  /** Objects asked (late clocks and missed changes). */
  checked: number;
  /** Of those, objects that found work and set their alarm. */
  armed: number;
  /** Deleted tickets whose state was removed. */
  purged: number;
  /** Items that threw (each alone; they are tried again). */
  failed: number;
  /** How far behind Zendesk the sweep has read (at least the export's minute), whether it reached the end, what waits. */
  cursor: { lag_seconds: number; caught_up: boolean; pending: number };
  /** Why the run stopped early (the export refused or failed), or null. */
  error: string | null;
}

const CURSOR = 'tickets';
const OUTCOME = 'reconcile_outcome';

async function readSync<T>(db: D1Database, account: string, name: string): Promise<T | null> {
  const row = await db.prepare('SELECT value FROM sync_cursor WHERE account = ? AND name = ?').bind(account, name).first<{ value: string }>();
  return row ? (JSON.parse(row.value) as T) : null;
}

async function writeSync(db: D1Database, account: string, name: string, value: unknown): Promise<void> {
  await db.prepare('INSERT INTO sync_cursor (account, name, value) VALUES (?, ?, ?) ON CONFLICT (account, name) DO UPDATE SET value = excluded.value').bind(account, name, JSON.stringify(value)).run();
}

export function saveExportCursor(env: Env, cursor: ExportCursor): Promise<void> {
  return writeSync(env.DB, accountKey(env), CURSOR, cursor);
}

export function loadExportCursor(env: Env): Promise<ExportCursor | null> {
  return readSync<ExportCursor>(env.DB, accountKey(env), CURSOR);
}

/** The last sweep's outcome, for /health; null before the first. */
export function lastReconcileOutcome(env: Env): Promise<ReconcileOutcome | null> {
  return readSync<ReconcileOutcome>(env.DB, accountKey(env), OUTCOME);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A page's tickets as changes to hand over: the ones whose object has not applied that version, and every deleted one. */
async function missedChanges(db: D1Database, tickets: readonly ExportedTicket[]): Promise<PendingChange[]> {
  const applied = await appliedVersions(db, tickets.map((t) => t.id));
  const latest = new Map<number, PendingChange>();
  for (const ticket of tickets) {
    const deleted = ticket.status === 'deleted';
    const seen = applied.get(ticket.id);
    const updatedAt = ticket.updated_at ?? null;
    if (!deleted && updatedAt !== null && seen !== undefined && seen >= Date.parse(updatedAt)) continue;
    latest.set(ticket.id, { id: ticket.id, updatedAt: deleted ? null : updatedAt, deleted, attempts: 0 });
  }
  return [...latest.values()];
}

function newestChange(tickets: readonly ExportedTicket[], position: number): number {
  let newest = position;
  for (const t of tickets) {
    const at = t.generated_timestamp !== undefined ? t.generated_timestamp * 1000 : Date.parse(t.updated_at ?? '');
    if (Number.isFinite(at) && at > newest) newest = at;
  }
  return newest;
}

export async function reconcileClocks(env: Env, limits: ReconcileLimits = RECONCILE_LIMITS, now = Date.now()): Promise<ReconcileOutcome> {
  const counts = { checked: 0, armed: 0, purged: 0, failed: 0 };
  let error: string | null = null;

  /** Hands one item to its object; a throw is counted and logged, and the run goes on. */
  const handOver = async (change: Pick<PendingChange, 'id' | 'updatedAt' | 'deleted'>): Promise<boolean> => {
    counts.checked++;
    try {
      const object = ticketObject(env, change.id);
      if (change.deleted) {
        await object.purge(change.id);
        counts.purged++;
      } else if ((await object.reconcile(change.id, change.updatedAt)) === 'armed') counts.armed++;
      return true;
    } catch (e) {
      counts.failed++;
      log.error('reconciliation: a ticket object failed; the others go on', { ticket: change.id, error: message(e) });
      return false;
    }
  };

  // 1. Late clocks, from the index alone.
  let budget = limits.tickets;
  try {
    for (const ticketId of await lateClocks(env.DB, now, LATE_AFTER_MS, Math.min(limits.lateClocks, budget))) {
      await handOver({ id: ticketId, updatedAt: null, deleted: false });
      budget--;
    }
  } catch (e) {
    error = `late clocks: ${message(e)}`;
  }

  // 2. Missed changes, from the export cursor.
  let state = (await loadExportCursor(env)) ?? { cursor: null, startTime: Math.floor((now - limits.firstWindowMinutes * 60_000) / 1000), pending: [], position: now - limits.firstWindowMinutes * 60_000, caughtUp: false };
  let pages = 0;
  try {
    const client = zendeskClient(env);
    while (budget > 0) {
      if (state.pending.length === 0) {
        if (pages >= limits.exportPages || (pages > 0 && state.caughtUp)) break;
        const page = await client.exportTickets(state.cursor !== null ? { cursor: state.cursor } : { startTime: state.startTime }, limits.perPage);
        pages++;
        state = {
          ...state,
          cursor: page.afterCursor ?? state.cursor,
          pending: await missedChanges(env.DB, page.tickets),
          position: page.endOfStream ? Math.max(state.position, now - 60_000) : newestChange(page.tickets, state.position),
          caughtUp: page.endOfStream,
        };
        await saveExportCursor(env, state);
        continue;
      }
      const slice = state.pending.slice(0, budget);
      const retry: PendingChange[] = [];
      for (const change of slice) {
        if (await handOver(change)) continue;
        if (change.attempts + 1 < MAX_ATTEMPTS) retry.push({ ...change, attempts: change.attempts + 1 });
        else log.error('reconciliation: gave up on a ticket after repeated failures', { ticket: change.id, attempts: MAX_ATTEMPTS });
      }
      budget -= slice.length;
      state = { ...state, pending: [...state.pending.slice(slice.length), ...retry] };
      await saveExportCursor(env, state);
      // Failed items wait for the next run rather than being retried at once.
      if (retry.length > 0 && state.pending.length === retry.length) break;
    }
  } catch (e) {
    error = `export: ${message(e)}`;
  }

  const outcome: ReconcileOutcome = {
    at: new Date(now).toISOString(),
    ...counts,
    cursor: { lag_seconds: Math.max(0, Math.round((now - state.position) / 1000)), caught_up: state.caughtUp && state.pending.length === 0, pending: state.pending.length },
    error,
  };
  await writeSync(env.DB, accountKey(env), OUTCOME, outcome);
  const fields = { ...counts, lagSeconds: outcome.cursor.lag_seconds, caughtUp: outcome.cursor.caught_up, pending: outcome.cursor.pending, pages, error };
  if (error !== null || counts.failed > 0) log.error('reconciliation sweep incomplete', fields);
  else log.info('reconciliation sweep', fields);
  return outcome;
}

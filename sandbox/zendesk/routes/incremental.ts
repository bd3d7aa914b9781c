// GET /api/v2/incremental/tickets/cursor: the cursor-based Incremental Ticket Export, as strict as
// Zendesk's (Incremental Exports API; "Using the Incremental Export API"):
// - `start_time` (Unix epoch seconds) starts an export, `cursor` (the last answer's `after_cursor`)
//   continues one; one of the two is required;
// - items changed within the minute before the request are left out (a start_time in that minute
//   is refused: 422 "Too recent start_time"); they come in a later request;
// - tickets in the order they changed (generated_timestamp), `per_page` at most 1000 (the default);
// - deleted tickets are included with status "deleted" unless `exclude_deleted=true`;
// - `after_cursor` is given on every page, the last one too (`end_of_stream: true`): the next poll
//   continues from it; every change is exported once after the cursor;
// - its own rate limit, 10 requests a minute (30 with the High Volume add-on): 429 + Retry-After.
import { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentTicket } from '../present.ts';
import type { Ticket } from '../types.ts';

/** Zendesk leaves out what changed within the last minute (announced October 2024). */
export const INCREMENTAL_LAG_MS = 60_000;
const MAX_PER_PAGE = 1000;

interface Position {
  /** generated_timestamp (ms) and id of the last exported change: the export goes on after it. */
  at: number;
  id: number;
}

const encodeCursor = (p: Position): string => Buffer.from(`tickets:${p.at}:${p.id}`).toString('base64url');
function decodeCursor(cursor: string): Position | null {
  const m = /^tickets:(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { at: Number(m[1]), id: Number(m[2]) } : null;
}
const invalidValue = (status: 400 | 422, description: string): ApiError => new ApiError(status, { error: 'InvalidValue', description });

export function incrementalRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;

  app.get('/incremental/tickets/cursor', (c) => {
    const limit = deps.incrementalLimiter.take();
    if (!limit.allowed) {
      throw new ApiError(429, { error: 'APIRateLimitExceeded', description: 'Number of allowed incremental export API requests per minute exceeded' }, { 'Retry-After': String(limit.retryAfter) });
    }
    const now = store.now();
    const until = now - INCREMENTAL_LAG_MS;
    const rawCursor = c.req.query('cursor');
    const rawStart = c.req.query('start_time');
    let after: Position;
    if (rawCursor !== undefined) {
      const decoded = decodeCursor(rawCursor);
      if (decoded === null) throw invalidValue(400, 'cursor is invalid: use the after_cursor of an earlier answer');
      after = decoded;
    } else if (rawStart !== undefined) {
      if (!/^\d{1,12}$/.test(rawStart)) throw invalidValue(400, 'start_time must be a Unix epoch time in seconds');
      const start = Number(rawStart) * 1000;
      if (start > until) throw invalidValue(422, 'Too recent start_time. Use a start_time older than 1 minute');
      after = { at: start - 1, id: Number.MAX_SAFE_INTEGER };
    } else {
      throw invalidValue(400, 'start_time or cursor is required');
    }
    const rawPerPage = c.req.query('per_page');
    if (rawPerPage !== undefined && (!/^\d{1,4}$/.test(rawPerPage) || Number(rawPerPage) < 1 || Number(rawPerPage) > MAX_PER_PAGE)) {
      throw invalidValue(400, `per_page must be an integer from 1 to ${MAX_PER_PAGE}`);
    }
    const perPage = rawPerPage === undefined ? MAX_PER_PAGE : Number(rawPerPage);
    const excludeDeleted = c.req.query('exclude_deleted') === 'true';

    const changed = [...store.generatedAt]
      .map(([id, at]) => ({ id, at }))
      .filter((p) => (p.at > after.at || (p.at === after.at && p.id > after.id)) && p.at <= until)
      .sort((a, b) => a.at - b.at || a.id - b.id);
    const items: Array<{ position: Position; body: Record<string, unknown> }> = [];
    for (const position of changed) {
      const body = exported(position);
      if (body === null) continue;
      items.push({ position, body });
      if (items.length >= perPage) break;
    }
    const last = items[items.length - 1]?.position;
    const endOfStream = last === undefined || !changed.some((p) => p.at > last.at || (p.at === last.at && p.id > last.id));
    const next = encodeCursor(last ?? after);
    return c.json({
      tickets: items.map((i) => i.body),
      after_url: `${deps.baseUrl()}/api/v2/incremental/tickets/cursor.json?cursor=${next}`,
      after_cursor: next,
      before_url: null,
      before_cursor: null,
      end_of_stream: endOfStream,
    });

    function exported(p: Position): Record<string, unknown> | null {
      const generated = { generated_timestamp: Math.floor(p.at / 1000) };
      const live = store.tickets.get(p.id);
      if (live) return { ...presentTicket(deps.baseUrl(), live), ...generated };
      if (excludeDeleted) return null;
      const deleted: Ticket | undefined = store.deletedTickets.get(p.id);
      // Permanently deleted: scrubbed, only the id and the status remain.
      if (!deleted) return { id: p.id, url: `${deps.baseUrl()}/api/v2/tickets/${p.id}.json`, status: 'deleted', ...generated };
      return { ...presentTicket(deps.baseUrl(), deleted), status: 'deleted', ...generated };
    }
  });

  return app;
}

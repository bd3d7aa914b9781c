// List pagination: offset (page/per_page -> next_page, previous_page, count) and
// cursor (page[size]/page[after]/page[before] -> meta.has_more, links.next) like Zendesk.
import type { Context } from 'hono';
import { ApiError } from './errors.ts';

const encode = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');
const decode = (cursor: string): number | null => {
  const m = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
};

function intParam(c: Context, name: string, fallback: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ApiError(400, { error: 'InvalidPaginationParameter', description: `${name} must be a positive integer` });
  }
  return Math.min(Number(raw), max);
}

export function paginate<T extends { id: number }>(
  c: Context, items: readonly T[], key: string, present: (item: T) => unknown, baseUrl: string,
): Record<string, unknown> {
  const url = new URL(c.req.url);
  const selfUrl = (params: Record<string, string>): string => {
    const u = new URL(`${baseUrl}${url.pathname}`);
    for (const [k, v] of url.searchParams) if (!k.startsWith('page') && k !== 'per_page') u.searchParams.set(k, v);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  };
  const sorted = [...items].sort((a, b) => a.id - b.id);
  const cursorMode = ['page[size]', 'page[after]', 'page[before]'].some((k) => c.req.query(k) !== undefined);
  if (cursorMode) {
    const size = intParam(c, 'page[size]', 100, 100);
    const after = c.req.query('page[after]');
    const before = c.req.query('page[before]');
    let slice: T[];
    let hasMore: boolean;
    if (before) {
      const id = decode(before);
      if (id === null) throw new ApiError(400, { error: 'InvalidPaginationParameter', description: 'page[before] is not a valid cursor' });
      const older = sorted.filter((x) => x.id < id);
      slice = older.slice(Math.max(0, older.length - size));
      hasMore = older.length > size;
    } else {
      const id = after ? decode(after) : 0;
      if (id === null) throw new ApiError(400, { error: 'InvalidPaginationParameter', description: 'page[after] is not a valid cursor' });
      const newer = sorted.filter((x) => x.id > id);
      slice = newer.slice(0, size);
      hasMore = newer.length > size;
    }
    const first = slice[0];
    const last = slice[slice.length - 1];
    const afterCursor = last ? encode(last.id) : null;
    const beforeCursor = first ? encode(first.id) : null;
    return {
      [key]: slice.map(present),
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        next: afterCursor ? selfUrl({ 'page[size]': String(size), 'page[after]': afterCursor }) : null,
        prev: beforeCursor ? selfUrl({ 'page[size]': String(size), 'page[before]': beforeCursor }) : null,
      },
    };
  }
  const perPage = intParam(c, 'per_page', 100, 100);
  const page = intParam(c, 'page', 1, Number.MAX_SAFE_INTEGER);
  const start = (page - 1) * perPage;
  const slice = sorted.slice(start, start + perPage);
  return {
    [key]: slice.map(present),
    next_page: start + perPage < sorted.length ? selfUrl({ page: String(page + 1), per_page: String(perPage) }) : null,
    previous_page: page > 1 ? selfUrl({ page: String(page - 1), per_page: String(perPage) }) : null,
    count: sorted.length,
  };
}

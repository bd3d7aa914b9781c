// /api/v2/search, /api/v2/search/count and /api/v2/search/export (cursor paging, no 1,000 limit)
import { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentOrganization, presentTicket, presentUser } from '../present.ts';
import { SORT_BY, search } from '../search.ts';
import type { SearchOrder, SearchResult, SortBy } from '../search.ts';

const MAX_RESULTS = 1000;
const EXPORT_TYPES = ['ticket', 'user', 'organization'] as const;
const invalidParameter = (description: string): ApiError => new ApiError(400, { error: 'InvalidParameter', description });
const encodeCursor = (id: number): string => Buffer.from(`export:${id}`).toString('base64url');
const decodeCursor = (cursor: string): number | null => {
  const m = /^export:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
};

export function searchRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const present = (r: SearchResult): Record<string, unknown> => {
    const base = deps.baseUrl();
    const body = r.result_type === 'ticket' ? presentTicket(base, r.record)
      : r.result_type === 'user' ? presentUser(base, r.record) : presentOrganization(base, r.record);
    return { ...body, result_type: r.result_type };
  };
  const query = (raw: string | undefined): string => {
    if (raw === undefined || raw.trim() === '') {
      throw new ApiError(400, { error: 'InvalidParameter', description: 'query parameter is required' });
    }
    return raw;
  };
  const positive = (raw: string | undefined, name: string, fallback: number): number => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw new ApiError(400, { error: { title: 'Invalid attribute', message: `You passed an invalid value for the ${name} attribute. Invalid parameter: ${name} must be an integer` } });
    }
    return Number(raw);
  };

  const order = (sortBy: string | undefined, sortOrder: string | undefined): SearchOrder => {
    if (sortBy !== undefined && !(SORT_BY as readonly string[]).includes(sortBy)) throw invalidParameter(`sort_by must be one of ${SORT_BY.join(', ')}`);
    if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') throw invalidParameter('sort_order must be asc or desc');
    return { ...(sortBy !== undefined ? { sortBy: sortBy as SortBy } : {}), ...(sortOrder !== undefined ? { sortOrder } : {}) };
  };

  app.get('/search', (c) => {
    const q = query(c.req.query('query'));
    const sort = order(c.req.query('sort_by'), c.req.query('sort_order'));
    const perPage = Math.min(positive(c.req.query('per_page'), 'per_page', 100), 100);
    const page = positive(c.req.query('page'), 'page', 1);
    const start = (page - 1) * perPage;
    if (start >= MAX_RESULTS) {
      throw new ApiError(422, { error: 'invalid', description: 'Invalid search: Requested response size was greater than Search Response Limits' });
    }
    const all = search(deps.store, q, deps.store.now(), sort);
    const end = Math.min(start + perPage, MAX_RESULTS);
    const page_ = all.slice(start, end);
    const link = (p: number): string => {
      const u = new URL(`${deps.baseUrl()}/api/v2/search.json`);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('query', q);
      for (const k of ['sort_by', 'sort_order']) if (c.req.query(k) !== undefined) u.searchParams.set(k, c.req.query(k)!);
      return u.toString();
    };
    // Like Zendesk: page 10 of more than 1,000 results still links page 11, which then answers 422.
    const hasNext = end < all.length;
    return c.json({
      results: page_.map(present),
      facets: null,
      next_page: hasNext ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: all.length,
    });
  });

  // Export Search Results: cursor paging over every match, one result type at a time, by id.
  app.get('/search/export', (c) => {
    const q = query(c.req.query('query'));
    const type = c.req.query('filter[type]');
    if (type === undefined || !(EXPORT_TYPES as readonly string[]).includes(type)) {
      throw invalidParameter(`filter[type] is required: one of ${EXPORT_TYPES.join(', ')}`);
    }
    const size = Math.min(positive(c.req.query('page[size]'), 'page[size]', 100), 1000);
    const afterRaw = c.req.query('page[after]');
    const after = afterRaw === undefined || afterRaw === '' ? 0 : decodeCursor(afterRaw);
    if (after === null) throw invalidParameter('page[after] is not a valid cursor');
    const matches = search(deps.store, `${q} type:${type}`, deps.store.now(), {})
      .filter((r) => r.record.id > after).sort((a, b) => a.record.id - b.record.id);
    const slice = matches.slice(0, size);
    const hasMore = matches.length > size;
    const last = slice[slice.length - 1];
    const afterCursor = last ? encodeCursor(last.record.id) : null;
    const next = new URL(`${deps.baseUrl()}/api/v2/search/export.json`);
    next.searchParams.set('query', q);
    next.searchParams.set('filter[type]', type);
    next.searchParams.set('page[size]', String(size));
    if (afterCursor) next.searchParams.set('page[after]', afterCursor);
    return c.json({
      results: slice.map(present),
      facets: null,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: null },
      links: { next: hasMore ? next.toString() : null, prev: null },
    });
  });

  app.get('/search/count', (c) => {
    const q = query(c.req.query('query'));
    return c.json({ count: search(deps.store, q, deps.store.now()).length });
  });

  return app;
}

// /api/v2/search and /api/v2/search/count
import { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { presentOrganization, presentTicket, presentUser } from '../present.ts';
import { search } from '../search.ts';
import type { SearchResult } from '../search.ts';

const MAX_RESULTS = 1000;

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

  app.get('/search', (c) => {
    const q = query(c.req.query('query'));
    const perPage = Math.min(positive(c.req.query('per_page'), 'per_page', 100), 100);
    const page = positive(c.req.query('page'), 'page', 1);
    const start = (page - 1) * perPage;
    if (start >= MAX_RESULTS) {
      throw new ApiError(422, { error: 'invalid', description: 'Invalid search: Requested response size was greater than Search Response Limits' });
    }
    // Zendesk's sort_by / sort_order parameters order the results like order_by: / sort: in the query.
    const sortBy = c.req.query('sort_by');
    const sortOrder = c.req.query('sort_order');
    const ordered = sortBy ? `${q} order_by:${sortBy}${sortOrder ? ` sort:${sortOrder}` : ''}` : q;
    const all = search(deps.store, ordered, deps.store.now());
    const end = Math.min(start + perPage, MAX_RESULTS);
    const page_ = all.slice(start, end);
    const link = (p: number): string => {
      const u = new URL(`${deps.baseUrl()}/api/v2/search.json`);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('query', q);
      if (sortBy) u.searchParams.set('sort_by', sortBy);
      if (sortOrder) u.searchParams.set('sort_order', sortOrder);
      return u.toString();
    };
    const hasNext = end < Math.min(all.length, MAX_RESULTS);
    return c.json({
      results: page_.map(present),
      facets: null,
      next_page: hasNext ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: all.length,
    });
  });

  app.get('/search/count', (c) => {
    const q = query(c.req.query('query'));
    return c.json({ count: search(deps.store, q, deps.store.now()).length });
  });

  return app;
}

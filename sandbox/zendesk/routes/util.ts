// Small helpers shared by the route modules.
import type { Context } from 'hono';
import { notFound } from '../errors.ts';

/** The numeric :id route parameter (routes constrain it to digits). */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name);
  if (raw === undefined || !/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}

/** Zendesk's show_many endpoints return up to 100 records: ids past the hundredth are not looked at. */
export const SHOW_MANY_LIMIT = 100;

/** Values of `ids` that exist, in the requested order. */
export function pickMany<T>(ids: number[], map: Map<number, T>): T[] {
  const out: T[] = [];
  for (const id of ids) {
    const v = map.get(id);
    if (v !== undefined) out.push(v);
  }
  return out;
}

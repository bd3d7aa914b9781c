/**
 * Names for the report's customer ids, asked of Zendesk as the signed-in agent (the report itself
 * carries no names), so an agent sees only the names Zendesk lets them see. Keys are
 * `organization:<id>` and `user:<id>`.
 */
import type { TopCustomer } from '../../shared/reports.ts';

/** Zendesk's show_many takes at most 100 ids a call. */
const MAX_IDS = 100;

export function nameRequests(customers: readonly TopCustomer[]): Array<{ kind: TopCustomer['kind']; url: string }> {
  const requests: Array<{ kind: TopCustomer['kind']; url: string }> = [];
  for (const kind of ['organization', 'user'] as const) {
    const ids = [...new Set(customers.filter((c) => c.kind === kind).map((c) => c.id))];
    for (let at = 0; at < ids.length; at += MAX_IDS) {
      const path = kind === 'organization' ? 'organizations' : 'users';
      requests.push({ kind, url: `/api/v2/${path}/show_many.json?ids=${ids.slice(at, at + MAX_IDS).join(',')}` });
    }
  }
  return requests;
}

/** The `{organizations: [...]}` or `{users: [...]}` answer as names by key; anything unreadable is left out. */
export function namesFrom(kind: TopCustomer['kind'], body: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const value = typeof body === 'string' ? safeJson(body) : body;
  const list = value && typeof value === 'object' ? (value as Record<string, unknown>)[kind === 'organization' ? 'organizations' : 'users'] : null;
  if (!Array.isArray(list)) return names;
  for (const item of list) {
    const { id, name } = (item ?? {}) as { id?: unknown; name?: unknown };
    if (typeof id === 'number' && typeof name === 'string' && name.trim() !== '') names.set(`${kind}:${id}`, name);
  }
  return names;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// Zendesk search query language (the subset the simulator supports) and matching.
import type { SimulatorStore } from './store.ts';
import type { Organization, Ticket, TicketStatus, User } from './types.ts';
import { TICKET_STATUSES } from './types.ts';

export type Operator = ':' | '<' | '>' | '<=' | '>=';
export interface Term { negated: boolean; key: string | null; op: Operator; value: string }
export interface ParsedQuery {
  type: 'ticket' | 'user' | 'organization' | null;
  terms: Term[];
  orderBy: string | null;
  sort: 'asc' | 'desc' | null;
}

export type SearchResult =
  | { result_type: 'ticket'; record: Ticket }
  | { result_type: 'user'; record: User }
  | { result_type: 'organization'; record: Organization };

/** Splits on whitespace, keeping "quoted phrases" together (quotes removed). */
function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const re = /(-?[\w.]+(?:<=|>=|:|<|>)"[^"]*"|"[^"]*"|\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) tokens.push(m[1]!.replace(/"/g, ''));
  return tokens;
}

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { type: null, terms: [], orderBy: null, sort: null };
  for (const token of tokenize(query)) {
    const m = /^(-?)([\w.]+)(<=|>=|:|<|>)(.*)$/.exec(token);
    if (!m) {
      const neg = token.startsWith('-') && token.length > 1;
      parsed.terms.push({ negated: neg, key: null, op: ':', value: neg ? token.slice(1) : token });
      continue;
    }
    const negated = m[1] === '-';
    const key = m[2]!.toLowerCase();
    const op = m[3] as Operator;
    const value = m[4] ?? '';
    if (key === 'type' && !negated && (value === 'ticket' || value === 'user' || value === 'organization')) {
      parsed.type = value;
    } else if (key === 'order_by') {
      parsed.orderBy = value;
    } else if (key === 'sort') {
      parsed.sort = value === 'asc' ? 'asc' : 'desc';
    } else {
      parsed.terms.push({ negated, key, op, value });
    }
  }
  return parsed;
}

const UNITS: Record<string, number> = {
  minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000,
  week: 604_800_000, weeks: 604_800_000, month: 2_592_000_000, months: 2_592_000_000, year: 31_536_000_000, years: 31_536_000_000,
};

/**
 * A date term's range [from, to). "2026-01-01" is that whole day, an ISO datetime is one second,
 * "4hours" is the instant four hours ago (so updated<4hours means "more than 4 hours ago"... see compareDate).
 */
function dateRange(value: string, now: number): { from: number; to: number; relative: boolean } | null {
  const rel = /^(\d+)(minutes?|hours?|days?|weeks?|months?|years?)$/.exec(value);
  if (rel) {
    const at = now - Number(rel[1]) * (UNITS[rel[2]!] ?? 0);
    return { from: at, to: at, relative: true };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(from) ? null : { from, to: from + 86_400_000, relative: false };
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return { from: ms, to: ms + 1000, relative: false };
}

function compareDate(recordIso: string | null, op: Operator, value: string, now: number): boolean {
  if (recordIso === null) return false;
  const r = dateRange(value, now);
  if (!r) return false;
  const t = Date.parse(recordIso);
  if (r.relative) {
    // Zendesk: "updated>4hours" = updated within the last 4 hours; "updated<4hours" = longer ago.
    if (op === '>' || op === '>=') return t >= r.from;
    if (op === '<' || op === '<=') return t < r.from;
    return t >= r.from;
  }
  switch (op) {
    case ':': return t >= r.from && t < r.to;
    case '<': return t < r.from;
    case '<=': return t < r.to;
    case '>': return t >= r.to;
    case '>=': return t >= r.from;
  }
}

function compareOrdinal(actual: number, op: Operator, wanted: number): boolean {
  if (actual < 0 || wanted < 0) return false;
  switch (op) {
    case ':': return actual === wanted;
    case '<': return actual < wanted;
    case '<=': return actual <= wanted;
    case '>': return actual > wanted;
    case '>=': return actual >= wanted;
  }
}

const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'];
const lc = (s: string | null | undefined): string => (s ?? '').toLowerCase();
const wildcard = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(text.toLowerCase());

function userRef(store: SimulatorStore, id: number | null, value: string): boolean {
  if (value === 'none') return id === null;
  if (id === null) return false;
  if (value === 'me') return false;
  if (/^\d+$/.test(value)) return id === Number(value);
  const u = store.users.get(id);
  return u !== undefined && (lc(u.email) === lc(value) || wildcard(value, u.name));
}

function ticketTerm(store: SimulatorStore, t: Ticket, term: Term, now: number): boolean {
  const { key, op, value } = term;
  switch (key) {
    case null: {
      const hay = `${t.subject} ${t.description} ${(store.comments.get(t.id) ?? []).map((c) => c.body).join(' ')}`.toLowerCase();
      return /^\d+$/.test(value) ? t.id === Number(value) || hay.includes(value) : hay.includes(value.toLowerCase());
    }
    case 'status': return compareOrdinal(TICKET_STATUSES.indexOf(t.status), op, TICKET_STATUSES.indexOf(lc(value) as TicketStatus));
    case 'priority':
      if (value === 'none') return t.priority === null;
      return t.priority !== null && compareOrdinal(PRIORITY_ORDER.indexOf(t.priority), op, PRIORITY_ORDER.indexOf(lc(value)));
    case 'ticket_type': return value === 'none' ? t.type === null : lc(t.type) === lc(value);
    case 'tags': case 'tag': return value === 'none' ? t.tags.length === 0 : t.tags.some((x) => wildcard(value, x));
    case 'created': return compareDate(t.created_at, op, value, now);
    case 'updated': return compareDate(t.updated_at, op, value, now);
    case 'solved': return compareDate(store.metrics.get(t.id)?.solved_at ?? null, op, value, now);
    case 'due_date': return compareDate(t.due_at, op, value, now);
    case 'assignee': return userRef(store, t.assignee_id, value);
    case 'requester': return userRef(store, t.requester_id, value);
    case 'submitter': return userRef(store, t.submitter_id, value);
    case 'group':
      if (value === 'none') return t.group_id === null;
      return t.group_id !== null && (/^\d+$/.test(value) ? t.group_id === Number(value) : wildcard(value, store.groups.get(t.group_id)?.name ?? ''));
    case 'organization':
      if (value === 'none') return t.organization_id === null;
      return t.organization_id !== null && (/^\d+$/.test(value) ? t.organization_id === Number(value) : wildcard(value, store.organizations.get(t.organization_id)?.name ?? ''));
    case 'subject': return t.subject.toLowerCase().includes(value.toLowerCase());
    case 'description': return t.description.toLowerCase().includes(value.toLowerCase());
    case 'external_id': return t.external_id === value;
    default: {
      const cf = /^custom_field_(\d+)$/.exec(key);
      if (cf) {
        const v = t.custom_fields.find((f) => f.id === Number(cf[1]))?.value;
        if (value === 'none') return v === null || v === undefined;
        return v !== null && v !== undefined && (Array.isArray(v) ? v.some((x) => wildcard(value, x)) : wildcard(value, String(v)));
      }
      // "fieldvalue:x" or a tag-valued field: match any custom field value.
      if (key === 'fieldvalue') return t.custom_fields.some((f) => f.value !== null && String(f.value) === value);
      return false;
    }
  }
}

function userTerm(store: SimulatorStore, u: User, term: Term, now: number): boolean {
  const { key, op, value } = term;
  switch (key) {
    case null: return `${u.name} ${u.email ?? ''}`.toLowerCase().includes(value.toLowerCase());
    case 'name': return wildcard(value, u.name);
    case 'email': return wildcard(value, u.email ?? '');
    case 'role': return u.role === value || (value === 'end-user' && u.role === 'end-user');
    case 'tags': case 'tag': return u.tags.some((x) => wildcard(value, x));
    case 'organization':
      if (value === 'none') return u.organization_id === null;
      return u.organization_id !== null && (/^\d+$/.test(value) ? u.organization_id === Number(value) : wildcard(value, store.organizations.get(u.organization_id)?.name ?? ''));
    case 'created': return compareDate(u.created_at, op, value, now);
    case 'updated': return compareDate(u.updated_at, op, value, now);
    default: {
      const v = u.user_fields[key];
      return v !== undefined && v !== null && wildcard(value, String(v));
    }
  }
}

function organizationTerm(o: Organization, term: Term, now: number): boolean {
  const { key, op, value } = term;
  switch (key) {
    case null: return o.name.toLowerCase().includes(value.toLowerCase());
    case 'name': return wildcard(value, o.name);
    case 'tags': case 'tag': return o.tags.some((x) => wildcard(value, x));
    case 'created': return compareDate(o.created_at, op, value, now);
    case 'updated': return compareDate(o.updated_at, op, value, now);
    default: {
      const v = o.organization_fields[key];
      return v !== undefined && v !== null && wildcard(value, String(v));
    }
  }
}

const holds = (negated: boolean, result: boolean): boolean => (negated ? !result : result);

function sortKey(r: SearchResult, orderBy: string): string | number {
  const rec = r.record as unknown as Record<string, unknown>;
  switch (orderBy) {
    case 'created_at': case 'created': return String(rec.created_at);
    case 'updated_at': case 'updated': return String(rec.updated_at);
    case 'priority': return r.result_type === 'ticket' ? PRIORITY_ORDER.indexOf(r.record.priority ?? '') : 0;
    case 'status': return r.result_type === 'ticket' ? TICKET_STATUSES.indexOf(r.record.status) : 0;
    case 'ticket_type': return r.result_type === 'ticket' ? r.record.type ?? '' : '';
    default: return Number(rec.id);
  }
}

/** The documented `sort_by` / `sort_order` parameters of the search endpoints (they win over in-query keywords). */
export interface SearchOrder {
  sortBy?: SortBy;
  sortOrder?: 'asc' | 'desc';
}
export const SORT_BY = ['updated_at', 'created_at', 'priority', 'status', 'ticket_type'] as const;
export type SortBy = (typeof SORT_BY)[number];

/** Every record matching the query, sorted. Terms on different keys are ANDed; same key ORed (like Zendesk). */
export function search(store: SimulatorStore, query: string, now: number, order: SearchOrder = {}): SearchResult[] {
  const q = parseQuery(query);
  if (order.sortBy !== undefined) q.orderBy = order.sortBy;
  if (order.sortOrder !== undefined) q.sort = order.sortOrder;
  const results: SearchResult[] = [];
  const positives = new Map<string, Term[]>();
  const negatives: Term[] = [];
  for (const t of q.terms) {
    if (t.negated) negatives.push(t);
    else {
      const k = `${t.key ?? ''}${t.op}`;
      positives.set(k, [...(positives.get(k) ?? []), t]);
    }
  }
  const matches = (test: (t: Term) => boolean): boolean => {
    for (const group of positives.values()) {
      // Several "tags:" terms are ORed in Zendesk; other repeated keys (ranges) are ANDed.
      const isOr = group.length > 1 && group[0]!.op === ':' && group[0]!.key !== null;
      if (isOr ? !group.some(test) : !group.every(test)) return false;
    }
    return negatives.every((t) => holds(true, test(t)));
  };
  if (q.type === null || q.type === 'ticket') {
    for (const t of store.tickets.values()) if (matches((term) => ticketTerm(store, t, term, now))) results.push({ result_type: 'ticket', record: t });
  }
  if (q.type === null || q.type === 'user') {
    for (const u of store.users.values()) if (matches((term) => userTerm(store, u, term, now))) results.push({ result_type: 'user', record: u });
  }
  if (q.type === null || q.type === 'organization') {
    for (const o of store.organizations.values()) if (matches((term) => organizationTerm(o, term, now))) results.push({ result_type: 'organization', record: o });
  }
  const orderBy = q.orderBy ?? 'id';
  const dir = (q.sort ?? (q.orderBy ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  results.sort((a, b) => {
    const ka = sortKey(a, orderBy);
    const kb = sortKey(b, orderBy);
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return (a.record.id - b.record.id) * dir;
  });
  return results;
}

/** Turns a case's request spec into the bytes and headers to send, signed like Zendesk signs (or broken on purpose). */
import { createHmac, randomUUID } from 'node:crypto';
import type { RequestSpec } from './schema.ts';
import type { TicketInfo } from './world.ts';
import { SECRET } from './world.ts';

export interface Built {
  method: string;
  path: string;
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  chunked: boolean;
}

export interface Vars {
  /** The case's own ticket, or null: then {{ticketId}} and friends name the canary. */
  ticket: TicketInfo | null;
  canary: TicketInfo;
  eventId: string;
}

/** Zendesk's timestamps: ISO 8601 to the second. */
export function zendeskTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function substitute(text: string, vars: Vars): string {
  const ticket = vars.ticket ?? vars.canary;
  const values: Record<string, string> = {
    ticketId: String(ticket.id),
    canaryId: String(vars.canary.id),
    requesterId: String(ticket.requester_id),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    earlier: zendeskTimestamp(Date.parse(ticket.updated_at) - 3_600_000),
    eventId: vars.eventId,
    uuid: randomUUID(),
  };
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole}`);
    return value;
  });
}

/** Strings in bodyJson get placeholders; "{{name:number}}" becomes a JSON number. */
function substituteJson(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const numeric = /^\{\{(\w+):number\}\}$/.exec(value);
    if (numeric) return Number(substitute(`{{${numeric[1]}}}`, vars));
    return substitute(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => substituteJson(v, vars));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: a "__proto__" key stays an own key, as JSON.parse makes it.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, substitute(k, vars), { value: substituteJson(v, vars), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function bodyOf(spec: RequestSpec, vars: Vars): Buffer {
  if (spec.body !== undefined) return Buffer.from(substitute(spec.body, vars), 'utf8');
  if (spec.bodyJson !== undefined) return Buffer.from(JSON.stringify(substituteJson(spec.bodyJson, vars)), 'utf8');
  if (spec.bodyRepeat !== undefined) {
    const r = spec.bodyRepeat;
    return Buffer.from(substitute(r.prefix, vars) + r.text.repeat(r.times) + r.between + r.close.repeat(r.times) + substitute(r.suffix, vars), 'utf8');
  }
  if (spec.bodyBase64 !== undefined) return Buffer.from(spec.bodyBase64, 'base64');
  return Buffer.alloc(0);
}

export function buildWebhook(spec: RequestSpec, vars: Vars): Built {
  const body = bodyOf(spec, vars);
  const now = Date.now();
  const timestamp = { now: zendeskTimestamp(now), stale: zendeskTimestamp(now - 600_000), future: zendeskTimestamp(now + 600_000), malformed: 'yesterday at noon', none: '' }[spec.timestamp] ?? spec.timestamp;
  const signed = spec.signOver !== undefined ? Buffer.from(substitute(spec.signOver, vars), 'utf8') : body;
  const mac = (secret: string): string => createHmac('sha256', secret).update(Buffer.concat([Buffer.from(timestamp, 'utf8'), signed])).digest('base64');
  const signature = { valid: mac(SECRET), none: '', 'wrong-secret': mac('not-the-secret'), truncated: mac(SECRET).slice(0, 20), garbage: '%%%not*base64%%%' }[spec.signature] ?? spec.signature;

  const headers = new Map<string, [string, string | string[]]>();
  const set = (name: string, value: string | string[] | null): void => {
    if (value === null || value === '') headers.delete(name.toLowerCase());
    else headers.set(name.toLowerCase(), [name, value]);
  };
  set('Content-Type', 'application/json');
  set('X-Zendesk-Webhook-Id', '01HZCORPUSWEBHOOK0000000000');
  set('X-Zendesk-Webhook-Invocation-Id', spec.invocationId === undefined ? randomUUID() : spec.invocationId === null ? null : substitute(spec.invocationId, vars));
  set('X-Zendesk-Webhook-Signature-Timestamp', timestamp);
  set('X-Zendesk-Webhook-Signature', signature);
  for (const [name, value] of Object.entries(spec.headers ?? {})) set(name, value === null ? null : Array.isArray(value) ? value.map((v) => substitute(v, vars)) : substitute(value, vars));
  return { method: spec.method ?? 'POST', path: spec.path ?? '/webhooks/zendesk', headers: [...headers.values()], body, chunked: spec.chunked ?? false };
}

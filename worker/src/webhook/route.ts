/**
 * POST /webhooks/zendesk: verify -> parse -> hand to the ticket's Durable Object -> 202.
 * The work happens in the object, so Zendesk gets its answer in milliseconds.
 *
 * Answers follow Zendesk's delivery rules: a request that is not a genuine delivery (unsigned,
 * bad signature, stale, not JSON, too large) gets its precise 4xx; a genuine one Tierwise does
 * not understand gets 200 "ignored" (see not-understood.ts); a failure of the worker itself gets
 * 503 with a short Retry-After (index.ts), one of the answers Zendesk retries.
 */
import { Hono, type Context } from 'hono';
import { numberVar, type Env } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { checkSignature, type SignatureProblem } from './signature.ts';
import { recordInteraction } from '../care/interaction.ts';
import { isCustomerEventType, parseCustomerChange } from '../customer/customer-change.ts';
import { customerObject, ticketObject } from '../objects.ts';
import { concernedTicketId, rereadEvent } from './not-understood.ts';
import { parseTicketEvent } from './ticket-event.ts';

const SIGNATURE_MESSAGES: Record<SignatureProblem, string> = {
  missing_signature: 'X-Zendesk-Webhook-Signature header is missing',
  malformed_signature: 'X-Zendesk-Webhook-Signature is not a base64 HMAC-SHA256 signature',
  bad_signature: 'X-Zendesk-Webhook-Signature does not match the body',
  missing_timestamp: 'X-Zendesk-Webhook-Signature-Timestamp header is missing',
  malformed_timestamp: 'X-Zendesk-Webhook-Signature-Timestamp is not an ISO 8601 time',
  stale_timestamp: 'X-Zendesk-Webhook-Signature-Timestamp is outside the accepted window',
};

export const webhookRoutes = new Hono<{ Bindings: Env }>();

webhookRoutes.post('/webhooks/zendesk', async (c) => {
  const env = c.env;
  if (!env.ZENDESK_WEBHOOK_SECRET) return errorResponse(c, 503, 'not_configured', 'ZENDESK_WEBHOOK_SECRET is not set on the worker');
  const maxBytes = numberVar(env.WEBHOOK_MAX_BODY_BYTES, 262_144);
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > maxBytes) return errorResponse(c, 413, 'body_too_large', `body exceeds ${maxBytes} bytes`);
  const body = await readCapped(c.req.raw, maxBytes);
  if (body === null) return errorResponse(c, 413, 'body_too_large', `body exceeds ${maxBytes} bytes`);

  const problem = await checkSignature({
    signature: c.req.header('X-Zendesk-Webhook-Signature') ?? null,
    timestamp: c.req.header('X-Zendesk-Webhook-Signature-Timestamp') ?? null,
    body,
    secret: env.ZENDESK_WEBHOOK_SECRET,
    now: Date.now(),
    maxAgeMs: numberVar(env.WEBHOOK_MAX_AGE_SECONDS, 300) * 1000,
  });
  if (problem) {
    log.warn('webhook refused', { reason: problem });
    return errorResponse(c, 401, problem, SIGNATURE_MESSAGES[problem]);
  }

  // application/json, optionally with parameters (charset); not application/json-patch+json and the like.
  const contentType = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return errorResponse(c, 415, 'unsupported_media_type', `Content-Type must be application/json (got ${contentType ? `"${shorten(contentType)}"` : 'none'})`);
  }
  // The signature covers the bytes as sent; a compressed body would be neither decoded nor JSON.
  const encoding = (c.req.header('Content-Encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return errorResponse(c, 415, 'unsupported_media_type', 'Content-Encoding must be identity (webhook bodies are not compressed)');
  if (body.length === 0) return errorResponse(c, 400, 'empty_body', 'body is empty; a webhook delivery is a JSON object');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return errorResponse(c, 400, 'invalid_json', 'body is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return errorResponse(c, 400, 'invalid_json', 'body is not valid JSON');
  }

  // Every check above is about the request; from here the delivery is genuine (signed, fresh,
  // JSON). Zendesk never sends anything but an object, so anything else is refused.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return errorResponse(c, 422, 'invalid_payload', 'body: must be a JSON object');
  const payload = json as Record<string, unknown>;
  const invocationId = c.req.header('X-Zendesk-Webhook-Invocation-Id') ?? null;

  // Only a zen:event-type can be a customer event: names such as "__proto__" or "toString" must
  // never reach a lookup keyed by type (they would find Object.prototype's members).
  const type = payload.type;
  if (typeof type === 'string' && type.startsWith('zen:event-type:') && isCustomerEventType(type)) {
    const customer = parseCustomerChange(payload);
    if (!customer.ok) return notUnderstood(c, payload, customer.message, invocationId);
    const { change } = customer;
    const status = await customerObject(env, change.kind, change.id).accept(change);
    log.info('customer change accepted', { kind: change.kind, customer: change.id, status });
    return c.json({ status, [`${change.kind}_id`]: change.id }, 202);
  }

  const parsed = parseTicketEvent(payload, invocationId);
  if (!parsed.ok) return notUnderstood(c, payload, parsed.message, invocationId);
  if ('ignored' in parsed) return c.json({ status: 'ignored', reason: parsed.ignored }, 200);

  const { event } = parsed;
  const status = await ticketObject(env, event.ticketId).accept(event);
  if (event.publicComment) await recordInteraction(env, event);
  log.info('webhook accepted', { ticket: event.ticketId, type: event.type, status });
  return c.json({ status, ticket_id: event.ticketId }, 202);
});

/**
 * A genuine delivery Tierwise cannot read: 200 "ignored" (a 4xx would count toward Zendesk's
 * circuit breaker and never be retried), and the ticket it names, if any, is re-read instead.
 */
async function notUnderstood(c: Context<{ Bindings: Env }>, body: Record<string, unknown>, reason: string, invocationId: string | null): Promise<Response> {
  const ticketId = concernedTicketId(body);
  if (ticketId === null) {
    log.warn('webhook not understood; ignored', { reason });
    return c.json({ status: 'ignored', reason }, 200);
  }
  const reread = await ticketObject(c.env, ticketId).accept(rereadEvent(body, ticketId, invocationId, Date.now()));
  log.warn('webhook not understood; ticket queued to be re-read', { ticket: ticketId, reason, reread });
  return c.json({ status: 'ignored', reason, ticket_id: ticketId, reread }, 200);
}

/** Deliveries are POSTs; any other method gets a JSON 405 naming the one that works. */
webhookRoutes.all('/webhooks/zendesk', (c) => {
  c.header('Allow', 'POST');
  return errorResponse(c, 405, 'method_not_allowed', `${shorten(c.req.method)} is not allowed here; webhook deliveries are POST`);
});

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** The raw body, or null when it is larger than the cap (read no further than that). */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** GET /api/tickets/:id/audit: what the automation did to a ticket, for the sidebar. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AuditResponse } from '../../../shared/audit.ts';
import { readAudit } from '../audit.ts';
import type { Env } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { isTicketKey, TICKET_KEY_HEADER } from './ticket-key.ts';

export const apiRoutes = new Hono<{ Bindings: Env }>();

const ZENDESK_ORIGIN = /^https:\/\/[a-z0-9-]+\.(zendesk\.com|zdusercontent\.com|apps\.zdusercontent\.com)$/;

apiRoutes.use('/api/*', (c, next) =>
  cors({
    origin: (origin) => {
      const extra = (c.env.EXTRA_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
      return ZENDESK_ORIGIN.test(origin) || extra.includes(origin) ? origin : null;
    },
    allowHeaders: ['Authorization', 'Content-Type', TICKET_KEY_HEADER],
    allowMethods: ['GET', 'OPTIONS'],
    maxAge: 600,
  })(c, next),
);

apiRoutes.use('/api/*', async (c, next) => {
  const expected = c.env.TIERWISE_API_TOKEN;
  if (!expected) return errorResponse(c, 503, 'not_configured', 'TIERWISE_API_TOKEN is not set on the worker');
  const header = c.req.header('Authorization') ?? '';
  // The scheme is case-insensitive (RFC 9110 11.1); the token itself is compared exactly.
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  if (!match) return errorResponse(c, 401, 'missing_token', 'Authorization: Bearer <token> is required');
  if (!(await sameSecret(match[1]!, expected))) return errorResponse(c, 401, 'bad_token', 'the bearer token is not valid');
  await next();
});

apiRoutes.get('/api/tickets/:id/audit', async (c) => {
  const id = c.req.param('id');
  if (!/^\d{1,16}$/.test(id) || !Number.isSafeInteger(Number(id)) || Number(id) <= 0) {
    return errorResponse(c, 400, 'bad_ticket_id', 'ticket id in /api/tickets/:id/audit must be a positive integer of at most 16 digits');
  }
  // The shared token says the request came through the app; the key says Zendesk lets this agent see the ticket.
  const key = c.req.header(TICKET_KEY_HEADER) ?? '';
  if (key === '') return errorResponse(c, 403, 'missing_ticket_key', `${TICKET_KEY_HEADER} is required: the key from the ticket's audits, which Zendesk shows only to agents who may see the ticket`);
  if (!(await isTicketKey(c.env, Number(id), key.trim()))) return errorResponse(c, 403, 'bad_ticket_key', `${TICKET_KEY_HEADER} is not this ticket's key`);
  const body: AuditResponse = { ticketId: Number(id), audit: await readAudit(c.env.DB, accountKey(c.env), Number(id)) };
  return c.json(body);
});

apiRoutes.all('/api/tickets/:id/audit', (c) => {
  c.header('Allow', 'GET, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'the audit trail is read-only: use GET');
});

/** Constant-time comparison: HMAC both values with a random key and compare the digests. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const key = (await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])) as CryptoKey;
  const enc = new TextEncoder();
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(expected));
  return crypto.subtle.verify('HMAC', key, mac, enc.encode(given));
}

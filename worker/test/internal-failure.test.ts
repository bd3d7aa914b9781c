/**
 * When the worker itself fails (here: its ticket objects are unreachable), Zendesk must get an
 * answer it retries, 503 with a short Retry-After, not a 500 that loses the delivery.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.ts';
import { signWebhook } from '../src/webhook/signature.ts';
import { createTicket, ticketEvent } from './helpers.ts';
import { TEST_ZENDESK } from './zendesk-test-account.ts';

const unreachable = { idFromName: () => { throw new Error('Durable Object namespace unreachable'); } } as unknown as typeof env.TICKETS;

describe('an internal failure', () => {
  it('answers a genuine delivery with 503 and a Retry-After Zendesk honours', async () => {
    const ticket = await createTicket('zhang.wei@example.com');
    const body = JSON.stringify(ticketEvent(ticket));
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const request = new Request('https://tierwise.test/webhooks/zendesk', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Zendesk-Webhook-Invocation-Id': 'inv-internal-failure',
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Signature': await signWebhook(TEST_ZENDESK.webhookSecret, timestamp, body),
      },
      body,
    });
    const response = await worker.fetch(request, { ...env, TICKETS: unreachable }, createExecutionContext());
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThan(60);
    expect(await response.json()).toEqual({ error: { code: 'temporarily_unavailable', message: expect.stringContaining('try again') } });
  });
});

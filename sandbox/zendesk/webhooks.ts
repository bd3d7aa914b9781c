// Outbound webhooks: signing and asynchronous, retried delivery with a delivery log.
import { createHmac, randomUUID } from 'node:crypto';
import type { SimulatorStore } from './store.ts';
import type { Delivery, Webhook } from './types.ts';

/** Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + body)). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body, 'utf8').digest('base64');
}

export interface DispatchOptions {
  /** Delay before the first retry; doubles each retry. */
  retryDelayMs: number;
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A Retry-After longer than this (seconds) is not honoured: the delivery fails. */
  maxRetryAfterSeconds: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

export class WebhookDispatcher {
  private inFlight = new Set<Promise<void>>();
  private stop = new AbortController();

  constructor(private readonly store: SimulatorStore, private readonly options: DispatchOptions) {}

  /** Queues one delivery of `body` to `webhook`; returns the log record immediately. */
  send(webhook: Webhook, body: string, meta: Pick<Delivery, 'source' | 'event_type' | 'trigger_id' | 'ticket_id'>): Delivery {
    const delivery: Delivery = {
      seq: this.store.nextSeq('delivery'),
      webhook_id: webhook.id,
      invocation_id: randomUUID(),
      endpoint: webhook.endpoint,
      ...meta,
      body,
      outcome: this.store.webhooksPaused ? 'dropped' : 'pending',
      attempts: [],
      created_at: new Date(this.store.now()).toISOString(),
    };
    this.store.deliveries.push(delivery);
    if (delivery.outcome === 'dropped' || this.stop.signal.aborted) return delivery;
    const p = this.run(webhook, delivery).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return delivery;
  }

  /** Resolves when every queued delivery (with its retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels retries and in-flight requests (server shutdown). */
  async close(): Promise<void> {
    this.stop.abort();
    await this.idle();
  }

  private async run(webhook: Webhook, delivery: Delivery): Promise<void> {
    const { maxRetries, retryDelayMs, timeoutMs, maxRetryAfterSeconds } = this.options;
    for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
      if (this.stop.signal.aborted) break;
      const started = Date.now();
      const timestamp = new Date(this.store.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const headers: Record<string, string> = {
        ...webhook.custom_headers,
        'Content-Type': webhook.request_format === 'json' ? 'application/json' : 'text/plain',
        'User-Agent': 'Zendesk Webhook',
        'X-Zendesk-Account-Id': '1',
        'X-Zendesk-Webhook-Id': webhook.id,
        'X-Zendesk-Webhook-Invocation-Id': delivery.invocation_id,
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Signature': signWebhook(webhook.signing_secret, timestamp, delivery.body),
      };
      let status: number | null = null;
      let error: string | null = null;
      let retryAfter: number | null = null;
      try {
        const hasBody = webhook.http_method !== 'GET' && webhook.http_method !== 'DELETE';
        const res = await fetch(webhook.endpoint, {
          method: webhook.http_method,
          headers,
          ...(hasBody ? { body: delivery.body } : {}),
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stop.signal]),
        });
        status = res.status;
        const ra = res.headers.get('retry-after');
        if (ra !== null && /^\d+$/.test(ra.trim())) retryAfter = Number(ra.trim());
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        error = e instanceof Error ? (e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : e.message) : String(e);
      }
      delivery.attempts.push({ attempt, at: new Date(started).toISOString(), status, error, ms: Date.now() - started });
      if (status !== null && status >= 200 && status < 300) {
        delivery.outcome = 'delivered';
        return;
      }
      const retryable = status === null || status === 429 || status >= 500;
      if (!retryable || attempt > maxRetries) break;
      if (retryAfter !== null && retryAfter > maxRetryAfterSeconds) break;
      const wait = retryAfter !== null ? retryAfter * 1000 : retryDelayMs * 2 ** (attempt - 1);
      await sleep(wait, this.stop.signal);
    }
    delivery.outcome = 'failed';
  }
}

// Sliding one-minute window across all /api/v2 requests, with Zendesk's rate-limit headers.
import type { MiddlewareHandler } from 'hono';

const WINDOW_MS = 60_000;

export class RateLimiter {
  private hits: number[] = [];
  constructor(private readonly limit: () => number, private readonly now: () => number = Date.now) {}

  reset(): void {
    this.hits = [];
  }

  /** Records a request; returns whether it is allowed plus the header values. */
  take(): { allowed: boolean; limit: number; remaining: number; resetSeconds: number; retryAfter: number } {
    const limit = this.limit();
    const now = this.now();
    while (this.hits.length > 0 && (this.hits[0] ?? 0) <= now - WINDOW_MS) this.hits.shift();
    const oldest = this.hits[0];
    const resetSeconds = oldest === undefined ? 60 : Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    if (limit <= 0) return { allowed: true, limit: 0, remaining: 0, resetSeconds, retryAfter: 0 };
    if (this.hits.length >= limit) {
      return { allowed: false, limit, remaining: 0, resetSeconds, retryAfter: resetSeconds };
    }
    this.hits.push(now);
    return { allowed: true, limit, remaining: limit - this.hits.length, resetSeconds, retryAfter: 0 };
  }
}

export function rateLimitMiddleware(limiter: RateLimiter): MiddlewareHandler {
  return async (c, next) => {
    const r = limiter.take();
    const setHeaders = (): void => {
      if (r.limit <= 0) return; // unlimited: no rate-limit headers
      c.header('X-Rate-Limit', String(r.limit));
      c.header('X-Rate-Limit-Remaining', String(r.remaining));
      c.header('ratelimit-limit', String(r.limit));
      c.header('ratelimit-remaining', String(r.remaining));
      c.header('ratelimit-reset', String(r.resetSeconds));
    };
    if (!r.allowed) {
      setHeaders();
      c.header('Retry-After', String(r.retryAfter));
      return c.json({ error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' }, 429);
    }
    await next();
    setHeaders();
  };
}

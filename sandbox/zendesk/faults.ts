// Injected faults: random or deterministic 500/503s, latency, safe-update conflicts.
import type { MiddlewareHandler } from 'hono';
import type { Faults } from './types.ts';

/** Zendesk's incremental export limit (Incremental Exports API, "Rate limits"). */
export const INCREMENTAL_EXPORT_PER_MINUTE = 10;

export function defaultFaults(rateLimitPerMinute: number): Faults {
  return { errorRate: 0, latencyMs: 0, latencyJitterMs: 0, conflictRate: 0, rateLimitPerMinute, failNext: 0, failStatus: 503, faultPath: null, answerDelayMs: 0, incrementalExportPerMinute: INCREMENTAL_EXPORT_PER_MINUTE };
}

export class FaultState {
  current: Faults;
  constructor(private readonly baseRateLimit: number, private readonly random: () => number = Math.random) {
    this.current = defaultFaults(baseRateLimit);
  }

  reset(): void {
    this.current = defaultFaults(this.baseRateLimit);
  }

  update(patch: Partial<Faults>): Faults {
    this.current = { ...this.current, ...patch };
    return this.current;
  }

  /** True when a safe update should be refused with a simulated conflict. */
  injectConflict(): boolean {
    return this.current.conflictRate > 0 && this.random() < this.current.conflictRate;
  }

  /** The status of an injected server error for this request, or null. */
  /** Whether the path-scoped faults (failNext, answerDelayMs) apply to a request for `path`. */
  private scoped(path: string): boolean {
    return this.current.faultPath === null || path.startsWith(this.current.faultPath);
  }

  /** How long to hold a request's answer after it was handled (ms). */
  answerDelayMs(path: string): number {
    return this.scoped(path) ? this.current.answerDelayMs : 0;
  }

  injectError(path: string): number | null {
    if (this.current.failNext > 0 && this.scoped(path)) {
      this.current.failNext -= 1;
      return this.current.failStatus;
    }
    if (this.current.errorRate > 0 && this.random() < this.current.errorRate) {
      return this.random() < 0.5 ? 500 : 503;
    }
    return null;
  }

  delayMs(): number {
    const { latencyMs, latencyJitterMs } = this.current;
    return Math.max(0, latencyMs + (latencyJitterMs > 0 ? Math.round((this.random() * 2 - 1) * latencyJitterMs) : 0));
  }
}

export function faultMiddleware(faults: FaultState): MiddlewareHandler {
  return async (c, next) => {
    const delay = faults.delayMs();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const status = faults.injectError(new URL(c.req.url).pathname);
    if (status !== null) {
      // Zendesk always tells a client when to come back after a 429 or 503.
      if (status === 503 || status === 429) c.header('Retry-After', '1');
      return c.json(
        status === 429
          ? { error: 'APIRateLimitExceeded', description: 'Simulated rate limit (fault injection)' }
          : status === 503
            ? { error: 'ServiceUnavailable', description: 'Simulated outage (fault injection)' }
            : { error: 'InternalServerError', description: 'Simulated server error (fault injection)' },
        status as 429 | 500 | 503,
      );
    }
    await next();
    // Handled, and its answer held back: what the client later reads is already in the past.
    const held = faults.answerDelayMs(new URL(c.req.url).pathname);
    if (held > 0) await new Promise((r) => setTimeout(r, held));
  };
}

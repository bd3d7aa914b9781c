/**
 * A token bucket: `perMinute` tokens a minute, at most one second's worth (at least 1) banked, so
 * requests come at an even pace rather than a burst followed by a minute of 429s.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  readonly capacity: number;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly perMinute: number, private readonly clock: Clock = realClock) {
    if (!(perMinute > 0) || !Number.isFinite(perMinute)) throw new Error('rate must be a positive number of requests per minute');
    this.capacity = Math.max(1, Math.floor(perMinute / 60));
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  /** Resolves when the caller may make one request (callers are served in order). */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute));
    }
  }
}

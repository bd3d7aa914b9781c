/**
 * The account's Zendesk request budget, shared by every isolate of the worker: one Durable
 * Object (a single named instance) hands out request slots with a generic cell rate algorithm,
 * so the worker stays under its configured requests per minute and normal load never meets a
 * 429. Zendesk's own limit is per account and per minute (Team 200, Growth/Professional 400,
 * Enterprise 700); configure ZENDESK_RATE_LIMIT_PER_MINUTE below it, leaving room for other apps.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';

const NEXT_AT = 'nextAt';
const STORE_EVERY_MS = 1_000;

export interface Reservation {
  /** Whether a slot was taken: false when the next free slot is further away than the caller can wait. */
  granted: boolean;
  /** How long to wait before sending the request (or, when not granted, before asking again). */
  waitMs: number;
}

export class ZendeskBudget extends DurableObject<Env> {
  /**
   * Theoretical arrival time of the next request (GCRA), ms since epoch. Kept in the object's
   * storage too, so an evicted budget starts where it was instead of granting a fresh burst.
   */
  private nextAt: number;
  /**
   * What storage holds. It is written once the place moved a second past it, not per request:
   * a busy budget writes about once a second, and an evicted one resumes at most a second behind.
   */
  private stored: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.nextAt = ctx.storage.kv.get<number>(NEXT_AT) ?? 0;
    this.stored = this.nextAt;
  }

  /**
   * Take the next slot if it comes within `maxWaitMs`. A refused caller takes nothing, so a
   * backlog of callers that cannot wait does not push the budget further and further away.
   */
  reserve(limitPerMinute: number, maxWaitMs = Number.POSITIVE_INFINITY, now = Date.now()): Reservation {
    const interval = 60_000 / limitPerMinute;
    // Allow a burst of a tenth of the minute's budget, then space requests evenly.
    const burstMs = Math.max(0, Math.floor(limitPerMinute / 10) - 1) * interval;
    const start = Math.max(this.nextAt, now);
    const waitMs = Math.max(0, Math.ceil(start - now - burstMs));
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    this.nextAt = start + interval;
    if (this.nextAt - this.stored >= STORE_EVERY_MS) {
      this.ctx.storage.kv.put(NEXT_AT, this.nextAt);
      this.stored = this.nextAt;
    }
    return { granted: true, waitMs };
  }
}

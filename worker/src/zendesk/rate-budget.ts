/**
 * The account's Zendesk request budget, shared by every isolate of the worker: one Durable
 * Object (a single named instance) hands out request slots with a generic cell rate algorithm,
 * so the worker stays under its configured requests per minute and normal load never meets a
 * 429. Zendesk's own limit is per account and per minute (Team 200, Growth/Professional 400,
 * Enterprise 700); configure ZENDESK_RATE_LIMIT_PER_MINUTE below it, leaving room for other apps.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';

export interface Reservation {
  /** How long to wait before sending the request. */
  waitMs: number;
}

export class ZendeskBudget extends DurableObject<Env> {
  /** Theoretical arrival time of the next request (GCRA), ms since epoch. Memory only: a reset costs at most one burst. */
  private nextAt = 0;

  reserve(limitPerMinute: number, now = Date.now()): Reservation {
    const interval = 60_000 / limitPerMinute;
    // Allow a burst of a tenth of the minute's budget, then space requests evenly.
    const burstMs = Math.max(0, Math.floor(limitPerMinute / 10) - 1) * interval;
    const start = Math.max(this.nextAt, now);
    this.nextAt = start + interval;
    return { waitMs: Math.max(0, Math.ceil(start - now - burstMs)) };
  }
}

/**
 * The alert outbox: one Durable Object per Zendesk account (`<account>/alerts`) that keeps every
 * chat alert until it is delivered, outside any ticket's run and outside the Zendesk budget.
 *
 * - `enqueue` stores alerts by their idempotency key (ticket + kind + cycle + destination) and
 *   arms the alarm; the same key again is a duplicate and changes nothing, also after it was
 *   sent (keys are kept for KEEP_DONE_MS).
 * - The alarm sends what is due, paced per destination at the platform's rate (WeCom and
 *   DingTalk 20 a minute), and reads each answer the platform's way: sent; retry later with
 *   backoff (or the platform's Retry-After); or refused for good, dropped with an audit row.
 *   An alert not delivered within GIVE_UP_AFTER_MS (24 h) is dropped with an audit row too.
 * - Before each request the alert is marked `sending` (write-ahead). A run that finds an alert
 *   still marked so was stopped while that request was out: the platform may have shown it,
 *   and none of the five can be asked, so it is not sent again (never twice) and its audit row
 *   says `unconfirmed`.
 *
 * Why one object per account and not the ticket's own alarm: the pacing is per destination
 * across all tickets (20 alerts a minute to one WeCom robot, whichever tickets they are about),
 * a chat platform's outage then retries from one place, and the ticket object only hands over
 * (one call) instead of sharing its SLA alarm with delivery retries.
 */
import { DurableObject } from 'cloudflare:workers';
import type { AlertIntent } from '../../../shared/alerts/alert.ts';
import { buildAlertMessage } from '../../../shared/alerts/message.ts';
import { ADAPTERS, type SendOutcome } from '../../../shared/alerts/platforms/index.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { alertDestinations } from './config.ts';
import { recordDelivery, type DeliveryOutcome } from './deliveries.ts';
import { alertDetails, noDetails } from './details.ts';
import { sendAlert } from './send.ts';

export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
/** Alerts sent per alarm run (each may cost a few subrequests); the rest go in the next run. */
const BATCH = 10;
const MIN_BACKOFF_MS = 15_000;
const MAX_BACKOFF_MS = 30 * 60_000;

type State = 'pending' | 'sending' | 'done';

interface Row {
  key: string;
  intent: string;
  state: State;
  attempts: number;
  first_at: number;
  next_at: number;
  last_error: string | null;
  outcome: DeliveryOutcome | null;
  done_at: number | null;
}

export interface OutboxView {
  pending: number;
  sending: number;
  sent: number;
  dropped: number;
  unconfirmed: number;
  alarmAt: number | null;
  entries: Array<{ key: string; state: State; attempts: number; outcome: DeliveryOutcome | null; lastError: string | null; nextAt: number }>;
}

/** Backoff after `attempts` failures: 15 s, 30 s, 1 min ... up to 30 min, with jitter. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class AlertOutbox extends DurableObject<Env> {
  /** The clock; tests replace it to move time. */
  now: () => number = () => Date.now();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      key TEXT PRIMARY KEY, intent TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      first_at INTEGER NOT NULL, next_at INTEGER NOT NULL, last_error TEXT, outcome TEXT, done_at INTEGER, recorded INTEGER NOT NULL DEFAULT 0)`);
    ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_at)');
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS pace (destination TEXT PRIMARY KEY, next_at INTEGER NOT NULL)');
  }

  /** Store alerts to send (idempotent by key); returns how many were new. */
  async enqueue(intents: readonly AlertIntent[]): Promise<{ queued: number; duplicate: number }> {
    const now = this.now();
    let queued = 0;
    for (const intent of intents) {
      const cursor = this.ctx.storage.sql.exec('INSERT OR IGNORE INTO outbox (key, intent, state, first_at, next_at) VALUES (?, ?, ?, ?, ?)', intent.key, JSON.stringify(intent), 'pending', now, now);
      queued += cursor.rowsWritten > 0 ? 1 : 0;
    }
    if (queued > 0) await this.armAt(now);
    return { queued, duplicate: intents.length - queued };
  }

  async view(): Promise<OutboxView> {
    const rows = this.rows('SELECT * FROM outbox ORDER BY first_at, key');
    const count = (test: (r: Row) => boolean) => rows.filter(test).length;
    return {
      pending: count((r) => r.state === 'pending'),
      sending: count((r) => r.state === 'sending'),
      sent: count((r) => r.outcome === 'sent'),
      dropped: count((r) => r.outcome === 'dropped'),
      unconfirmed: count((r) => r.outcome === 'unconfirmed'),
      alarmAt: await this.ctx.storage.getAlarm(),
      entries: rows.map((r) => ({ key: r.key, state: r.state, attempts: r.attempts, outcome: r.outcome, lastError: r.last_error, nextAt: r.next_at })),
    };
  }

  /** Runs one after another, like the ticket's clock: a second alarm waits for the first. */
  private running: Promise<void> = Promise.resolve();

  override alarm(): Promise<void> {
    const run = this.running.then(() => this.runAlarm());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async runAlarm(): Promise<void> {
    const now = this.now();
    try {
      await this.settleInterrupted(now);
      for (const row of this.rows("SELECT * FROM outbox WHERE state = 'done' AND recorded = 0")) await this.record(row);
      const due = this.rows("SELECT * FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, key LIMIT ?", now, BATCH);
      for (const row of due) await this.deliver(row, this.now());
      this.ctx.storage.sql.exec("DELETE FROM outbox WHERE state = 'done' AND done_at < ?", now - KEEP_DONE_MS);
    } catch (error) {
      // Never let the runtime retry blindly: what is stored decides the next run.
      log.error('alert outbox run failed', { error: error instanceof Error ? error.message : String(error) });
    }
    const next = this.rows("SELECT * FROM outbox WHERE state = 'pending' ORDER BY next_at LIMIT 1")[0];
    if (next) await this.ctx.storage.setAlarm(Math.max(next.next_at, this.now()));
  }

  /** Alerts a stopped run left marked `sending`: the request was out; record, never resend. */
  private async settleInterrupted(now: number): Promise<void> {
    for (const row of this.rows("SELECT * FROM outbox WHERE state = 'sending'")) {
      log.warn('alert outcome unknown: the worker stopped while sending; not sent again', { alert: row.key });
      await this.finish(row, 'unconfirmed', 'the worker stopped while the request was out', now);
    }
  }

  private async deliver(row: Row, now: number): Promise<void> {
    const intent = JSON.parse(row.intent) as AlertIntent;
    if (now - row.first_at > GIVE_UP_AFTER_MS) {
      log.error('alert dropped: not delivered within the bounded time', { alert: row.key, attempts: row.attempts, error: row.last_error });
      await this.finish(row, 'dropped', `not delivered within ${GIVE_UP_AFTER_MS / 3_600_000} h: ${row.last_error ?? 'no attempt'}`, now);
      return;
    }
    const config = alertDestinations(this.env);
    const destination = config.ok ? config.destinations.get(intent.destination) : undefined;
    if (!destination) {
      // Settings and secret are set apart: keep the alert until the destination exists (bounded).
      const why = config.ok ? `destination "${intent.destination}" is not in ALERT_DESTINATIONS` : 'ALERT_DESTINATIONS is invalid';
      this.retryLater(row, why, MAX_BACKOFF_MS / 6, now);
      return;
    }
    const slot = this.rows<{ next_at: number }>('SELECT next_at FROM pace WHERE destination = ?', intent.destination)[0]?.next_at ?? 0;
    if (slot > now) {
      this.ctx.storage.sql.exec('UPDATE outbox SET next_at = ? WHERE key = ?', slot, row.key);
      return;
    }
    const message = buildAlertMessage(intent, await alertDetails(this.env, intent).catch(() => noDetails(this.env, intent)));
    const attempts = row.attempts + 1;
    // Write-ahead: stored before the request leaves (the runtime holds the fetch until it is).
    this.ctx.storage.sql.exec("UPDATE outbox SET state = 'sending', attempts = ? WHERE key = ?", attempts, row.key);
    const sentAt = this.now();
    const outcome: SendOutcome = await sendAlert(destination, message, sentAt);
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO pace (destination, next_at) VALUES (?, ?)', intent.destination, sentAt + Math.ceil(60_000 / ADAPTERS[destination.platform].perMinute));
    const updated = { ...row, attempts };
    if (outcome.result === 'sent') {
      await this.finish(updated, 'sent', null, this.now());
      log.info('alert sent', { alert: row.key, platform: destination.platform, attempts });
    } else if (outcome.result === 'refused') {
      log.error('alert refused by the platform; dropped', { alert: row.key, platform: destination.platform, reason: outcome.reason });
      await this.finish(updated, 'dropped', outcome.reason, this.now());
    } else {
      const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts));
      log.warn('alert not delivered; will retry', { alert: row.key, platform: destination.platform, reason: outcome.reason, retryInMs: wait });
      this.retryLater(updated, outcome.reason, wait, this.now());
      if (outcome.retryAfterMs !== null) this.ctx.storage.sql.exec('INSERT OR REPLACE INTO pace (destination, next_at) VALUES (?, ?)', intent.destination, this.now() + outcome.retryAfterMs);
    }
  }

  private retryLater(row: Row, reason: string, waitMs: number, now: number): void {
    this.ctx.storage.sql.exec("UPDATE outbox SET state = 'pending', attempts = ?, next_at = ?, last_error = ? WHERE key = ?", row.attempts, now + waitMs, reason.slice(0, 300), row.key);
  }

  /** The outcome is stored here first, then its audit row; a row not yet in D1 is written by the next run (idempotent). */
  private async finish(row: Row, outcome: DeliveryOutcome, detail: string | null, now: number): Promise<void> {
    this.ctx.storage.sql.exec("UPDATE outbox SET state = 'done', outcome = ?, last_error = ?, done_at = ?, attempts = ?, recorded = 0 WHERE key = ?", outcome, detail?.slice(0, 300) ?? null, now, row.attempts, row.key);
    await this.record({ ...row, outcome, last_error: detail, done_at: now });
  }

  private async record(row: Row): Promise<void> {
    const intent = JSON.parse(row.intent) as AlertIntent;
    await recordDelivery(this.env.DB, accountKey(this.env), intent, row.outcome!, row.attempts, row.last_error?.slice(0, 300) ?? null, row.done_at ?? this.now());
    this.ctx.storage.sql.exec('UPDATE outbox SET recorded = 1 WHERE key = ?', row.key);
  }

  private async armAt(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private rows<T = Row>(query: string, ...bindings: unknown[]): T[] {
    return this.ctx.storage.sql.exec(query, ...bindings).toArray() as unknown as T[];
  }
}

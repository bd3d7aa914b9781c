/**
 * The dashboard's cron (its own schedule, apart from reconciliation): pulls Zendesk's CSAT
 * ratings incrementally from a stored cursor, and purges service facts past their retention.
 *
 * CSAT: the legacy Satisfaction Ratings API (`GET /api/v2/satisfaction_ratings`, admins only,
 * `start_time` in epoch seconds on the rating's creation, cursor pagination). A rating is created
 * when the survey is offered and answered later, so each sweep starts a week before the newest
 * rating seen: a survey answered within a week of being offered is picked up. Zendesk's newer
 * CSAT (survey responses) reaches apps as webhook events, not through this list: see README.
 * A rating newly bad is handed to care (worker/src/care/bad-ratings.ts) before it is recorded.
 *
 * Bounded: at most `pages` Zendesk requests a run, each through the account's request budget,
 * and a handful of D1 statements.
 */
import type { Env } from '../env.ts';
export { SERVICE_DATA_CRON } from './service-cron.ts';
import { log } from '../log.ts';
import { loadSettings } from '../zendesk/account.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { DAY_MS } from '../../../shared/report-period.ts';
import { weekOfDay } from '../../../shared/service-rollup.ts';
import { handOverBadRatings, type PulledRating } from '../care/bad-ratings.ts';

export const CSAT_LOOKBACK_MS = 7 * DAY_MS;
/** Zendesk requests a sweep may spend on ratings (100 a page): with the budget calls and D1, well inside 50 subrequests. */
export const CSAT_PAGES_PER_SWEEP = 10;

interface CsatCursor {
  /** start_time of the current sweep (epoch seconds). */
  startTime: number;
  /** page[after] within the sweep; null at its start. */
  after: string | null;
  /** Newest rating creation seen (ms). */
  newest: number;
}

interface Rating extends PulledRating {
  reason_code?: number | null;
  created_at: string;
}

interface RatingsPage {
  satisfaction_ratings: Rating[];
  meta?: { has_more?: boolean; after_cursor?: string | null };
}

const KEPT_SCORES = new Set(['offered', 'good', 'bad']);

const UPSERT = `INSERT INTO satisfaction (account, ticket_id, rating_id, score, reason_code, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (account, ticket_id) DO UPDATE SET rating_id = excluded.rating_id, score = excluded.score, reason_code = excluded.reason_code,
  updated_at_ms = excluded.updated_at_ms WHERE excluded.updated_at_ms >= satisfaction.updated_at_ms`;

/**
 * One sweep: up to `pages` pages from where the last one stopped. The very first sweep starts at
 * `firstFrom` (ms; the retention window: older ratings would be purged anyway).
 */
export async function syncSatisfaction(env: Env, firstFrom: number, now = Date.now(), pages = CSAT_PAGES_PER_SWEEP): Promise<{ ratings: number; done: boolean }> {
  const db = env.DB;
  const account = accountKey(env);
  const client = zendeskClient(env);
  const stored = await db.prepare("SELECT value FROM sync_cursor WHERE account = ? AND name = 'csat'").bind(account).first<{ value: string }>();
  let cursor: CsatCursor = stored ? (JSON.parse(stored.value) as CsatCursor) : { startTime: Math.floor(firstFrom / 1000), after: null, newest: 0 };
  let ratings = 0;
  let done = false;
  for (let page = 0; page < pages && !done; page++) {
    const params = new URLSearchParams({ start_time: String(cursor.startTime), 'page[size]': '100', ...(cursor.after ? { 'page[after]': cursor.after } : {}) });
    const body = await client.request<RatingsPage>('GET', `/api/v2/satisfaction_ratings.json?${params}`);
    const kept = body.satisfaction_ratings.filter((r) => KEPT_SCORES.has(r.score) && Number.isSafeInteger(r.ticket_id));
    if (kept.length > 0) {
      // A newly bad rating: its alert and return call are handed over before it is recorded.
      if (kept.some((r) => r.score === 'bad')) await handOverBadRatings(env, account, kept, (await loadSettings(client, env)).settings);
      await db.batch(kept.map((r) => db.prepare(UPSERT).bind(account, r.ticket_id, r.id, r.score, r.score === 'bad' ? (r.reason_code ?? null) : null, Date.parse(r.updated_at) || now)));
    }
    ratings += kept.length;
    const newest = Math.max(cursor.newest, ...body.satisfaction_ratings.map((r) => Date.parse(r.created_at) || 0));
    const after = body.meta?.after_cursor ?? null;
    done = body.meta?.has_more !== true || after === null;
    cursor = done
      ? { startTime: Math.max(cursor.startTime, Math.floor((newest - CSAT_LOOKBACK_MS) / 1000)), after: null, newest }
      : { ...cursor, after, newest };
  }
  await db.prepare("INSERT INTO sync_cursor (account, name, value) VALUES (?, 'csat', ?) ON CONFLICT (account, name) DO UPDATE SET value = excluded.value").bind(account, JSON.stringify(cursor)).run();
  return { ratings, done };
}

/** Rows deleted per table a run: a long backlog of expired facts goes over several runs, each short. */
export const PURGE_BATCH = 5_000;

/**
 * Deletes the facts of tickets created before the retention window, their CSAT, ratings not
 * updated since, and customers with no ticket since.
 */
export async function purgeServiceFacts(env: Env, retentionDays: number, now = Date.now()): Promise<void> {
  const db = env.DB;
  const account = accountKey(env);
  const before = now - retentionDays * DAY_MS;
  await db.batch([
    db.prepare(`DELETE FROM satisfaction WHERE rowid IN (SELECT s.rowid FROM satisfaction s WHERE s.account = ?1 AND (s.updated_at_ms < ?2
      OR s.ticket_id IN (SELECT ticket_id FROM service_facts WHERE account = ?1 AND created_at_ms < ?2 LIMIT ?3)) LIMIT ?3)`).bind(account, before, PURGE_BATCH),
    db.prepare('DELETE FROM service_facts WHERE rowid IN (SELECT rowid FROM service_facts WHERE account = ?1 AND created_at_ms < ?2 LIMIT ?3)').bind(account, before, PURGE_BATCH),
    db.prepare('DELETE FROM customer_facts WHERE rowid IN (SELECT rowid FROM customer_facts WHERE account = ?1 AND last_ticket_at_ms < ?2 LIMIT ?3)').bind(account, before, PURGE_BATCH),
    // The deletes above took their facts out of the daily and weekly rollups (triggers, migrations/0008 and 0017); days and weeks left with no ticket go.
    db.prepare('DELETE FROM service_rollup WHERE account = ?1 AND day <= ?2 AND tickets = 0').bind(account, Math.floor(before / DAY_MS)),
    db.prepare('DELETE FROM service_rollup_week WHERE account = ?1 AND week <= ?2 AND tickets = 0').bind(account, weekOfDay(Math.floor(before / DAY_MS))),
  ]);
}

export async function serviceDataSweep(env: Env, now = Date.now()): Promise<void> {
  try {
    const { settings } = await loadSettings(zendeskClient(env), env);
    await purgeServiceFacts(env, settings.facts_retention_days, now);
    const { ratings, done } = await syncSatisfaction(env, now - settings.facts_retention_days * DAY_MS, now);
    log.info('service data sweep', { ratings, caughtUp: done });
  } catch (error) {
    log.error('service data sweep failed; the next one continues from the stored cursor', { error: error instanceof Error ? error.message : String(error) });
  }
}

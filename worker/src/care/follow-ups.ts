/**
 * Follow-ups done (docs/rules.md#care-cadence): a solved care task is recorded in D1
 * `follow_ups` (ids, method, confirmation, scores; migrations/0015) and counts as an interaction
 * with its customer, so the next follow-up of the cadence moves. Idempotent: one row per task.
 */
import { readFollowUp, type LatestFollowUp } from '../../../shared/care/follow-up.ts';
import { isoDay, readDate } from '../../../shared/care/dates.ts';
import type { WatchedTask } from '../../../shared/care/watch.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { Env } from '../env.ts';
import { customerObject } from '../objects.ts';
import { accountKey } from '../zendesk/account-key.ts';

const INSERT = `INSERT OR IGNORE INTO follow_ups (account, ticket_id, task_key, customer_kind, customer_id, tier, done_at_ms, method, confirmed,
  timeliness, resolution, communication, added_value, satisfaction, next_date_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** What the record holds beyond its tags: the next follow-up date, from the field `follow_up_next_date_field_id` names. */
export function nextDateOf(customFields: ReadonlyArray<{ id: number; value: unknown }>, settings: Pick<Settings, 'follow_up_next_date_field_id'>): number | null {
  const id = settings.follow_up_next_date_field_id;
  return id === null ? null : readDate(customFields.find((f) => f.id === id)?.value ?? null);
}

export async function recordFollowUp(env: Env, task: WatchedTask, doneAt: number, tags: readonly string[], nextDate: number | null, settings: Settings): Promise<void> {
  const record = readFollowUp(tags, settings);
  const s = record.scores;
  await env.DB.prepare(INSERT).bind(accountKey(env), task.ticketId, task.key, task.customer.kind, task.customer.id, task.tier, doneAt, record.method, record.confirmed ? 1 : 0,
    s.timeliness ?? null, s.resolution ?? null, s.communication ?? null, s.added_value ?? null, s.satisfaction ?? null, nextDate).run();
  await customerObject(env, task.customer.kind, task.customer.id).recordInteraction(task.customer, isoDay(doneAt));
}

/** Each customer's latest follow-up (`organization:12` -> when, next date), for the planner. */
export async function lastFollowUps(env: Env): Promise<Map<string, LatestFollowUp>> {
  const { results } = await env.DB.prepare(`SELECT customer_kind, customer_id, done_at_ms, next_date_ms FROM follow_ups f WHERE account = ?1
    AND done_at_ms = (SELECT MAX(done_at_ms) FROM follow_ups g WHERE g.account = ?1 AND g.customer_kind = f.customer_kind AND g.customer_id = f.customer_id)`)
    .bind(accountKey(env)).all<{ customer_kind: string; customer_id: number; done_at_ms: number; next_date_ms: number | null }>();
  return new Map(results.map((r) => [`${r.customer_kind}:${r.customer_id}`, { doneAt: r.done_at_ms, nextDate: r.next_date_ms }]));
}

/**
 * Follow-ups done (docs/rules.md#care-cadence): a solved care task is recorded in D1
 * `follow_ups` (ids, method, confirmation, scores; migrations/0015) and counts as an interaction
 * with its customer, so the next follow-up of the cadence moves. Idempotent: one row per task.
 */
import { readFollowUp } from '../../../shared/care/follow-up.ts';
import { isoDay } from '../../../shared/care/dates.ts';
import type { WatchedTask } from '../../../shared/care/watch.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { Env } from '../env.ts';
import { customerObject } from '../objects.ts';
import { accountKey } from '../zendesk/account-key.ts';

const INSERT = `INSERT OR IGNORE INTO follow_ups (account, ticket_id, task_key, customer_kind, customer_id, tier, done_at_ms, method, confirmed,
  timeliness, resolution, communication, added_value, satisfaction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export async function recordFollowUp(env: Env, task: WatchedTask, doneAt: number, tags: readonly string[], settings: Settings): Promise<void> {
  const record = readFollowUp(tags, settings);
  const s = record.scores;
  await env.DB.prepare(INSERT).bind(accountKey(env), task.ticketId, task.key, task.customer.kind, task.customer.id, task.tier, doneAt, record.method, record.confirmed ? 1 : 0,
    s.timeliness ?? null, s.resolution ?? null, s.communication ?? null, s.added_value ?? null, s.satisfaction ?? null).run();
  await customerObject(env, task.customer.kind, task.customer.id).recordInteraction(task.customer, isoDay(doneAt));
}

/** The latest follow-up day per customer (`organization:12` -> UTC ms), for the planner. */
export async function lastFollowUps(env: Env): Promise<Map<string, number>> {
  const { results } = await env.DB.prepare('SELECT customer_kind, customer_id, MAX(done_at_ms) AS done FROM follow_ups WHERE account = ? GROUP BY customer_kind, customer_id')
    .bind(accountKey(env)).all<{ customer_kind: string; customer_id: number; done: number }>();
  return new Map(results.map((r) => [`${r.customer_kind}:${r.customer_id}`, r.done]));
}

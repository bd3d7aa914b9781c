/**
 * The watch over care tasks (shared/care/watch.ts): one show_many read of up to 100 of them (the
 * alarm: those past due; the daily run: all). A solved one is recorded as a follow-up done; one
 * still open past its due time gets a `follow_up_overdue` alert handed to the account's outbox,
 * keyed by the task ticket and its due time, so a repeated check never alerts twice. The caller
 * stores the outcome: the tickets settled (recorded or gone) leave the watch, the alerted stay
 * in it marked so, until they are solved.
 */
import { eventAlerts } from '../../../shared/alerts/alert.ts';
import { watchVerdict, type WatchedTask } from '../../../shared/care/watch.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { alertOutbox } from '../objects.ts';
import { loadSettings } from '../zendesk/account.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { nextDateOf, recordFollowUp } from './follow-ups.ts';

/** show_many takes up to 100 ids: one request a check. */
export const WATCH_BATCH = 100;

interface ShownTicket {
  id: number;
  status: string;
  group_id: number | null;
  assignee_id: number | null;
  tags: string[];
  updated_at: string;
  custom_fields?: Array<{ id: number; value: unknown }>;
}

export interface WatchCheck {
  settled: Set<number>;
  alerted: Set<number>;
}

/** What this check of `batch` (at most WATCH_BATCH) found. */
export async function checkWatchedTasks(env: Env, batch: readonly WatchedTask[], now: number): Promise<WatchCheck> {
  const due = batch.slice(0, WATCH_BATCH);
  const settled = new Set<number>();
  const alerted = new Set<number>();
  if (due.length === 0) return { settled, alerted };
  const client = zendeskClient(env);
  const { settings } = await loadSettings(client, env);
  const { tickets } = await client.request<{ tickets: ShownTicket[] }>('GET', `/api/v2/tickets/show_many.json?ids=${due.map((t) => t.ticketId).join(',')}`);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const alerts = [];
  for (const task of due) {
    const ticket = byId.get(task.ticketId);
    const verdict = watchVerdict(task, ticket ? { status: ticket.status, groupId: ticket.group_id, assigneeId: ticket.assignee_id, tags: ticket.tags, updatedAt: Date.parse(ticket.updated_at) || now, customFields: ticket.custom_fields ?? [] } : null, now);
    if (verdict.kind === 'wait') continue;
    (verdict.kind === 'overdue' ? alerted : settled).add(task.ticketId);
    if (verdict.kind === 'solved') await recordFollowUp(env, task, verdict.at, verdict.tags, nextDateOf(verdict.customFields, settings), settings);
    if (verdict.kind === 'overdue') {
      log.info('care task overdue', { key: task.key, ticket: task.ticketId, lateMs: verdict.lateMs });
      alerts.push(...eventAlerts({ kind: 'follow_up_overdue', ticketId: task.ticketId, id: task.dueAt, tier: task.tier, scene: null, at: now, lateMs: verdict.lateMs, groupId: verdict.groupId, assigneeId: verdict.assigneeId }, settings));
    }
  }
  // Handed over before the watch forgets the tasks: a crash in between checks (and hands over) again.
  if (alerts.length > 0) await alertOutbox(env).enqueue(alerts);
  return { settled, alerted };
}

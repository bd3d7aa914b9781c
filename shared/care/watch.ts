/**
 * Care tasks the run watches until they are done (docs/rules.md#care-cadence): a task still open
 * after its due time is a follow-up gone overdue, alerted once and still watched (its follow-up
 * counts when it is done, however late); a solved one is a follow-up done, recorded; a deleted
 * one just leaves the watch. Pure: the care run object reads the tickets and acts on the verdicts.
 */
import type { Tier } from '../domain.ts';
import type { CustomerRef } from './plan.ts';

export interface WatchedTask {
  ticketId: number;
  key: string;
  dueAt: number;
  tier: Tier | null;
  customer: CustomerRef;
  /** Its overdue alert was handed over: not alerted again, watched until solved. */
  alerted?: boolean;
}

/** What the watch reads of a task's ticket now; null when the ticket is gone (deleted). */
export interface TaskTicketNow {
  status: string;
  groupId: number | null;
  assigneeId: number | null;
  tags: string[];
  updatedAt: number;
  customFields: Array<{ id: number; value: unknown }>;
}

export type WatchVerdict =
  | { kind: 'wait' }
  | { kind: 'gone' }
  | { kind: 'solved'; at: number; tags: string[]; customFields: Array<{ id: number; value: unknown }> }
  | { kind: 'overdue'; lateMs: number; groupId: number | null; assigneeId: number | null };

const DONE = new Set(['solved', 'closed']);

export function isTaskDone(status: string): boolean {
  return DONE.has(status);
}

export function watchVerdict(task: WatchedTask, ticket: TaskTicketNow | null, now: number): WatchVerdict {
  if (ticket === null || ticket.status === 'deleted') return { kind: 'gone' };
  if (isTaskDone(ticket.status)) return { kind: 'solved', at: ticket.updatedAt, tags: ticket.tags, customFields: ticket.customFields };
  if (now <= task.dueAt || task.alerted) return { kind: 'wait' };
  return { kind: 'overdue', lateMs: now - task.dueAt, groupId: ticket.groupId, assigneeId: ticket.assigneeId };
}

/** The watched tasks to read now: those past due and not yet alerted (at most `limit`, oldest first). */
export function dueForCheck(tasks: readonly WatchedTask[], now: number, limit: number): WatchedTask[] {
  return tasks.filter((t) => t.dueAt < now && !t.alerted).sort((a, b) => a.dueAt - b.dueAt).slice(0, limit);
}

/** When the watch next has something to read: the earliest due time of a task not yet alerted, or null. */
export function nextCheckAt(tasks: readonly WatchedTask[]): number | null {
  const waiting = tasks.filter((t) => !t.alerted);
  return waiting.length === 0 ? null : Math.min(...waiting.map((t) => t.dueAt)) + 1000;
}

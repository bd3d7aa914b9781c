import { describe, expect, it } from 'vitest';
import { dueForCheck, nextCheckAt, watchVerdict, type WatchedTask } from './watch.ts';

const DUE = Date.UTC(2026, 10, 29, 23, 59, 59);
const task = (over: Partial<WatchedTask> = {}): WatchedTask => ({ ticketId: 5, key: 'tierwise-care:o12:csat:9', dueAt: DUE, tier: 'core', customer: { kind: 'organization', id: 12 }, ...over });
const open = { status: 'open', groupId: 3, assigneeId: 501, tags: ['tierwise_care'], updatedAt: DUE - 5000, customFields: [] };

describe('watching care tasks until they are done', () => {
  it('an open task is overdue only after its due second, and says how late and who holds it', () => {
    expect(watchVerdict(task(), open, DUE)).toEqual({ kind: 'wait' });
    expect(watchVerdict(task(), open, DUE + 1000)).toEqual({ kind: 'overdue', lateMs: 1000, groupId: 3, assigneeId: 501 });
    expect(watchVerdict(task(), { ...open, status: 'pending' }, DUE + 1000).kind).toBe('overdue');
  });

  it('a solved or closed task is a follow-up done, also when solved late; a deleted one is gone; neither is alerted', () => {
    for (const status of ['solved', 'closed']) expect(watchVerdict(task(), { ...open, status }, DUE + 86_400_000)).toEqual({ kind: 'solved', at: DUE - 5000, tags: ['tierwise_care'], customFields: [] });
    expect(watchVerdict(task(), { ...open, status: 'solved' }, DUE - 60_000).kind).toBe('solved');
    expect(watchVerdict(task(), null, DUE + 1000)).toEqual({ kind: 'gone' });
    expect(watchVerdict(task(), { ...open, status: 'deleted' }, DUE + 1000)).toEqual({ kind: 'gone' });
  });

  it('an overdue task alerted once stays watched: no second alert, and its follow-up still counts when solved', () => {
    const alerted = task({ alerted: true });
    expect(watchVerdict(alerted, open, DUE + 86_400_000)).toEqual({ kind: 'wait' });
    expect(watchVerdict(alerted, { ...open, status: 'solved' }, DUE + 86_400_000).kind).toBe('solved');
    expect(dueForCheck([alerted], DUE + 1000, 10)).toEqual([]);
    expect(nextCheckAt([alerted])).toBeNull();
  });

  it('reads only the tasks past due, oldest first and bounded, and wakes just after the next due time', () => {
    const tasks = [task({ ticketId: 1, dueAt: DUE + 5000 }), task({ ticketId: 2, dueAt: DUE - 5000 }), task({ ticketId: 3, dueAt: DUE - 9000 })];
    expect(dueForCheck(tasks, DUE, 10).map((t) => t.ticketId)).toEqual([3, 2]);
    expect(dueForCheck(tasks, DUE, 1).map((t) => t.ticketId)).toEqual([3]);
    expect(nextCheckAt(tasks)).toBe(DUE - 8000);
    expect(nextCheckAt([])).toBeNull();
  });
});

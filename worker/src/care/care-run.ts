/**
 * The daily care run, one Durable Object per account (docs/rules.md#care-cadence). Everything
 * the run does goes through `drive()`, which this object runs one at a time, so two triggers (the
 * cron and `npm run care:run`) never work side by side. Progress is stored after every page and
 * every task: a spent request budget or a crash resumes from the alarm where it stopped, and a
 * task whose ticket was created just before a crash is found by its external_id, not created again.
 */
import { DurableObject } from 'cloudflare:workers';
import { isoDay } from '../../../shared/care/dates.ts';
import { withFollowUp } from '../../../shared/care/follow-up.ts';
import { churnTag, planCare, returnCallTask, type CareTask, type CsatRating } from '../../../shared/care/plan.ts';
import { dueForCheck, isTaskDone, nextCheckAt, type WatchedTask } from '../../../shared/care/watch.ts';
import type { CareRunReport, TaskOutcome } from '../../../shared/care/report.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { loadSettings, resolveGroup } from '../zendesk/account.ts';
import { retryDelayMs, ZendeskError, type ZendeskClient } from '../zendesk/client.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { exportPage, readCustomer, toCareCustomer, type CustomerRecord, type ExportType } from './customers.ts';
import { followUpFormId } from './follow-up-form.ts';
import { checkWatchedTasks, WATCH_BATCH, type WatchCheck } from './follow-up-watch.ts';
import { lastFollowUps, nextDateOf, recordFollowUp } from './follow-ups.ts';
import { taskTicket } from './task-ticket.ts';

type Settings = Awaited<ReturnType<typeof loadSettings>>['settings'];

/** A bad rating the CSAT pull handed over: a return call for the rated ticket's requester. */
export interface ReturnCall {
  rating: CsatRating;
  requesterId: number;
}

interface FoundTask {
  id: number;
  status: string;
  updated_at: string;
  tags?: string[];
  custom_fields?: Array<{ id: number; value: unknown }>;
}

type CreateOutcome = { outcome: 'created'; ticketId: number } | { outcome: Exclude<TaskOutcome, 'created'>; ticket?: { id: number; status: string } };

interface TagChange {
  kind: ExportType;
  id: number;
  tags: string[];
}

interface RunState {
  date: string;
  phase: 'follow_ups' | ExportType | 'plan' | 'tasks' | 'tags' | 'done';
  /** The watched task tickets this run still reads for follow-ups done (phase follow_ups). */
  toCheck?: number[];
  after: string | null;
  records: CustomerRecord[];
  tasks: CareTask[];
  /** The requester of an organization's tasks: its first end user. */
  contacts: Record<string, number>;
  tagChanges: TagChange[];
  next: number;
  failures: number;
  report: CareRunReport;
}

/**
 * Tasks per alarm invocation: at most three requests each (look up, group, create) plus the budget
 * object's and one cached read of the follow-up form, so an invocation stays inside the Workers
 * free plan's 50 subrequests.
 */
const ALARM_TASKS = 10;
/** Return calls per alarm invocation: four requests each (the customer, look up, group, create). */
const ALARM_RETURN_CALLS = 5;

const newRun = (date: string): RunState => ({
  date, phase: 'follow_ups', after: null, records: [], tasks: [], contacts: {}, tagChanges: [], next: 0, failures: 0,
  report: { date, finished: false, customers: 0, created: [], skipped: [], churnTagged: 0 },
});

export class CareRun extends DurableObject<Env> {
  private active: Promise<CareRunReport> | null = null;

  /** The cron's daily trigger: starts today's run unless it already ran or runs. */
  async runIfDue(now: number): Promise<'started' | 'already'> {
    const today = isoDay(now);
    const state = await this.state();
    if (state?.date === today || (state && state.phase !== 'done')) return 'already';
    await this.save(newRun(today));
    await this.ctx.storage.setAlarm(Date.now());
    return 'started';
  }

  /** `npm run care:run`: today's pass now (resuming one under way), answered when it stops. */
  async runNow(now: number): Promise<CareRunReport> {
    if (this.active) await this.active;
    const state = await this.state();
    if (!state || state.phase === 'done') await this.save(newRun(isoDay(now)));
    return this.drive(now);
  }

  async lastReport(): Promise<CareRunReport | null> {
    return (await this.state())?.report ?? null;
  }

  /**
   * The CSAT pull's bad ratings: stored here first (the pull hands them over before it records
   * the rating), then each return call is created from the alarm, found by its key if it exists.
   */
  async returnCalls(calls: readonly ReturnCall[]): Promise<number> {
    const pending = await this.pendingCalls();
    const known = new Set(pending.map((c) => c.rating.id));
    const fresh = calls.filter((c) => !known.has(c.rating.id) && (known.add(c.rating.id), true));
    if (fresh.length === 0) return 0;
    await this.ctx.storage.put('returnCalls', [...pending, ...fresh]);
    await this.armAt(Date.now());
    return fresh.length;
  }

  async watched(): Promise<WatchedTask[]> {
    return (await this.ctx.storage.get<WatchedTask[]>('watch')) ?? [];
  }

  /**
   * One kind of work per invocation, each within the free plan's 50 subrequests: return calls
   * first (due within 24 hours), then the watch over tasks past due, then the daily run.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    if (await this.placeReturnCalls(now)) return;
    if (await this.checkWatch(now)) return;
    const state = await this.state();
    if (state && state.phase !== 'done') await this.drive(now, ALARM_TASKS);
    const next = nextCheckAt(await this.watched());
    if (next !== null) await this.armAt(next);
  }

  /** True when it read tasks past due and more are left (the alarm is armed), or it must retry. */
  private async checkWatch(now: number): Promise<boolean> {
    try {
      const check = await checkWatchedTasks(this.env, dueForCheck(await this.watched(), now, WATCH_BATCH), now);
      if (check.settled.size + check.alerted.size === 0) return false;
      if (dueForCheck(await this.forget(check), now, 1).length === 0) return false;
      await this.armAt(Date.now());
    } catch (error) {
      const retryIn = retryDelayMs(error, 1);
      log.warn('care task watch paused; will resume', { retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
    }
    return true;
  }

  /** True when it did work (and armed the alarm for the rest or for a retry). */
  private async placeReturnCalls(now: number): Promise<boolean> {
    const pending = await this.pendingCalls();
    if (pending.length === 0) return false;
    const client = zendeskClient(this.env);
    try {
      const { settings } = await loadSettings(client, this.env);
      for (const call of pending.slice(0, ALARM_RETURN_CALLS)) {
        const record = await readCustomer(client, call.rating.customer);
        const task = returnCallTask(call.rating, record ? toCareCustomer(record, settings, churnTag(settings)) : undefined, settings);
        if (task) {
          const outcome = await this.createOnce(client, task, call.requesterId, settings);
          log.info('return call for a bad rating', { key: task.key, outcome: outcome.outcome });
        }
        await this.ctx.storage.put('returnCalls', (await this.pendingCalls()).filter((c) => c.rating.id !== call.rating.id));
      }
      await this.armAt(now);
    } catch (error) {
      const retryIn = retryDelayMs(error, 1);
      log.warn('return calls paused; will resume', { retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
    }
    return true;
  }

  private async pendingCalls(): Promise<ReturnCall[]> {
    return (await this.ctx.storage.get<ReturnCall[]>('returnCalls')) ?? [];
  }

  /**
   * Stop watching settled tasks and mark the alerted ones; read again, so a task created while a
   * check ran stays watched.
   */
  private async forget(check: WatchCheck): Promise<WatchedTask[]> {
    const remaining = (await this.watched())
      .filter((w) => !check.settled.has(w.ticketId))
      .map((w) => (check.alerted.has(w.ticketId) ? { ...w, alerted: true } : w));
    if (check.settled.size + check.alerted.size > 0) await this.ctx.storage.put('watch', remaining);
    return remaining;
  }

  /** Watch a task ticket until it is solved: past its due time it is alerted as overdue, once. */
  private async watch(task: CareTask, ticketId: number): Promise<void> {
    const watch = await this.watched();
    if (watch.some((w) => w.ticketId === ticketId)) return;
    await this.ctx.storage.put('watch', [...watch, { ticketId, key: task.key, dueAt: task.dueAt, tier: task.tier, customer: task.customer }]);
  }

  /** Arm the alarm for `at` unless it is armed sooner. */
  private async armAt(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private drive(now: number, maxTasks = Number.POSITIVE_INFINITY): Promise<CareRunReport> {
    this.active ??= this.work(now, maxTasks).finally(() => { this.active = null; });
    return this.active;
  }

  private async work(now: number, maxTasks: number): Promise<CareRunReport> {
    const state = await this.state();
    if (!state) throw new Error('no care run to drive');
    const client = zendeskClient(this.env);
    try {
      const { settings } = await loadSettings(client, this.env);
      // First the follow-ups done since the last run: they move the customers' next follow-up.
      if (state.phase === 'follow_ups') {
        state.toCheck ??= (await this.watched()).map((w) => w.ticketId);
        while (state.toCheck.length > 0) {
          const ids = new Set(state.toCheck.slice(0, WATCH_BATCH));
          await this.forget(await checkWatchedTasks(this.env, (await this.watched()).filter((w) => ids.has(w.ticketId)), now));
          state.toCheck = state.toCheck.slice(WATCH_BATCH);
          await this.save(state);
        }
        delete state.toCheck;
        state.phase = 'organization';
        await this.save(state);
      }
      while (state.phase === 'organization' || state.phase === 'user') {
        const page = await exportPage(client, state.phase, state.after);
        state.records.push(...page.records);
        state.after = page.after;
        if (page.after === null) state.phase = state.phase === 'organization' ? 'user' : 'plan';
        await this.save(state);
      }
      if (state.phase === 'plan') {
        const tag = churnTag(settings);
        const organizations = new Map(state.records.filter((r) => r.kind === 'organization').map((r) => [r.id, toCareCustomer(r, settings, tag)]));
        const followUps = await lastFollowUps(this.env);
        const customers = state.records
          .map((r) => (r.kind === 'organization' ? organizations.get(r.id)! : toCareCustomer(r, settings, tag, r.organizationId === null ? undefined : organizations.get(r.organizationId))))
          .map((c) => withFollowUp(c, followUps.get(`${c.kind}:${c.id}`)));
        // Bad ratings reach the care run from the CSAT pull as they come (returnCalls), not daily.
        const plan = planCare(customers, [], settings, now);
        for (const user of state.records) {
          if (user.kind === 'user' && user.organizationId !== null && state.contacts[user.organizationId] === undefined) state.contacts[user.organizationId] = user.id;
        }
        const byRef = new Map(state.records.map((r) => [`${r.kind}:${r.id}`, r]));
        state.tagChanges = plan.churnTags.map(({ customer, action }) => {
          const tags = byRef.get(`${customer.kind}:${customer.id}`)?.tags ?? [];
          return { kind: customer.kind, id: customer.id, tags: action === 'add' ? [...tags, tag] : tags.filter((t) => t !== tag) };
        });
        state.tasks = plan.tasks;
        state.report.customers = customers.filter((c) => !c.member).length;
        state.records = [];
        state.phase = 'tasks';
        await this.save(state);
      }
      for (let done = 0; state.phase === 'tasks' && state.next < state.tasks.length; done++) {
        if (done >= maxTasks) {
          // Each task is up to three requests: the rest continues in a fresh invocation.
          await this.ctx.storage.setAlarm(Date.now());
          return state.report;
        }
        const task = state.tasks[state.next]!;
        const requesterId = task.customer.kind === 'user' ? task.customer.id : state.contacts[task.customer.id];
        const outcome = await this.createOnce(client, task, requesterId, settings);
        if (outcome.outcome === 'created') state.report.created.push({ key: task.key, ticketId: outcome.ticketId });
        else state.report.skipped.push({ key: task.key, reason: outcome.outcome });
        state.next += 1;
        await this.save(state);
      }
      if (state.phase === 'tasks') state.phase = 'tags';
      while (state.phase === 'tags' && state.tagChanges.length > 0) {
        const change = state.tagChanges[0]!;
        const resource = change.kind === 'user' ? 'users' : 'organizations';
        await client.request('PUT', `/api/v2/${resource}/${change.id}.json`, { [change.kind]: { tags: change.tags } });
        state.tagChanges.shift();
        state.report.churnTagged += 1;
        await this.save(state);
      }
      state.phase = 'done';
      state.failures = 0;
      state.report.finished = true;
      delete state.report.waiting;
      await this.save(state);
      log.info('care run finished', { date: state.date, customers: state.report.customers, created: state.report.created.length, skipped: state.report.skipped.length });
    } catch (error) {
      state.failures += 1;
      const retryIn = retryDelayMs(error, state.failures);
      state.report.waiting = error instanceof Error ? error.message : String(error);
      await this.save(state);
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
      log.warn('care run paused; will resume', { date: state.date, phase: state.phase, retryInMs: retryIn, error: state.report.waiting });
    }
    return state.report;
  }

  /** Look the key up first: a ticket carrying it means this task was created before. */
  private async createOnce(client: ZendeskClient, task: CareTask, requesterId: number | undefined, settings: Settings): Promise<CreateOutcome> {
    const existing = await client.request<{ tickets: FoundTask[] }>('GET', `/api/v2/tickets.json?external_id=${encodeURIComponent(task.key)}`);
    const found = existing.tickets[0];
    if (found) {
      // Created before (a crash, an agent's click in the sidebar): watched while open; solved
      // without the watch seeing it (created in the sidebar), its follow-up is recorded now (once).
      if (!isTaskDone(found.status)) await this.watch(task, found.id);
      else await recordFollowUp(this.env, { ticketId: found.id, key: task.key, dueAt: task.dueAt, tier: task.tier, customer: task.customer }, Date.parse(found.updated_at) || Date.now(), found.tags ?? [], nextDateOf(found.custom_fields ?? [], settings), settings);
      return { outcome: 'exists', ticket: found };
    }
    if (requesterId === undefined) return { outcome: 'no_contact' };
    const groupId = task.assignee?.kind === 'group' ? await resolveGroup(client, this.env, task.assignee.name) : null;
    const body = taskTicket(task, {
      requesterId,
      organizationId: task.customer.kind === 'organization' ? task.customer.id : null,
      assigneeId: task.assignee?.kind === 'user' ? task.assignee.id : null,
      groupId,
      formId: await followUpFormId(client, this.env),
    }, settings);
    try {
      const { ticket } = await client.request<{ ticket: { id: number } }>('POST', '/api/v2/tickets.json', body);
      await this.watch(task, ticket.id);
      return { outcome: 'created', ticketId: ticket.id };
    } catch (error) {
      // Zendesk refused this one task (say, the manager is no longer an agent): report it, go on.
      if (error instanceof ZendeskError && error.status >= 400 && error.status < 500) {
        log.warn('care task refused by Zendesk', { key: task.key, status: error.status });
        return { outcome: 'refused' };
      }
      throw error;
    }
  }

  private async state(): Promise<RunState | null> {
    return (await this.ctx.storage.get<RunState>('run')) ?? null;
  }

  private async save(state: RunState): Promise<void> {
    await this.ctx.storage.put('run', state);
  }
}

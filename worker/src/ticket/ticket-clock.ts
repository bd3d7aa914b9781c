/**
 * One Durable Object per ticket: it serialises the ticket's events, drops duplicates, keeps the
 * ticket's SLA clock and sets its alarm for the next deadline.
 *
 * Events are accepted durably (stored, alarm set to now) and answered at once; the alarm does
 * the work, so a Zendesk outage delays the work but never loses it: a failed run keeps its
 * queue and re-arms with backoff. Every escalation step is taken once: the step is recorded
 * in storage, and its tag on the ticket marks it done even if a run dies after the PUT.
 */
import { DurableObject } from 'cloudflare:workers';
import { priorityRank, toPriority, toStatus, type Scene, type Tier, type TicketStatus } from '../../../shared/domain.ts';
import { planTicketChange, type TicketChange } from '../../../shared/plan.ts';
import { tierPriority } from '../../../shared/priority.ts';
import { resolveScene } from '../../../shared/scene.ts';
import type { Settings } from '../../../shared/settings.ts';
import { dueSteps, nextDeadline, onStatusChange, startClock, type Step, type TicketClock as Clock, type TicketProgress } from '../../../shared/sla.ts';
import { normaliseTags, tagVocabulary } from '../../../shared/tags.ts';
import { classifyTier } from '../../../shared/tier.ts';
import { writeAudit, type AuditEntry } from '../audit.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import type { TicketEvent, TicketSnapshot } from '../webhook/ticket-event.ts';
import { loadCustomer, loadSettings, resolveGroup } from '../zendesk/account.ts';
import { retryDelayMs, RetryLater, UpdateConflict, ZendeskError, type ZendeskClient } from '../zendesk/client.ts';
import type { ZendeskTicket } from '../zendesk/types.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { forgetTicket, indexTicket, LATE_AFTER_MS } from './ticket-index.ts';

export type AcceptResult = 'accepted' | 'duplicate' | 'stale';

/** What webhooks and the sweep write: the events waiting for the next run. */
interface Inbox {
  ticketId: number | null;
  /** Recent event ids, newest last (duplicates are dropped). */
  seen: string[];
  queue: TicketEvent[];
}

/** What runs write: the ticket's clock and what Tierwise last saw and did. */
interface ClockRecord {
  /** Newest ticket change (updated_at, ms) already applied: older events are stale. */
  latestChangedAt: number | null;
  clock: Clock | null;
  /** Tier and scene whose priority was applied: the priority is set again only when they change. */
  applied: { tier: Tier; scene: Scene } | null;
  status: TicketStatus | null;
  assigneeId: number | null;
  agentReplies: number;
  failures: number;
  /**
   * The change whose PUT was sent but not yet recorded (write-ahead). If a run dies between
   * the PUT and the record, the next run sees whether the change landed and, if so, records it
   * (audit rows, steps, applied tier) instead of making it again.
   */
  inFlight: InFlight | null;
  /** What the D1 index last got for this ticket. */
  indexed: { updatedAtMs: number; nextAlarmAt: number | null } | null;
}

interface InFlight {
  change: TicketChange;
  steps: Step[];
  cycle: number;
  applied: { tier: Tier; scene: Scene };
  audit: AuditEntry[];
}

export interface ClockView {
  ticketId: number | null;
  queued: number;
  clock: Clock | null;
  status: TicketStatus | null;
  alarmAt: number | null;
  failures: number;
}

const SEEN_LIMIT = 200;
const MAX_CONFLICT_RETRIES = 3;
const EMPTY_INBOX: Inbox = { ticketId: null, seen: [], queue: [] };
const EMPTY_RECORD: ClockRecord = { latestChangedAt: null, clock: null, applied: null, status: null, assigneeId: null, agentReplies: 0, failures: 0, inFlight: null, indexed: null };

/*
 * Events keep arriving while a run waits on Zendesk, so the inbox and the clock record are
 * stored apart: accept() and reconcile() write only the inbox, a run writes only the record
 * and, at its end, removes from the latest inbox just the events it processed.
 */
export class TicketClock extends DurableObject<Env> {
  /** The clock domain code reads; tests replace it to move time. */
  now: () => number = () => Date.now();

  async accept(event: TicketEvent): Promise<AcceptResult> {
    const inbox = await this.loadInbox();
    if (inbox.seen.includes(event.eventId)) return 'duplicate';
    inbox.seen = [...inbox.seen, event.eventId].slice(-SEEN_LIMIT);
    const { latestChangedAt } = await this.loadRecord();
    const stale = event.changedAt !== null && latestChangedAt !== null && event.changedAt < latestChangedAt;
    if (!stale) {
      inbox.ticketId = event.ticketId;
      inbox.queue.push(event);
    }
    await this.saveInbox(inbox);
    if (stale) return 'stale';
    await this.armAt(this.now());
    return 'accepted';
  }

  /**
   * For the reconciliation sweep. The ticket is read again when this object never saw its
   * latest version `updatedAt` (a missed webhook, or a change while the worker was down) or,
   * called without a version from the late-clock list, when its alarm is late or missing;
   * otherwise nothing happens and no Zendesk call is made.
   */
  async reconcile(ticketId: number, updatedAt: string | null): Promise<'armed' | 'ok'> {
    const now = this.now();
    const { latestChangedAt } = await this.loadRecord();
    const alarm = await this.ctx.storage.getAlarm();
    const seenLatest = updatedAt === null || (latestChangedAt !== null && latestChangedAt >= Date.parse(updatedAt));
    // Called from the late-clock list (no version), the index says an alarm is due: a missing one is late too.
    const late = alarm === null ? updatedAt === null : alarm < now - LATE_AFTER_MS;
    if (seenLatest && !late) return 'ok';
    // The index led the sweep here, so it may be wrong: have the run write it again.
    const record = await this.loadRecord();
    await this.saveRecord({ ...record, indexed: null });
    const inbox = await this.loadInbox();
    inbox.ticketId = ticketId;
    inbox.queue.push({ eventId: `reconcile:${updatedAt ?? now}`, type: 'reconcile', ticketId, changedAt: null, snapshot: null, agentReplied: false });
    await this.saveInbox(inbox);
    await this.ctx.storage.setAlarm(now);
    return 'armed';
  }

  async view(): Promise<ClockView> {
    const [inbox, record] = [await this.loadInbox(), await this.loadRecord()];
    return { ticketId: inbox.ticketId, queued: inbox.queue.length, clock: record.clock, status: record.status, alarmAt: await this.ctx.storage.getAlarm(), failures: record.failures };
  }

  /** Runs one after another: a second alarm while one is still waiting on Zendesk queues behind it. */
  private running: Promise<void> = Promise.resolve();

  override alarm(): Promise<void> {
    const run = this.running.then(() => this.runAlarm());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async runAlarm(): Promise<void> {
    const inbox = await this.loadInbox();
    if (inbox.ticketId === null) return;
    const batch = inbox.queue;
    const record = await this.loadRecord();
    try {
      await this.run(inbox.ticketId, batch, record);
      record.failures = 0;
      await this.saveRecord(record);
      const latest = await this.loadInbox();
      const processed = new Set(batch.map((e) => e.eventId));
      latest.queue = latest.queue.filter((e) => !processed.has(e.eventId));
      await this.saveInbox(latest);
      const nextAlarmAt = await this.armNext(record, latest.queue.length);
      await this.index(inbox.ticketId, record, nextAlarmAt);
    } catch (error) {
      if (error instanceof ZendeskError && error.status === 404) {
        log.warn('ticket no longer exists; clock stopped', { ticket: inbox.ticketId });
        await this.ctx.storage.deleteAll();
        await forgetTicket(this.env.DB, inbox.ticketId);
        return;
      }
      // Keep what is stored (the inbox, a write-ahead record); only count the failure.
      const stored = await this.loadRecord();
      stored.failures += 1;
      await this.saveRecord(stored);
      const retryIn = retryDelayMs(error, stored.failures);
      log.error('ticket run failed; will retry', { ticket: inbox.ticketId, failures: stored.failures, retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(this.now() + retryIn);
    }
  }

  private async run(ticketId: number, batch: readonly TicketEvent[], record: ClockRecord): Promise<void> {
    const client = zendeskClient(this.env);
    const { settings } = await loadSettings(client, this.env);
    const now = this.now();

    if (batch.some((e) => e.agentReplied)) record.agentReplies = Math.max(1, record.agentReplies);
    let snapshot = newestSnapshot(batch);
    if (snapshot) this.follow(record, snapshot, now);

    // Read the ticket when the event did not carry it, when a deadline has passed (a step is
    // only taken on fresh data, so a ticket an agent just took is never escalated), or when an
    // earlier run died after a PUT (only the ticket as it is now tells whether that PUT landed).
    const deadline = record.clock ? nextDeadline(record.clock, progressOf(record), settings) : null;
    const deadlinePassed = deadline !== null && deadline <= now;
    if (!snapshot || batch.some((e) => e.snapshot === null) || deadlinePassed || record.inFlight !== null) {
      snapshot = await this.read(client, record, ticketId, now);
    }

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.apply(client, settings, record, snapshot, { checkSteps: deadlinePassed, freshCustomer: batch.some((e) => e.refreshCustomer === true) }, now);
      if (outcome === 'done') return;
      if (attempt >= MAX_CONFLICT_RETRIES) throw new RetryLater(2_000, 'ticket kept changing under us (409)');
      snapshot = await this.read(client, record, ticketId, now);
    }
  }

  /** Plan and apply one change; 'conflict' when Zendesk refused it because the ticket moved on. */
  private async apply(client: ZendeskClient, settings: Settings, record: ClockRecord, snapshot: TicketSnapshot, options: { checkSteps: boolean; freshCustomer: boolean }, now: number): Promise<'done' | 'conflict'> {
    const customer = await loadCustomer(client, this.env, snapshot.requesterId, { fresh: options.freshCustomer });
    const { tier, reason } = classifyTier(customer, settings);
    const { scene } = resolveScene({ tags: snapshot.tags, custom_fields: snapshot.customFields }, settings);
    const clock: Clock = { ...(record.clock ?? onStatusChange(startClock(tier, scene, snapshot.createdAt), 'new', snapshot.status, now)), tier, scene };
    const done = await this.recoverInFlight(record, snapshot, clock.cycleStartedAt, clock.done);
    const steps = options.checkSteps ? dueSteps({ ...clock, done }, progressOf(record), settings, now) : [];
    const applyTierPriority = record.applied === null || record.applied.tier !== tier || record.applied.scene !== scene;
    const groupIds = steps.some((s) => s === 'l1' || s === 'l2')
      ? { l1: await resolveGroup(client, this.env, settings.escalation_l1_group), l2: await resolveGroup(client, this.env, settings.escalation_l2_group) }
      : { l1: null, l2: null };
    const change = planTicketChange({ ticket: snapshot, tier, scene, settings, steps, groupIds, locale: settings.note_locale, applyTierPriority });

    if (change) {
      const audit = auditEntries(snapshot, change, steps, { isTierTag: (tag) => tagVocabulary(settings.tag_prefix).tierOf(tag) !== null, tier, scene, reason: `tier:${reason.rule}${'source' in reason ? `:${reason.source}` : ''}`, at: new Date(now).toISOString(), cycle: clock.cycleStartedAt });
      record.inFlight = { change, steps: [...steps], cycle: clock.cycleStartedAt, applied: { tier, scene }, audit };
      await this.saveRecord(record);
      try {
        const updated = await client.updateTicket(snapshot.id, change, snapshot.updatedAt);
        record.latestChangedAt = Math.max(record.latestChangedAt ?? 0, Date.parse(updated.updated_at));
      } catch (error) {
        if (error instanceof UpdateConflict) {
          record.inFlight = null; // refused: it did not land
          return 'conflict';
        }
        throw error; // unknown outcome: the stored write-ahead record decides next time
      }
      await writeAudit(this.env.DB, audit);
      log.info('ticket updated', { ticket: snapshot.id, tier, scene, steps: steps.join(',') || null, fields: Object.keys(change).join(',') });
    }
    record.clock = { ...clock, done: [...new Set([...done, ...steps])] };
    // The tier's priority counts as applied only once the ticket actually has at least it.
    const priorityNow = change?.priority ?? snapshot.priority;
    if (!applyTierPriority || priorityRank(priorityNow) >= priorityRank(tierPriority(tier, scene, settings))) record.applied = { tier, scene };
    record.inFlight = null;
    return 'done';
  }

  /**
   * Settle a change an earlier run sent but did not record: if the ticket shows it landed,
   * write its audit rows (idempotent), mark its steps done and its tier applied. Returns the
   * steps done in this cycle.
   */
  private async recoverInFlight(record: ClockRecord, snapshot: TicketSnapshot, cycle: number, done: readonly Step[]): Promise<Step[]> {
    const pending = record.inFlight;
    record.inFlight = null;
    if (!pending || !changeLanded(pending.change, snapshot)) return [...done];
    await writeAudit(this.env.DB, pending.audit);
    record.applied = pending.applied;
    log.warn('recorded a change whose run had died after the PUT', { ticket: snapshot.id, steps: pending.steps.join(',') || null });
    return pending.cycle === cycle ? [...new Set([...done, ...pending.steps])] : [...done];
  }

  private async read(client: ZendeskClient, record: ClockRecord, ticketId: number, now: number): Promise<TicketSnapshot> {
    const { ticket, metrics } = await client.getTicket(ticketId);
    const snapshot = snapshotOf(ticket);
    if (metrics?.replies != null) record.agentReplies = metrics.replies;
    this.follow(record, snapshot, now);
    return snapshot;
  }

  /** Track what the clock depends on: status transitions (pause, reopen), assignee. */
  private follow(record: ClockRecord, snapshot: TicketSnapshot, now: number): void {
    if (record.clock) record.clock = onStatusChange(record.clock, record.status, snapshot.status, now);
    record.status = snapshot.status;
    record.assigneeId = snapshot.assigneeId;
    record.latestChangedAt = Math.max(record.latestChangedAt ?? 0, Date.parse(snapshot.updatedAt));
  }

  /** Keep the sweep's D1 index in step, writing only when something it holds changed. */
  private async index(ticketId: number, record: ClockRecord, nextAlarmAt: number | null): Promise<void> {
    if (record.latestChangedAt === null) return;
    const entry = { updatedAtMs: record.latestChangedAt, nextAlarmAt };
    if (record.indexed?.updatedAtMs === entry.updatedAtMs && record.indexed.nextAlarmAt === entry.nextAlarmAt) return;
    await indexTicket(this.env.DB, { ticketId, ...entry });
    record.indexed = entry;
    await this.saveRecord(record);
  }

  /** Set the alarm for what comes next (more events, or the next deadline); returns its time. */
  private async armNext(record: ClockRecord, queued: number): Promise<number | null> {
    if (queued > 0) return this.armAt(this.now());
    const { settings } = await loadSettings(zendeskClient(this.env), this.env);
    const next = record.clock ? nextDeadline(record.clock, progressOf(record), settings) : null;
    if (next === null) {
      await this.ctx.storage.deleteAlarm();
      return null;
    }
    const at = Math.max(next, this.now());
    await this.ctx.storage.setAlarm(at);
    return at;
  }

  private async armAt(at: number): Promise<number> {
    const current = await this.ctx.storage.getAlarm();
    if (current !== null && current <= at) return current;
    await this.ctx.storage.setAlarm(at);
    return at;
  }

  private async loadInbox(): Promise<Inbox> {
    return { ...EMPTY_INBOX, ...((await this.ctx.storage.get<Inbox>('inbox')) ?? {}) };
  }

  private async saveInbox(inbox: Inbox): Promise<void> {
    await this.ctx.storage.put('inbox', inbox);
  }

  private async loadRecord(): Promise<ClockRecord> {
    return { ...EMPTY_RECORD, ...((await this.ctx.storage.get<ClockRecord>('record')) ?? {}) };
  }

  private async saveRecord(record: ClockRecord): Promise<void> {
    await this.ctx.storage.put('record', record);
  }
}

/**
 * Whether a change is visible on the ticket: the tags it added are there (agents rarely remove
 * Tierwise's tags), or, for a change without tags, the priority is at least what it set.
 */
export function changeLanded(change: TicketChange, ticket: TicketSnapshot): boolean {
  if (change.tags) return change.tags.every((tag) => ticket.tags.includes(tag));
  if (change.priority) return priorityRank(ticket.priority) >= priorityRank(change.priority);
  return change.group_id !== undefined && ticket.groupId === change.group_id;
}

function progressOf(record: ClockRecord): TicketProgress {
  return { status: record.status ?? 'new', assigneeId: record.assigneeId, agentReplies: record.agentReplies };
}

function newestSnapshot(events: readonly TicketEvent[]): TicketSnapshot | null {
  let newest: TicketSnapshot | null = null;
  for (const event of events) {
    if (event.snapshot && (!newest || Date.parse(event.snapshot.updatedAt) >= Date.parse(newest.updatedAt))) newest = event.snapshot;
  }
  return newest;
}

export function snapshotOf(ticket: ZendeskTicket): TicketSnapshot {
  return {
    id: ticket.id,
    status: toStatus(ticket.status) ?? 'open',
    priority: toPriority(ticket.priority),
    tags: normaliseTags(ticket.tags),
    requesterId: ticket.requester_id,
    organizationId: ticket.organization_id,
    groupId: ticket.group_id,
    assigneeId: ticket.assignee_id,
    createdAt: Date.parse(ticket.created_at),
    updatedAt: ticket.updated_at,
    customFields: ticket.custom_fields ?? [],
  };
}

interface AuditContext {
  isTierTag: (tag: string) => boolean;
  tier: Tier;
  scene: Scene;
  reason: string;
  at: string;
  cycle: number;
}

/**
 * One audit row for the tier part of a change (tier tag, tier priority) and one per escalation
 * step (group, step tags, L2 priority), each with the fields it changed before and after.
 */
function auditEntries(snapshot: TicketSnapshot, change: TicketChange, steps: readonly Step[], ctx: AuditContext): AuditEntry[] {
  const added = change.tags ? change.tags.filter((t) => !snapshot.tags.includes(t)) : [];
  const removed = change.tags ? snapshot.tags.filter((t) => !change.tags!.includes(t)) : [];
  const escalatesPriority = steps.includes('l2');
  const part = (tags: (tag: string) => boolean, withPriority: boolean, withGroup: boolean) => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (withPriority && change.priority) [before.priority, after.priority] = [snapshot.priority, change.priority];
    if (withGroup && change.group_id !== undefined) [before.group_id, after.group_id] = [snapshot.groupId, change.group_id];
    if (added.some(tags)) after.tags_added = added.filter(tags);
    if (removed.some(tags)) before.tags_removed = removed.filter(tags);
    return { before, after };
  };
  const base = { ticketId: snapshot.id, tier: ctx.tier, scene: ctx.scene, at: ctx.at };
  const rows: AuditEntry[] = [];
  const tierPart = part(ctx.isTierTag, !escalatesPriority, false);
  if (Object.keys(tierPart.after).length + Object.keys(tierPart.before).length > 0) {
    rows.push({ ...base, ...tierPart, step: 'tier', reason: ctx.reason, correlationId: `tier:${snapshot.updatedAt}` });
  }
  const stepPart = part((tag) => !ctx.isTierTag(tag), escalatesPriority, true);
  for (const step of steps) rows.push({ ...base, ...stepPart, step, reason: `deadline:${step}`, correlationId: `${step}:${ctx.cycle}` });
  return rows;
}

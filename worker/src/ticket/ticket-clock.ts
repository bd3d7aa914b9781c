/**
 * One Durable Object per ticket: it serialises the ticket's events, drops duplicates, keeps the
 * ticket's SLA clock and sets its alarm for the next deadline.
 *
 * Events are accepted durably (stored, alarm set to now) and answered at once; the alarm does
 * the work, so a Zendesk outage delays the work but never loses it: a failed run keeps its
 * queue and re-arms with backoff. Every escalation step is taken once: the step is recorded
 * in storage, and its tag on the ticket marks it done even if a run dies after the PUT.
 *
 * This object does I/O only: load (events, record, settings, ticket, customer, groups) ->
 * decide (shared/decision, pure) -> write-ahead -> PUT -> record -> alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import type { AuditRow } from '../../../shared/audit.ts';
import { isCareTask } from '../../../shared/care/plan.ts';
import { refusalRow } from '../../../shared/decision/audit-rows.ts';
import { decideTicket, escalatingLevels, type DecisionInput, type TicketDecision } from '../../../shared/decision/decide.ts';
import { NO_GROUPS, type EscalationGroups } from '../../../shared/decision/groups.ts';
import { startRun, sawFreshTicket } from '../../../shared/decision/inputs.ts';
import { changeLandedAt, EMPTY_RECORD, wakeAt, type TicketRecord } from '../../../shared/decision/record.ts';
import { snapshotOf, type TicketSnapshot } from '../../../shared/decision/ticket.ts';
import { isSolved, type TicketStatus } from '../../../shared/domain.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.ts';
import type { SlaClock } from '../../../shared/sla.ts';
import { handOffAlerts } from '../alerts/handoff.ts';
import { auditStatements, writeAudit } from '../audit.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { serviceFactsWrites } from '../reports/record-facts.ts';
import type { TicketEvent } from '../webhook/ticket-event.ts';
import { loadCustomer, loadGroupMembers, loadSettings, loadUserName, resolveGroup } from '../zendesk/account.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { retryDelayMs, RetryLater, TicketGone, UpdateConflict, WriteOutcomeUnknown, ZendeskRefused, type ZendeskClient } from '../zendesk/client.ts';
import type { ZendeskTicketMetrics } from '../zendesk/types.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import { readTicket } from '../zendesk/gathered-reads.ts';
import { enqueue, finish, queuedCount, readInbox, remember, seenBefore, take, type Inbox } from './inbox.ts';
import { indexStatement, indexTicket, LATE_AFTER_MS } from './ticket-index.ts';
import { purgeTicketRows, type PurgeReason } from './ticket-purge.ts';

export type AcceptResult = 'accepted' | 'duplicate' | 'stale';

/** What runs write: the decision's record (shared/decision/record.ts), and this object's own bookkeeping. */
interface StoredRecord extends TicketRecord {
  failures: number;
  /** What the D1 index last got for this ticket. */
  indexed: { updatedAtMs: number; nextAlarmAt: number | null; solvedAtMs?: number | null } | null;
}

export interface ClockView {
  ticketId: number | null;
  queued: number;
  clock: SlaClock | null;
  status: TicketStatus | null;
  alarmAt: number | null;
  failures: number;
}

const MAX_CONFLICT_RETRIES = 3;
/** Reads made before a write only to see the ticket settled or as it moved on (see `run`). */
const MAX_SETTLE_READS = 3;
/** Allowance for the worker's clock running ahead of Zendesk's (ms). */
const CLOCK_SKEW_MS = 250;

/** When the one-second `updated_at` stamp's second is over, by this worker's clock (with the skew allowance). */
function secondEndsAt(updatedAt: string): number {
  return Math.floor(Date.parse(updatedAt) / 1000) * 1000 + 1000 + CLOCK_SKEW_MS;
}

async function waitPastSecond(updatedAt: string): Promise<void> {
  const wait = secondEndsAt(updatedAt) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 2_000)));
}
/**
 * What a run writes once it is done, all at the end: its D1 rows in one batch, then the object's
 * storage in one commit. Every write is a commit someone waits for (locally an fsync on workerd's
 * one thread), so a run makes as few as it can: the write-ahead record before the PUT, and this.
 */
interface RunWrites {
  d1: D1PreparedStatement[];
  storage: Record<string, unknown>;
}
const noWrites = (): RunWrites => ({ d1: [], storage: {} });
const EMPTY_STORED: StoredRecord = { ...EMPTY_RECORD, failures: 0, indexed: null };

/*
 * Events keep arriving while a run waits on Zendesk, so the inbox and the clock record are
 * stored apart: accept() and reconcile() write only the inbox, a run writes only the record
 * and, at its end, removes from the latest inbox just the events it processed (inbox.ts).
 */
export class TicketClock extends DurableObject<Env> {
  /** The clock domain code reads; tests replace it to move time. */
  now: () => number = () => Date.now();

  async accept(event: TicketEvent): Promise<AcceptResult> {
    const seen = await this.loadInbox();
    if (seenBefore(seen, event)) return 'duplicate';
    const { latestChangedAt } = await this.loadRecord();
    const stale = event.changedAt !== null && latestChangedAt !== null && event.changedAt < latestChangedAt;
    const inbox = remember(seen, event);
    await this.saveInbox(stale ? inbox : enqueue(inbox, event));
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
    // Webhooks were missed (an outage): the customer's change events may have been missed with
    // them, so this run reads the customer afresh instead of trusting the shared cache.
    await this.saveInbox(enqueue(inbox, { eventId: `reconcile:${updatedAt ?? now}`, type: 'reconcile', ticketId, changedAt: null, snapshot: null, agentReplied: false, refreshCustomer: true }));
    await this.ctx.storage.setAlarm(now);
    return 'armed';
  }

  /**
   * The ticket was deleted in Zendesk (soft deletion, spam, permanent deletion): its storage, its
   * alarm and its D1 rows go (ticket-purge.ts). Queued behind a running alarm, which cannot then
   * write anything back. A restored ticket starts afresh; the step tags on it say which steps
   * were taken (shared/decision), so its ladder does not start again.
   */
  purge(ticketId: number): Promise<void> {
    const run = this.running.then(() => this.forget(ticketId, 'deleted'));
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Retention: forget a ticket solved before `solvedBefore` (ms), only if it is still solved
   * (a reopened ticket is kept and its index row written again). Returns whether it was removed.
   */
  retire(ticketId: number, solvedBefore: number): Promise<boolean> {
    const run = this.running.then(async () => {
      const record = await this.loadRecord();
      const solvedAt = record.solvedAt ?? record.latestChangedAt;
      if (record.status !== null && (!isSolved(record.status) || solvedAt === null || solvedAt >= solvedBefore)) {
        await this.saveRecord({ ...record, indexed: null });
        await this.index(ticketId, { ...record, indexed: null }, await this.ctx.storage.getAlarm());
        return false;
      }
      await this.forget(ticketId, 'retention');
      return true;
    });
    this.running = run.then(() => undefined, () => undefined);
    return run;
  }

  private async forget(ticketId: number, reason: PurgeReason): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    await purgeTicketRows(this.env.DB, accountKey(this.env), ticketId, reason);
  }

  async view(): Promise<ClockView> {
    const [inbox, record] = [await this.loadInbox(), await this.loadRecord()];
    return { ticketId: inbox.ticketId, queued: queuedCount(inbox), clock: record.clock, status: record.status, alarmAt: await this.ctx.storage.getAlarm(), failures: record.failures };
  }

  /** Runs one after another: a second alarm while one is still waiting on Zendesk queues behind it. */
  private running: Promise<void> = Promise.resolve();

  override alarm(): Promise<void> {
    const run = this.running.then(() => this.runAlarm());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async runAlarm(): Promise<void> {
    const loaded = await this.loadInbox();
    if (loaded.ticketId === null) return;
    const inbox = { ...take(loaded), ticketId: loaded.ticketId };
    if (loaded.waiting !== null) await this.saveInbox(inbox);
    const batch = inbox.taken ? [inbox.taken] : [];
    const stored = await this.loadRecord();
    let settings: Settings | null = null;
    try {
      ({ settings } = await loadSettings(zendeskClient(this.env), this.env));
      const writes = noWrites();
      const ran = await this.run(inbox.ticketId, batch, stored, settings, writes);
      await this.finishRun(inbox.ticketId, { ...ran, failures: 0 }, settings, writes);
    } catch (error) {
      if (error instanceof TicketGone) {
        log.warn('ticket no longer exists; its state removed', { ticket: inbox.ticketId });
        await this.forget(inbox.ticketId, 'deleted');
        return;
      }
      // A refused read ends the run, except for credentials (401/403): every run would fail the
      // same way until an admin fixes them, so the events stay queued and the run is retried.
      if (error instanceof ZendeskRefused && error.status !== 401 && error.status !== 403) {
        // Zendesk refused one of this run's reads for good (a user, organization, group or the
        // installation): retrying cannot help. The events are done with; the clock keeps its
        // deadlines and tries again at the next one, and the admin sees the refusal.
        log.warn('Zendesk refused a read this run needs; run ended', { ticket: inbox.ticketId, status: error.status, request: error.path, error: error.error });
        const latest = await this.loadRecord();
        await this.recordInputRefusal(inbox.ticketId, latest, error);
        await this.finishRun(inbox.ticketId, { ...latest, failures: 0 }, settings ?? DEFAULT_SETTINGS);
        return;
      }
      // Keep what is stored (the inbox, a write-ahead record); only count the failure.
      const latest = await this.loadRecord();
      const failures = latest.failures + 1;
      await this.saveRecord({ ...latest, failures });
      const retryIn = retryDelayMs(error, failures);
      log.error('ticket run failed; will retry', { ticket: inbox.ticketId, failures, retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(this.now() + retryIn);
    }
  }

  /**
   * Keep the record, drop the events the run took, arm the next alarm and update the index: the
   * run's D1 rows (its audit rows, facts and index entry) in one batch, then one storage commit.
   * Events that arrived during the batch stay queued (the inbox is read again after it).
   */
  private async finishRun(ticketId: number, record: StoredRecord, settings: Settings, writes: RunWrites = noWrites()): Promise<void> {
    const queued = finish(await this.loadInbox()).waiting !== null;
    const expected = queued ? this.now() : wakeAt(record, settings);
    const entry = this.indexEntry(record, expected === null ? null : Math.max(expected, this.now()));
    if (entry) writes.d1.push(indexStatement(this.env.DB, { ticketId, ...entry }));
    if (writes.d1.length > 0) await this.env.DB.batch(writes.d1);
    const kept: StoredRecord = entry ? { ...record, indexed: entry } : record;
    const latest = finish(await this.loadInbox());
    await this.ctx.storage.put({ ...writes.storage, record: kept, inbox: latest });
    if (latest.waiting !== null) await this.armAt(this.now());
    else await this.armNext(wakeAt(record, settings));
  }

  /** A refused read, in the audit trail when the ticket has a clock (its tier and scene name the row). */
  private async recordInputRefusal(ticketId: number, record: StoredRecord, error: ZendeskRefused): Promise<void> {
    if (!record.clock) return;
    const at = this.now();
    await writeAudit(this.env.DB, accountKey(this.env), [{
      ticketId,
      step: 'refused',
      tier: record.clock.tier,
      scene: record.clock.scene,
      reason: { kind: 'refused', step: 'tier', status: error.status, error: error.error, description: `${error.path}: ${error.description}` },
      changes: [],
      at: new Date(at).toISOString(),
      correlationId: `refused:read:${Math.floor(at / 3_600_000)}`,
    }]);
  }

  /**
   * Load what the decision needs, decide, and write its outcome; returns the record to keep.
   * A change is only written on a settled read of the ticket: one made after the second of its
   * `updated_at` ended. Zendesk's stamps have one-second resolution, so an agent's edit in the
   * same second as the version Tierwise saw keeps the stamp and `safe_update` cannot see it; read
   * once that second is over, the ticket shows every edit of it, and any later edit has a new stamp.
   */
  private async run(ticketId: number, batch: readonly TicketEvent[], stored: StoredRecord, settings: Settings, writes: RunWrites): Promise<StoredRecord> {
    const client = zendeskClient(this.env);
    const now = this.now();
    const start = startRun(stored, batch, settings, now);
    let record: StoredRecord = { ...stored, ...start.record };
    let snapshot = start.snapshot;
    let settled = false;
    let metrics: ZendeskTicketMetrics | null = null;
    let freshCustomer = start.freshCustomer;
    if (start.readTicket !== null || snapshot === null) {
      const known = record.latestChangedAt;
      // An event names the version it saw: read once its second is over, so one read is settled.
      if (snapshot) await waitPastSecond(snapshot.updatedAt);
      ({ record, snapshot, settled, metrics } = await this.read(client, record, ticketId, now));
      // The ticket changed and no webhook told us (an outage, a lost delivery): the customer's
      // change events may have been lost with it, so the shared cache is not trusted this run.
      if (known !== null && Date.parse(snapshot.updatedAt) > known) freshCustomer = true;
    }

    for (let conflicts = 0, reads = 0; ; ) {
      // Tierwise's own follow-up task: no tier, priority, clock or service facts (shared/care/plan.ts).
      if (isCareTask(snapshot, settings)) return { ...record, clock: null };
      const customer = await loadCustomer(client, this.env, snapshot.requesterId, { fresh: freshCustomer });
      freshCustomer = false;
      const input = { ticket: snapshot, customer, settings, record, checkSteps: start.checkSteps, now };
      const levels = escalatingLevels(input);
      const groups = levels.length > 0 ? await this.escalationGroups(client, settings, input.ticket, levels) : NO_GROUPS;
      const decision = decideTicket({ ...input, groups });
      // A change is written on a settled read only, and not on one an event for a newer version
      // has overtaken meanwhile (the PUT would only meet 409): read again instead. A gathered
      // read costs a share of one call; a refused PUT a whole one.
      if (decision.change && reads < MAX_SETTLE_READS && (!settled || (await this.newerVersionQueued(snapshot)))) {
        reads++;
        await waitPastSecond(snapshot.updatedAt);
        ({ record, snapshot, settled, metrics } = await this.read(client, record, ticketId, now));
        continue;
      }
      const outcome = await this.write(client, decision, { ...input, groups }, record, writes);
      if (outcome.kind === 'done') {
        const facts = await serviceFactsWrites(this.env, this.ctx.storage, { facts: decision.facts, ticket: snapshot, metrics, customer, settings, now });
        writes.d1.push(...facts.statements);
        if (facts.keep) writes.storage[facts.keep.key] = facts.keep.value;
        return outcome.record;
      }
      if (outcome.kind === 'conflict' && ++conflicts >= MAX_CONFLICT_RETRIES) throw new RetryLater(2_000, 'ticket kept changing under us (409)');
      // A conflict, or a lost answer: the ticket as it is now says what stands (settleInFlight).
      ({ record, snapshot, settled, metrics } = await this.read(client, outcome.record, ticketId, now));
    }
  }

  /**
   * Write a decision: the rows of a change found landed, the write-ahead record, the PUT, the
   * change's audit rows. `conflict` when Zendesk refused the change because the ticket moved on
   * (409), `unknown` when its answer was lost (network, 5xx): both read the ticket again, the
   * second with the write-ahead record kept so the read settles whether the change landed.
   * A permanent refusal ends the change: a `refused` row, its steps counted as attempted.
   */
  private async write(client: ZendeskClient, decision: TicketDecision, input: DecisionInput, stored: StoredRecord, writes: RunWrites): Promise<{ kind: 'done' | 'conflict' | 'unknown'; record: StoredRecord }> {
    const { ticket } = input;
    const keep = (record: TicketRecord): StoredRecord => ({ ...stored, ...record });
    const account = accountKey(this.env);
    if (decision.recovered.length > 0) {
      await writeAudit(this.env.DB, account, decision.recovered);
      await handOffAlerts(this.env, decision.recovered, input, decision);
      log.warn('recorded a change found landed after its answer was lost', { ticket: ticket.id });
    }
    if (!decision.change || !decision.writeAhead) return { kind: 'done', record: keep(decision.record) };
    await this.saveRecord(keep(decision.writeAhead));
    let updatedAt: string;
    try {
      updatedAt = (await client.updateTicket(ticket.id, decision.change, ticket.updatedAt)).updated_at;
    } catch (error) {
      if (error instanceof UpdateConflict) return { kind: 'conflict', record: keep(decision.unchanged) }; // refused: it did not land
      if (error instanceof WriteOutcomeUnknown) {
        log.warn('ticket update answer lost; reading the ticket to see whether it landed', { ticket: ticket.id, status: error.status });
        return { kind: 'unknown', record: keep(decision.writeAhead) };
      }
      if (error instanceof ZendeskRefused && !(error instanceof TicketGone)) {
        const row = refusalRow(decision.audit, decision.steps, error, this.now(), decision.record.clock?.cycleStartedAt ?? 0);
        if (row) await writeAudit(this.env.DB, account, [row]);
        log.warn('Zendesk refused the ticket change; not retried', { ticket: ticket.id, status: error.status, error: error.error, steps: decision.steps.join(',') || null });
        return { kind: 'done', record: keep(decision.refused) };
      }
      throw error;
    }
    // The change landed: its rows go in the run's final batch (a run that dies first leaves the
    // write-ahead record, and the next run's read finds the change landed and writes them).
    writes.d1.push(...auditStatements(this.env.DB, account, decision.audit));
    await handOffAlerts(this.env, decision.audit, input, decision);
    log.info('ticket updated', { ticket: ticket.id, tier: decision.tier.tier, scene: decision.scene.scene, steps: decision.steps.join(',') || null, fields: Object.keys(decision.change).join(',') });
    return { kind: 'done', record: keep(changeLandedAt(decision.record, updatedAt)) };
  }

  /**
   * The escalation groups by the settings' names, and for the levels that escalate: their
   * groups' members (a move keeps only a member as assignee; bring_in adds them as followers)
   * and, when a move takes the ticket from its assignee, the assignee's name for the note.
   */
  private async escalationGroups(client: ZendeskClient, settings: Settings, ticket: TicketSnapshot, levels: ReadonlyArray<'l1' | 'l2'>): Promise<EscalationGroups> {
    const ref = async (nameOrId: string) => {
      const id = await resolveGroup(client, this.env, nameOrId);
      return id === null ? null : { id, name: /^\d+$/.test(nameOrId) ? null : nameOrId };
    };
    const groups: EscalationGroups = { l1: await ref(settings.escalation_l1_group), l2: await ref(settings.escalation_l2_group) };
    const members: { l1?: readonly number[]; l2?: readonly number[] } = {};
    let takenFrom = false;
    for (const level of levels) {
      const group = groups[level];
      if (!group) continue;
      members[level] = await loadGroupMembers(client, this.env, group.id);
      const assignee = ticket.assigneeId;
      if (settings[`escalation_${level}_mode`] === 'move' && assignee !== null && group.id !== ticket.groupId && !members[level].includes(assignee)) takenFrom = true;
    }
    const assigneeName = takenFrom && ticket.assigneeId !== null ? await loadUserName(client, this.env, ticket.assigneeId) : undefined;
    return { ...groups, members, ...(assigneeName !== undefined ? { assigneeName } : {}) };
  }

  private async read(client: ZendeskClient, record: StoredRecord, ticketId: number, now: number): Promise<{ record: StoredRecord; snapshot: TicketSnapshot; settled: boolean; metrics: ZendeskTicketMetrics | null }> {
    const { ticket, metrics, askedAt } = await readTicket(this.env, client, ticketId);
    const snapshot = snapshotOf(ticket);
    return { record: { ...record, ...sawFreshTicket(record, snapshot, metrics?.replies ?? null, now) }, snapshot, settled: askedAt >= secondEndsAt(snapshot.updatedAt), metrics };
  }

  /** Whether an event queued since the run began saw a version of the ticket newer than `snapshot`. */
  private async newerVersionQueued(snapshot: TicketSnapshot): Promise<boolean> {
    const { waiting } = await this.loadInbox();
    return waiting?.changedAt != null && waiting.changedAt > Date.parse(snapshot.updatedAt);
  }

  /** Keep the sweep's D1 index in step, writing only when something it holds changed. */
  private async index(ticketId: number, record: StoredRecord, nextAlarmAt: number | null): Promise<void> {
    const entry = this.indexEntry(record, nextAlarmAt);
    if (!entry) return;
    await indexTicket(this.env.DB, { ticketId, ...entry });
    await this.saveRecord({ ...record, indexed: entry });
  }

  /** The sweep's D1 index entry, when it differs from what the index last got (null: no write). */
  private indexEntry(record: StoredRecord, nextAlarmAt: number | null): StoredRecord['indexed'] {
    if (record.latestChangedAt === null) return null;
    const entry = { updatedAtMs: record.latestChangedAt, nextAlarmAt, solvedAtMs: isSolved(record.status) ? (record.solvedAt ?? record.latestChangedAt) : null };
    if (record.indexed?.updatedAtMs === entry.updatedAtMs && record.indexed.nextAlarmAt === entry.nextAlarmAt && record.indexed.solvedAtMs === entry.solvedAtMs) return null;
    return entry;
  }

  /** Set the alarm for what comes next (more events now, or the next deadline); returns its time. */
  private async armNext(next: number | null): Promise<number | null> {
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
    return readInbox(await this.ctx.storage.get<Inbox>('inbox'));
  }

  private async saveInbox(inbox: Inbox): Promise<void> {
    await this.ctx.storage.put('inbox', inbox);
  }

  private async loadRecord(): Promise<StoredRecord> {
    return readStoredRecord(await this.ctx.storage.get<Partial<StoredRecord>>('record'));
  }

  private async saveRecord(record: StoredRecord): Promise<void> {
    await this.ctx.storage.put('record', record);
  }
}

/**
 * A stored record, with the fields later versions added filled in. A write-ahead record from
 * before audit rows carried structured reasons keeps its change (so whether it landed is still
 * settled) but not its old-shape rows, which the audit table no longer takes.
 */
function readStoredRecord(stored: Partial<StoredRecord> | undefined): StoredRecord {
  const record = { ...EMPTY_STORED, ...(stored ?? {}) };
  if (record.inFlight && !record.inFlight.audit.every(isAuditRow)) record.inFlight = { ...record.inFlight, audit: record.inFlight.audit.filter(isAuditRow) };
  return record;
}

function isAuditRow(row: AuditRow): boolean {
  return Array.isArray(row.changes) && typeof row.reason === 'object' && row.reason !== null;
}

/**
 * An alert to send: one kind (a step taken, or a care event: a bad rating, an overdue follow-up) about one ticket, to one
 * destination. Derived, pure, from what the ticket's decision took (its audit rows, which the
 * ticket object also keeps in its write-ahead record), so an alert exists exactly when its step
 * landed, and carries an idempotency key: one alert per ticket, kind, cycle and destination.
 */
import type { AuditRow, GroupRef } from '../audit.ts';
import type { Locale, Scene, Tier } from '../domain.ts';
import type { TicketSnapshot } from '../decision/ticket.ts';
import type { Settings } from '../settings.ts';
import { STEPS, type Deadlines, type Step } from '../sla.ts';
import type { AlertKind } from './kinds.ts';
import { destinationsFor, parseAlertRoutes } from './routes.ts';

export interface AlertIntent {
  /** `<ticket>:<kind>:<cycle>:<destination>`: sent at most once. */
  key: string;
  kind: AlertKind;
  destination: string;
  ticketId: number;
  /** Null when Tierwise does not know it (a rating of a ticket it never saw, a task of an unknown customer). */
  tier: Tier | null;
  /** Null for alerts about a customer rather than a request (a follow-up task has no scene). */
  scene: Scene | null;
  /** The resolution cycle the step belongs to (ms), or the event's own id for the other kinds. */
  cycle: number;
  /** When the step was taken (ms since epoch). */
  at: number;
  /** The configured duration the deadline counts, and from where (for the ladder's steps). */
  afterMs: number | null;
  from: 'created' | 'cycle' | null;
  /** How long after its deadline the step was taken (ms), when known. */
  lateMs: number | null;
  /** At risk: how long is left until the first-response target (ms). */
  leftMs: number | null;
  /** The group holding the ticket after the step (name when Tierwise knows it). */
  group: GroupRef | null;
  /** Only when the admin allows naming the assignee (alert_show_assignee). */
  assigneeId: number | null;
  /** The admin allows the ticket subject in chat (alert_show_subject). */
  showSubject: boolean;
  locale: Locale;
}

export function alertKey(ticketId: number, kind: AlertKind, cycle: number, destination: string): string {
  return `${ticketId}:${kind}:${cycle}:${destination}`;
}

export interface DeriveInput {
  /** The audit rows of a change that landed (the decision's `audit`, or `recovered`). */
  rows: readonly AuditRow[];
  /** The ticket the decision looked at. */
  ticket: TicketSnapshot;
  /** The clock's deadlines (the decision's facts), for how late each step came. */
  deadlines: Deadlines | null;
  settings: Pick<Settings, 'alert_routes' | 'alert_show_assignee' | 'alert_show_subject' | 'note_locale'>;
}

function dueAt(step: Step, d: Deadlines | null): number | null {
  if (d === null) return null;
  return { at_risk: d.atRisk, breached: d.firstResponse, l1: d.l1, l2: d.l2 }[step];
}

/** The alerts a landed change's steps call for, per the admin's routes; none when no route matches. */
export function deriveAlerts(input: DeriveInput): AlertIntent[] {
  const parsed = parseAlertRoutes(input.settings.alert_routes);
  if (!parsed.ok || parsed.routes.length === 0) return [];
  const alerts: AlertIntent[] = [];
  for (const row of input.rows) {
    if (row.reason.kind !== 'deadline' || !(STEPS as readonly string[]).includes(row.step)) continue;
    const step = row.step as Step;
    const cycle = Number(row.correlationId.slice(row.correlationId.indexOf(':') + 1));
    const at = Date.parse(row.at);
    const due = dueAt(step, input.deadlines);
    const groupChange = row.changes.find((c) => c.field === 'group');
    const group = groupChange?.field === 'group' ? groupChange.to : input.ticket.groupId === null ? null : { id: input.ticket.groupId, name: null };
    for (const destination of destinationsFor(parsed.routes, step, row.tier)) {
      alerts.push({
        key: alertKey(row.ticketId, step, Number.isFinite(cycle) ? cycle : 0, destination),
        kind: step,
        destination,
        ticketId: row.ticketId,
        tier: row.tier,
        scene: row.scene,
        cycle: Number.isFinite(cycle) ? cycle : 0,
        at,
        afterMs: row.reason.afterMs,
        from: row.reason.from,
        lateMs: due === null || step === 'at_risk' ? null : Math.max(0, at - due),
        leftMs: step === 'at_risk' && input.deadlines ? Math.max(0, input.deadlines.firstResponse - at) : null,
        group,
        assigneeId: input.settings.alert_show_assignee ? input.ticket.assigneeId : null,
        showSubject: input.settings.alert_show_subject,
        locale: input.settings.note_locale,
      });
    }
  }
  return alerts;
}

/**
 * Something that happened to a customer, not a step of the ladder: a bad CSAT rating (`id`: the
 * rating's id) or a follow-up task gone overdue (`id`: the task's due time), each alerted once.
 */
export interface CareEvent {
  kind: 'bad_csat' | 'follow_up_overdue';
  ticketId: number;
  id: number;
  tier: Tier | null;
  scene: Scene | null;
  at: number;
  /** How long past its due time the follow-up is (ms); null for a rating. */
  lateMs: number | null;
  groupId: number | null;
  assigneeId: number | null;
}

/** The alerts an event calls for, per the admin's routes (a route naming tiers skips an unknown tier). */
export function eventAlerts(event: CareEvent, settings: DeriveInput['settings']): AlertIntent[] {
  const parsed = parseAlertRoutes(settings.alert_routes);
  if (!parsed.ok) return [];
  return destinationsFor(parsed.routes, event.kind, event.tier).map((destination) => ({
    key: alertKey(event.ticketId, event.kind, event.id, destination),
    kind: event.kind,
    destination,
    ticketId: event.ticketId,
    tier: event.tier,
    scene: event.scene,
    cycle: event.id,
    at: event.at,
    afterMs: null,
    from: null,
    lateMs: event.lateMs,
    leftMs: null,
    group: event.groupId === null ? null : { id: event.groupId, name: null },
    assigneeId: settings.alert_show_assignee ? event.assigneeId : null,
    showSubject: settings.alert_show_subject,
    locale: settings.note_locale,
  }));
}

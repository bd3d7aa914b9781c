/**
 * The service facts the dashboard counts (shared/reports.ts), derived from what a ticket run
 * already has: the decision's facts (shared/decision/facts.ts), the ticket, its Zendesk metric
 * set when the run read one, and the requester's customer data. Pure: the worker stores them.
 *
 * Times come from the ticket's own timestamps wherever Zendesk has them, so a ticket Tierwise
 * first sees long after the fact (a backfill, an imported history) gets the same facts as one it
 * watched live:
 * - the first public agent reply: Zendesk's `reply_time_in_minutes` (minute resolution, counted
 *   by Zendesk itself, present for imported and backfilled tickets) when the run read the metric
 *   set, else when Tierwise saw the reply reported (a webhook, seconds late);
 * - at risk and breached: the line the first reply crossed (creation + share of the target,
 *   creation + target), whoever watched;
 * - L1 / L2: the escalations Tierwise made, at the deadline they fell due; a ticket Tierwise
 *   first saw already solved gets the lines its metrics show it crossed (handled after the L1
 *   line; waiting, pending excluded, past the L2 line), as it was never watched live.
 */
import { isSolved, type Scene, type Tier, type TicketStatus } from './domain.ts';
import type { TicketFacts } from './decision/facts.ts';
import type { Settings } from './settings.ts';
import { HOUR_MS } from './domain.ts';
import { readAmount, type CustomerData, type TierReason } from './tier.ts';

/** The parts of Zendesk's ticket metric set these facts read (all optional: older sets lack some). */
export interface TicketMetricSet {
  reply_time_in_minutes?: { calendar?: number | null } | null;
  requester_wait_time_in_minutes?: { calendar?: number | null } | null;
  full_resolution_time_in_minutes?: { calendar?: number | null } | null;
  initially_assigned_at?: string | null;
  solved_at?: string | null;
  reopens?: number | null;
}

export type CustomerKind = 'organization' | 'user';

export interface ServiceFactsRow {
  ticketId: number;
  createdAtMs: number;
  tier: Tier;
  scene: Scene;
  requesterId: number | null;
  organizationId: number | null;
  customerKind: CustomerKind;
  customerId: number | null;
  status: TicketStatus | null;
  targetMs: number;
  firstReplyAtMs: number | null;
  firstReplySource: 'metric' | 'seen' | null;
  /** true within the target, false not, null not known yet. */
  firstResponseMet: boolean | null;
  atRiskAtMs: number | null;
  breachedAtMs: number | null;
  l1AtMs: number | null;
  l2AtMs: number | null;
  solvedAtMs: number | null;
  reopens: number;
  reopenedAtMs: number | null;
}

export interface CustomerFactsRow {
  kind: CustomerKind;
  customerId: number;
  tier: Tier;
  annualSpend: number | null;
  lastInteractionMs: number | null;
  lastTicketAtMs: number;
}

export interface TicketIds {
  createdAt: number;
  requesterId: number | null;
  organizationId: number | null;
}

export interface ServiceFactsInput {
  facts: TicketFacts;
  ticket: TicketIds;
  /** The newest metric set a run read for this ticket (this run's or an earlier one's), and when. */
  metrics: TicketMetricSet | null;
  metricsReadAt: number | null;
  settings: Settings;
  now: number;
}

const MINUTE_MS = 60_000;

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function minutes(value: { calendar?: number | null } | null | undefined): number | null {
  const n = value?.calendar;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** The line a first reply (or its absence, by `now`) crossed: the line's time, or null. */
function crossed(line: number, replyAt: number | null, now: number): number | null {
  return (replyAt === null ? now > line : replyAt > line) ? line : null;
}

function customerOf(ticket: TicketIds, reason: TierReason): { kind: CustomerKind; id: number | null } {
  const source: CustomerKind = reason.rule === 'no_data' ? (ticket.organizationId !== null ? 'organization' : 'user') : reason.source;
  if (source === 'organization' && ticket.organizationId !== null) return { kind: 'organization', id: ticket.organizationId };
  return { kind: 'user', id: ticket.requesterId };
}

export function serviceFactsOf({ facts, ticket, metrics, metricsReadAt, settings, now }: ServiceFactsInput): ServiceFactsRow {
  const created = ticket.createdAt;
  const replyMinutes = minutes(metrics?.reply_time_in_minutes);
  const firstReplyAtMs = replyMinutes !== null ? created + replyMinutes * MINUTE_MS : facts.firstReplySeenAt;
  const firstReplySource = replyMinutes !== null ? 'metric' : facts.firstReplySeenAt !== null ? 'seen' : null;
  const target = facts.targetMs;
  const breachedAtMs = crossed(created + target, firstReplyAtMs, now);
  const firstResponseMet = firstReplyAtMs !== null ? breachedAtMs === null : breachedAtMs !== null ? false : null;
  const solved = isSolved(facts.status);
  // Zendesk's solved_at, unless Tierwise saw the ticket solved (again) after it last read the metrics.
  const metricSolved = time(metrics?.solved_at);
  const solvedAtMs = !solved ? null : metricSolved !== null && (facts.solvedAt === null || (metricsReadAt !== null && facts.solvedAt <= metricsReadAt)) ? metricSolved : facts.solvedAt;
  const taken = (step: string) => facts.steps.find((s) => s.step === step)?.at ?? null;
  const l1Line = created + settings.escalation_l1_hours * HOUR_MS;
  const l2Line = created + settings.escalation_l2_hours * HOUR_MS;
  const takenL1 = taken('l1');
  const takenL2 = taken('l2');
  // Never watched live: the ticket was solved before Tierwise took any step on it.
  const unwatched = solved && facts.steps.length === 0 && metrics !== null;
  const handledAt = [firstReplyAtMs, time(metrics?.initially_assigned_at), solvedAtMs].filter((t): t is number => t !== null);
  // The customer's wait, pending excluded (L2's own measure); else the full resolution time, an upper bound.
  const waited = minutes(metrics?.requester_wait_time_in_minutes) ?? minutes(metrics?.full_resolution_time_in_minutes);
  const customer = customerOf(ticket, facts.tierReason);
  return {
    ticketId: facts.ticketId,
    createdAtMs: created,
    tier: facts.tier,
    scene: facts.scene,
    requesterId: ticket.requesterId,
    organizationId: ticket.organizationId,
    customerKind: customer.kind,
    customerId: customer.id,
    status: facts.status,
    targetMs: target,
    firstReplyAtMs,
    firstReplySource,
    firstResponseMet,
    atRiskAtMs: crossed(created + target * settings.sla_warning_share, firstReplyAtMs, now),
    breachedAtMs,
    l1AtMs: takenL1 !== null ? Math.min(takenL1, l1Line) : unwatched && handledAt.length > 0 && Math.min(...handledAt) > l1Line ? l1Line : null,
    l2AtMs: takenL2 !== null ? Math.min(takenL2, facts.deadlines?.l2 ?? takenL2) : unwatched && waited !== null && waited * MINUTE_MS > l2Line - created ? l2Line : null,
    solvedAtMs,
    reopens: Math.max(metrics?.reopens ?? 0, facts.reopenedAt !== null ? 1 : 0),
    reopenedAtMs: facts.reopenedAt,
  };
}

/** The customer a ticket counts for, with its annual spend, from the customer data the run read. */
export function customerFactsOf(row: ServiceFactsRow, customer: CustomerData, settings: Settings): CustomerFactsRow | null {
  if (row.customerId === null) return null;
  const record = row.customerKind === 'organization' ? customer.organization : customer.user;
  const fields = record?.fields ?? {};
  const lastInteraction = fields[settings.last_interaction_field];
  const lastInteractionMs = typeof lastInteraction === 'string' ? time(lastInteraction) : null;
  return {
    kind: row.customerKind,
    customerId: row.customerId,
    tier: row.tier,
    annualSpend: readAmount(fields[settings.annual_spend_field]) ?? null,
    lastInteractionMs,
    lastTicketAtMs: row.createdAtMs,
  };
}

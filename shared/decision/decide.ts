/**
 * The one decision about a ticket: given the ticket as Zendesk shows it, its customer, the
 * settings, what Tierwise already did (the record), the escalation groups and the time, what
 * to change (one PUT, or none), the steps it takes, the audit rows, the record to keep and when
 * to look again. Pure: the ticket's Durable Object loads the inputs and writes the outcome.
 */
import type { AuditRow } from '../audit.ts';
import { priorityRank } from '../domain.ts';
import { planTicketChange, type TicketChange } from '../plan.ts';
import { tierPriority } from '../priority.ts';
import { resolveScene, type SceneResult } from '../scene.ts';
import type { Settings } from '../settings.ts';
import { dueSteps, startClock, STEPS, type SlaClock, type Step } from '../sla.ts';
import { tagVocabulary } from '../tags.ts';
import { classifyTier, type CustomerData, type TierResult } from '../tier.ts';
import { auditRows } from './audit-rows.ts';
import { factsOf, type TicketFacts } from './facts.ts';
import { escalationLevels, type EscalationGroups } from './groups.ts';
import { progressOf, wakeAt, type TicketRecord } from './record.ts';
import { settleInFlight } from './recovery.ts';
import type { TicketSnapshot } from './ticket.ts';

export interface DecisionInput {
  ticket: TicketSnapshot;
  customer: CustomerData;
  settings: Settings;
  /** What Tierwise already did and saw, with the ticket above already followed (`sawTicket`). */
  record: TicketRecord;
  /** A deadline passed: take the steps that are due (see `startRun`). */
  checkSteps: boolean;
  groups: EscalationGroups;
  /** ms since epoch */
  now: number;
}

export interface TicketDecision {
  tier: TierResult;
  scene: SceneResult;
  /** The change to make in one PUT, or null: no Zendesk call. */
  change: TicketChange | null;
  /** The escalation steps the change takes. */
  steps: Step[];
  /** The change's audit rows: write them once it landed. */
  audit: AuditRow[];
  /** Rows of an earlier run's change found landed on the ticket: write them first (idempotent). */
  recovered: AuditRow[];
  /** Store before the PUT (write-ahead): the change in flight. Null when there is no change. */
  writeAhead: TicketRecord | null;
  /** Store once the change landed, or at once when there is none. */
  record: TicketRecord;
  /** What stands when Zendesk refused the change because the ticket moved on (409): read it again and decide from this. */
  unchanged: TicketRecord;
  /**
   * What stands when Zendesk refused the change for good (a permanent 4xx): its steps count as
   * attempted (done, so not retried; not taken), its tier as applied, nothing in flight; the
   * clock goes on to later steps.
   */
  refused: TicketRecord;
  /** When to look at the ticket next (its next deadline), or null: nothing left to watch. */
  wakeAt: number | null;
  /** What Tierwise knows about the ticket once the change landed, for every reader. */
  facts: TicketFacts;
}

interface Assessment {
  tier: TierResult;
  scene: SceneResult;
  clock: SlaClock;
  base: TicketRecord;
  recovered: AuditRow[];
  steps: Step[];
}

function assess(input: Omit<DecisionInput, 'groups'>): Assessment {
  const { ticket, customer, settings, record, now } = input;
  const tier = classifyTier(customer, settings);
  const scene = resolveScene({ tags: ticket.tags, custom_fields: ticket.customFields }, settings);
  const started = record.clock ?? { ...startClock(tier.tier, scene.scene, ticket.createdAt, ticket.status, now), done: stepsTagged(ticket, settings) };
  const settled = settleInFlight(record, ticket, { ...started, tier: tier.tier, scene: scene.scene }, now);
  const base = { ...settled.record, clock: settled.clock };
  const steps = input.checkSteps ? dueSteps(settled.clock, progressOf(base), settings, now) : [];
  return { tier, scene, clock: settled.clock, base, recovered: settled.recovered, steps };
}

/** The escalation groups are needed only when an escalation step is due (they cost a Zendesk call). */
export function groupsNeeded(input: Omit<DecisionInput, 'groups'>): boolean {
  return escalatingLevels(input).length > 0;
}

/** The levels the due steps escalate to (their groups' members are loaded), lowest first. */
export function escalatingLevels(input: Omit<DecisionInput, 'groups'>): Array<'l1' | 'l2'> {
  return escalationLevels(assess(input).steps);
}

/**
 * A clock started afresh on a ticket that already carries step tags (restored after a deletion,
 * or its stored state lost): those steps were taken, and are not taken again.
 */
function stepsTagged(ticket: TicketSnapshot, settings: Settings): Step[] {
  const vocabulary = tagVocabulary(settings.tag_prefix);
  return STEPS.filter((step) => ticket.tags.includes(vocabulary.stepTag(step)));
}

export function decideTicket(input: DecisionInput): TicketDecision {
  const { ticket, settings, groups, now } = input;
  const { tier, scene, clock, base, recovered, steps } = assess(input);
  const applied = { tier: tier.tier, scene: scene.scene };
  // The tier's priority is set when the tier or scene is new to Tierwise, raise-only; not on every
  // event, so an agent who deliberately lowers it is not overruled.
  const applyTierPriority = base.applied === null || base.applied.tier !== applied.tier || base.applied.scene !== applied.scene;
  // A change Zendesk refused for good is not tried again on the same version of the ticket.
  const planned = planTicketChange({
    ticket,
    tier: applied.tier,
    scene: applied.scene,
    settings,
    steps,
    groupIds: { l1: groups.l1?.id ?? null, l2: groups.l2?.id ?? null },
    ...(groups.members ? { members: groups.members } : {}),
    ...(groups.assigneeName !== undefined ? { assigneeName: groups.assigneeName } : {}),
    locale: settings.note_locale,
    applyTierPriority,
  });
  const change = steps.length === 0 && base.refusedOn === ticket.updatedAt ? null : planned;
  const audit = change ? auditRows({ ticket, change, steps, tier, scene: applied.scene, settings, groups, now, cycle: clock.cycleStartedAt }) : [];
  // The tier's priority counts as applied only once the ticket actually has at least it.
  const priorityNow = change?.priority ?? ticket.priority;
  const tierApplied = !applyTierPriority || priorityRank(priorityNow) >= priorityRank(tierPriority(applied.tier, applied.scene, settings));
  const record: TicketRecord = {
    ...base,
    clock: { ...clock, done: [...new Set([...clock.done, ...steps])] },
    applied: tierApplied ? applied : base.applied,
    taken: [...base.taken, ...steps.map((step) => ({ step, at: now }))],
  };
  return {
    tier,
    scene,
    change,
    steps,
    audit,
    recovered,
    writeAhead: change ? { ...base, inFlight: { change, steps, cycle: clock.cycleStartedAt, applied, audit, at: now } } : null,
    record,
    unchanged: base,
    refused: { ...record, applied, taken: base.taken, refusedOn: ticket.updatedAt },
    wakeAt: wakeAt(record, settings),
    facts: factsOf(ticket.id, record, tier, scene, settings),
  };
}

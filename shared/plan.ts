/**
 * The smallest ticket change that makes Zendesk agree with Tierwise: tier tag, tier priority
 * (raise-only), and the escalation steps that are due. One change -> one PUT; null -> no call.
 */
import { priorityRank, type Locale, type Priority, type Scene, type Tier } from './domain.ts';
import { escalationNote } from './explain.ts';
import { raiseOnly, tierPriority } from './priority.ts';
import type { Settings } from './settings.ts';
import { firstResponseTargetMs, type Step } from './sla.ts';
import { sameTags, tagVocabulary } from './tags.ts';

export interface TicketState {
  priority: Priority | null;
  tags: readonly string[];
  groupId: number | null;
}

export interface TicketChange {
  priority?: Priority;
  tags?: string[];
  group_id?: number;
  comment?: { body: string; public: false };
}

export interface PlanInput {
  ticket: TicketState;
  tier: Tier;
  scene: Scene;
  settings: Settings;
  /** Escalation steps to take now (from `dueSteps`). */
  steps?: readonly Step[];
  /** Group ids for the escalation groups, resolved from the settings' names. */
  groupIds?: { l1: number | null; l2: number | null };
  locale?: Locale;
  /**
   * Set the tier's priority (raise-only). True when the tier or scene is new to Tierwise; false
   * afterwards, so an agent who deliberately lowers a priority is not overruled on every event.
   */
  applyTierPriority?: boolean;
}

export function planTicketChange(input: PlanInput): TicketChange | null {
  const { ticket, tier, scene, settings } = input;
  const steps = input.steps ?? [];
  const vocabulary = tagVocabulary(settings.tag_prefix);
  const change: TicketChange = {};

  const tags = ticket.tags.filter((tag) => vocabulary.tierOf(tag) === null || vocabulary.tierOf(tag) === tier);
  const wantedTags = [vocabulary.tier(tier), ...steps.map((step) => vocabulary.stepTag(step))];
  for (const tag of wantedTags) if (!tags.includes(tag)) tags.push(tag);
  if (!sameTags(tags, ticket.tags)) change.tags = tags;

  let wanted: Priority | null = input.applyTierPriority === false ? null : tierPriority(tier, scene, settings);
  if (steps.includes('l2') && priorityRank(settings.escalation_l2_priority) > priorityRank(wanted)) wanted = settings.escalation_l2_priority;
  const priority = wanted === null ? null : raiseOnly(ticket.priority, wanted);
  if (priority) change.priority = priority;

  const group = steps.includes('l2') ? input.groupIds?.l2 : steps.includes('l1') ? input.groupIds?.l1 : null;
  if (group != null && group !== ticket.groupId) change.group_id = group;

  if (steps.length > 0) {
    const note = escalationNote(steps, {
      tier,
      scene,
      targetHours: firstResponseTargetMs(tier, scene, settings) / 3_600_000,
      hours: { l1: settings.escalation_l1_hours, l2: settings.escalation_l2_hours },
      groups: { l1: settings.escalation_l1_group, l2: settings.escalation_l2_group },
      priority: change.priority ?? ticket.priority ?? '-',
    }, input.locale ?? 'en');
    change.comment = { body: note, public: false };
  }
  return Object.keys(change).length > 0 ? change : null;
}

/**
 * The smallest ticket change that makes Zendesk agree with Tierwise: tier tag, tier priority
 * (raise-only), and the escalation steps that are due. One change -> one PUT; null -> no call.
 */
import { priorityRank, type Locale, type Priority, type Scene, type Tier } from './domain.ts';
import { escalationLevels } from './decision/groups.ts';
import { escalationNote, type EscalationOutcome } from './explain.ts';
import { raiseOnly, tierPriority } from './priority.ts';
import type { Settings } from './settings.ts';
import { firstResponseTargetMs, type Step } from './sla.ts';
import { sameTags, tagVocabulary } from './tags.ts';

export interface TicketState {
  priority: Priority | null;
  tags: readonly string[];
  groupId: number | null;
  assigneeId?: number | null;
}

/** Zendesk's documented shape for adding a follower in a ticket update. */
export interface FollowerUpdate {
  user_id: number;
  action: 'put';
}

export interface TicketChange {
  priority?: Priority;
  tags?: string[];
  group_id?: number;
  /** null: unassign (a move to a group the assignee is not a member of). */
  assignee_id?: null;
  followers?: FollowerUpdate[];
  comment?: { body: string; public: false };
}

export interface PlanInput {
  ticket: TicketState;
  tier: Tier;
  scene: Scene;
  settings: Settings;
  /** Escalation steps to take now (from `dueSteps`). */
  steps?: readonly Step[];
  /** Group ids for the escalation groups, resolved from the settings' names; null: no group by that name. */
  groupIds?: { l1: number | null; l2: number | null };
  /** The members (user ids) of the escalating level's group, when loaded. */
  members?: { l1?: readonly number[] | null; l2?: readonly number[] | null };
  /** The ticket's assignee by name, for the note when a move unassigns them. */
  assigneeName?: string | null;
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

  const outcomes: { l1?: EscalationOutcome; l2?: EscalationOutcome } = {};
  Object.assign(change, escalate(input, escalationLevels(steps), outcomes));

  if (steps.length > 0) {
    const note = escalationNote(steps, {
      tier,
      scene,
      targetHours: firstResponseTargetMs(tier, scene, settings) / 3_600_000,
      hours: { l1: settings.escalation_l1_hours, l2: settings.escalation_l2_hours },
      groups: { l1: settings.escalation_l1_group, l2: settings.escalation_l2_group },
      priority: change.priority ?? ticket.priority ?? '-',
      outcomes,
    }, input.locale ?? 'en');
    change.comment = { body: note, public: false };
  }
  return Object.keys(change).length > 0 ? change : null;
}

/**
 * The group part of the escalation steps due, each level by its mode
 * (docs/rules.md#handled-solved-and-escalation): `move` sets the level's group and unassigns an
 * assignee who is not a member of it (Zendesk refuses a ticket whose assignee is outside its
 * group); `bring_in` adds the group's members as followers and leaves group and assignee alone.
 * When both levels move, the ticket goes to the higher one's group. A level without a group by
 * the configured name is taken with no group part, and `outcomes` says so.
 */
function escalate(input: PlanInput, levels: ReadonlyArray<'l1' | 'l2'>, outcomes: { l1?: EscalationOutcome; l2?: EscalationOutcome }): Pick<TicketChange, 'group_id' | 'assignee_id' | 'followers'> {
  const { ticket, settings } = input;
  const assignee = ticket.assigneeId ?? null;
  const part: Pick<TicketChange, 'group_id' | 'assignee_id' | 'followers'> = {};
  const followers = new Set<number>();
  for (const level of levels) {
    const groupId = input.groupIds ? input.groupIds[level] : undefined;
    const members = input.members?.[level] ?? null;
    if (groupId === null) {
      outcomes[level] = { kind: 'missing' };
    } else if (settings[`escalation_${level}_mode`] === 'bring_in') {
      outcomes[level] = { kind: 'brought_in' };
      for (const id of members ?? []) if (id !== assignee) followers.add(id);
    } else if (groupId === undefined || groupId === ticket.groupId) {
      outcomes[level] = { kind: 'moved' };
    } else {
      const unassign = assignee !== null && members !== null && !members.includes(assignee);
      outcomes[level] = unassign ? { kind: 'moved', unassigned: input.assigneeName ?? null } : { kind: 'moved' };
      part.group_id = groupId;
      if (unassign) part.assignee_id = null;
      else delete part.assignee_id;
    }
  }
  if (followers.size > 0) part.followers = [...followers].map((user_id) => ({ user_id, action: 'put' as const }));
  return part;
}

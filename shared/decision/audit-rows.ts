/**
 * The audit rows of one change (the contract of shared/audit.ts): one for its tier part (tier
 * tag, tier priority) and one per escalation step (the step's tag, the group it moved the
 * ticket to, the L2 priority), each with the fields it changed, before and after.
 */
import type { AuditChange, AuditRow } from '../audit.ts';
import type { Scene } from '../domain.ts';
import type { TicketChange } from '../plan.ts';
import type { Settings } from '../settings.ts';
import { stepDelay, type Step } from '../sla.ts';
import { tagVocabulary } from '../tags.ts';
import type { TierResult } from '../tier.ts';
import { escalationLevel, escalationLevels, groupRef, type EscalationGroups } from './groups.ts';
import type { TicketSnapshot } from './ticket.ts';

export interface AuditInput {
  ticket: TicketSnapshot;
  change: TicketChange;
  steps: readonly Step[];
  tier: TierResult;
  scene: Scene;
  settings: Settings;
  groups: EscalationGroups;
  /** ms since epoch: when the change is made. */
  now: number;
  /** The resolution cycle the steps belong to: a step is recorded once per cycle. */
  cycle: number;
}

export function auditRows(input: AuditInput): AuditRow[] {
  const { ticket, change, steps, tier, scene, settings, groups } = input;
  const vocabulary = tagVocabulary(settings.tag_prefix);
  const isTierTag = (tag: string) => vocabulary.tierOf(tag) !== null;
  const added = change.tags ? change.tags.filter((t) => !ticket.tags.includes(t)) : [];
  const removed = change.tags ? ticket.tags.filter((t) => !change.tags!.includes(t)) : [];
  const level = escalationLevel(steps);
  const base = { ticketId: ticket.id, tier: tier.tier, scene, at: new Date(input.now).toISOString() };

  const tagChange = (belongs: (tag: string) => boolean): AuditChange[] => {
    const a = added.filter(belongs);
    const r = removed.filter(belongs);
    return a.length + r.length > 0 ? [{ field: 'tags', added: a, removed: r }] : [];
  };
  const priorityChange = (): AuditChange[] => (change.priority ? [{ field: 'priority', from: ticket.priority, to: change.priority }] : []);

  const rows: AuditRow[] = [];
  // The L2 step raises the priority for its own reason; otherwise a priority change is the tier's.
  const tierChanges = [...(level === 'l2' ? [] : priorityChange()), ...tagChange(isTierTag)];
  if (tierChanges.length > 0) {
    rows.push({ ...base, step: 'tier', reason: { kind: 'tier', tier: tier.reason }, changes: tierChanges, correlationId: `tier:${ticket.updatedAt}` });
  }
  for (const step of steps) {
    const changes: AuditChange[] = [...tagChange((tag) => tag === vocabulary.stepTag(step))];
    if (step === 'l1' || step === 'l2') changes.push(...groupPart(step, input));
    if (step === 'l2') changes.push(...priorityChange());
    rows.push({ ...base, step, reason: { kind: 'deadline', step, ...stepDelay(step, tier.tier, scene, settings) }, changes, correlationId: `${step}:${input.cycle}` });
  }
  // No group by the configured name: the step went out without its group part; tell the admin.
  for (const level of escalationLevels(steps).filter((l) => groups[l] === null)) {
    const setting = `escalation_${level}_group` as const;
    rows.push({
      ...base,
      step: 'refused',
      reason: { kind: 'refused', step: level, status: 404, error: 'GroupNotFound', description: `no Zendesk group named "${settings[setting]}" (setting ${setting})` },
      changes: [],
      correlationId: `refused:${level}:${input.cycle}`,
    });
  }
  return rows;
}

/** What a level's step did to group, assignee and followers (each by the level's mode). */
function groupPart(level: 'l1' | 'l2', { ticket, change, groups, settings }: AuditInput): AuditChange[] {
  const own = groups[level];
  if (settings[`escalation_${level}_mode`] === 'bring_in') {
    const members = groups.members?.[level] ?? [];
    const added = (change.followers ?? []).map((f) => f.user_id).filter((id) => members.includes(id));
    return added.length > 0 ? [{ field: 'followers', added }] : [];
  }
  if (!own || change.group_id !== own.id) return [];
  return [
    { field: 'group', from: ticket.groupId === null ? null : groupRef(ticket.groupId, groups), to: groupRef(change.group_id, groups) },
    ...(change.assignee_id === null ? [{ field: 'assignee' as const, from: ticket.assigneeId, to: null }] : []),
  ];
}

/** What Zendesk said when it refused a change for good (a permanent 4xx), without personal data. */
export interface Refusal {
  status: number;
  error: string;
  description: string;
}

/**
 * The row of a change Zendesk refused: the step it was for (the highest escalation step, else
 * the tier part), what Zendesk said, and the fields the change would have made.
 */
export function refusalRow(planned: readonly AuditRow[], steps: readonly Step[], refusal: Refusal, at: number, cycle: number): AuditRow | null {
  const first = planned[0];
  if (!first) return null;
  const step = escalationLevel(steps) ?? steps[steps.length - 1] ?? 'tier';
  return {
    ticketId: first.ticketId,
    step: 'refused',
    tier: first.tier,
    scene: first.scene,
    reason: { kind: 'refused', step, ...refusal },
    changes: planned.filter((row) => row.step !== 'refused').flatMap((row) => row.changes),
    at: new Date(at).toISOString(),
    correlationId: `refused:${step}:${step === 'tier' ? first.correlationId : cycle}:${refusal.status}`,
  };
}

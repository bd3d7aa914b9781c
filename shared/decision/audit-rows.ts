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
import { escalationLevel, groupRef, type EscalationGroups } from './groups.ts';
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
    if (step === level && change.group_id !== undefined) {
      changes.push({ field: 'group', from: ticket.groupId === null ? null : groupRef(ticket.groupId, groups), to: groupRef(change.group_id, groups) });
    }
    if (step === 'l2') changes.push(...priorityChange());
    rows.push({ ...base, step, reason: { kind: 'deadline', step, ...stepDelay(step, tier.tier, scene, settings) }, changes, correlationId: `${step}:${input.cycle}` });
  }
  return rows;
}

/**
 * What a ticket's escalation steps should have done to its group, assignee and followers, by
 * each level's mode (docs/rules.md#handled-solved-and-escalation): `move` puts the ticket in the
 * level's group and unassigns an assignee who is not a member of it; `bring_in` adds the group's
 * members as followers and leaves group and assignee as they are.
 */
import type { EscalationOutcome } from '../../shared/explain.ts';
import type { EscalationMode, Settings } from '../../shared/settings.ts';
import type { Step } from '../../shared/sla.ts';

export type { EscalationOutcome };

export type Level = 'l1' | 'l2';
export const LEVELS: readonly Level[] = ['l1', 'l2'];

export interface LevelGroup {
  id: number | null;
  members: readonly number[];
}

export interface Placement {
  group: number | null;
  assignee: number | null;
  followers: number[];
  outcomes: Partial<Record<Level, EscalationOutcome>>;
}

export function escalationMode(settings: Settings, level: Level): EscalationMode {
  return settings[`escalation_${level}_mode`];
}

/** From where the agents left the ticket, apply each step's effect in order. */
export function expectedPlacement(
  start: { group: number | null; assignee: number | null },
  steps: readonly Step[],
  groups: Record<Level, LevelGroup>,
  settings: Settings,
  nameOf: (userId: number) => string | null,
): Placement {
  let { group, assignee } = start;
  const followers = new Set<number>();
  const outcomes: Placement['outcomes'] = {};
  for (const level of LEVELS) {
    if (!steps.includes(level)) continue;
    const target = groups[level];
    if (escalationMode(settings, level) === 'bring_in') {
      for (const member of target.members) if (member !== assignee) followers.add(member);
      outcomes[level] = { kind: 'brought_in' };
      continue;
    }
    if (target.id === null || target.id === group) {
      outcomes[level] = { kind: 'moved' };
      continue;
    }
    const unassign = assignee !== null && !target.members.includes(assignee);
    outcomes[level] = unassign ? { kind: 'moved', unassigned: nameOf(assignee!) } : { kind: 'moved' };
    if (unassign) assignee = null;
    group = target.id;
  }
  return { group, assignee, followers: [...followers], outcomes };
}

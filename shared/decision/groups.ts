/**
 * The escalation groups a decision may move a ticket to (or bring in), resolved by the caller
 * from the settings' names (null: no group by that name), with what the caller loaded for the
 * level that escalates: its group's members and the ticket's assignee by name.
 */
import type { GroupRef } from '../audit.ts';
import type { Step } from '../sla.ts';

export interface EscalationGroups {
  l1: GroupRef | null;
  l2: GroupRef | null;
  /** Members (user ids) of each level's group, loaded only for the levels that escalate. */
  members?: { l1?: readonly number[] | null; l2?: readonly number[] | null };
  /** The ticket's assignee by name, loaded only when a move takes the ticket from them. */
  assigneeName?: string | null;
}

export const NO_GROUPS: EscalationGroups = { l1: null, l2: null };

/** The escalation levels the steps take, lowest first. */
export function escalationLevels(steps: readonly Step[]): Array<'l1' | 'l2'> {
  return (['l1', 'l2'] as const).filter((level) => steps.includes(level));
}

/** The escalation level whose group a set of steps moves the ticket to: the highest one taken. */
export function escalationLevel(steps: readonly Step[]): 'l1' | 'l2' | null {
  return steps.includes('l2') ? 'l2' : steps.includes('l1') ? 'l1' : null;
}

/** A group as a person knows it: one of the escalation groups when the id is theirs, else the bare id. */
export function groupRef(id: number, groups: EscalationGroups): GroupRef {
  return [groups.l1, groups.l2].find((g) => g?.id === id) ?? { id, name: null };
}

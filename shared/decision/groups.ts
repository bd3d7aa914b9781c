/** The escalation groups a decision may move a ticket to, resolved by the caller from the settings' names. */
import type { GroupRef } from '../audit.ts';
import type { Step } from '../sla.ts';

export interface EscalationGroups {
  l1: GroupRef | null;
  l2: GroupRef | null;
}

export const NO_GROUPS: EscalationGroups = { l1: null, l2: null };

/** The escalation level whose group a set of steps moves the ticket to: the highest one taken. */
export function escalationLevel(steps: readonly Step[]): 'l1' | 'l2' | null {
  return steps.includes('l2') ? 'l2' : steps.includes('l1') ? 'l1' : null;
}

/** A group as a person knows it: one of the escalation groups when the id is theirs, else the bare id. */
export function groupRef(id: number, groups: EscalationGroups): GroupRef {
  return [groups.l1, groups.l2].find((g) => g?.id === id) ?? { id, name: null };
}

/** Priority policy (docs/rules.md#priority): tier x scene -> priority, and raise-only. */
import { PRIORITIES, priorityRank, type Priority, type Scene, type Tier } from './domain.ts';
import type { Settings } from './settings.ts';

export function tierPriority(tier: Tier, scene: Scene, settings: Settings): Priority {
  const base = { core: settings.priority_core, potential: settings.priority_potential, basic: settings.priority_basic }[tier];
  if (scene !== 'aftersale' || !settings.priority_aftersale_raise) return base;
  return raisedOneStep(base);
}

export function raisedOneStep(priority: Priority): Priority {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + 1, PRIORITIES.length - 1)]!;
}

/**
 * The priority to write, or null when nothing should change: automation only ever raises,
 * so a priority an agent set higher by hand stays.
 */
export function raiseOnly(current: Priority | null, wanted: Priority): Priority | null {
  return priorityRank(wanted) > priorityRank(current) ? wanted : null;
}

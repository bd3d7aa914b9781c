/** Every tag Tierwise writes, under one configurable prefix (default `tierwise`). */
import { TIERS, type Tier } from './domain.ts';
import type { Step } from './sla.ts';

export type EscalationTag = 'sla_at_risk' | 'sla_breached' | 'escalated_l1' | 'escalated_l2';

/** The tag that marks each step taken on a ticket (after the prefix). */
export const STEP_TAG: Record<Step, EscalationTag> = { at_risk: 'sla_at_risk', breached: 'sla_breached', l1: 'escalated_l1', l2: 'escalated_l2' };

export interface TagVocabulary {
  tier(tier: Tier): string;
  /** The tier a tag names, if it is one of ours. */
  tierOf(tag: string): Tier | null;
  /** The tag of an escalation step, e.g. `tierwise_escalated_l1` for `l1`. */
  stepTag(step: Step): string;
  isOurs(tag: string): boolean;
}

export function tagVocabulary(prefix: string): TagVocabulary {
  const tierTags = new Map<string, Tier>(TIERS.map((tier) => [`${prefix}_tier_${tier}`, tier]));
  return {
    tier: (tier) => `${prefix}_tier_${tier}`,
    tierOf: (tag) => tierTags.get(tag) ?? null,
    stepTag: (step) => `${prefix}_${STEP_TAG[step]}`,
    isOurs: (tag) => tag.startsWith(`${prefix}_`),
  };
}

/** Zendesk tags are lower-case, without spaces; keep the order, drop duplicates. */
export function normaliseTags(tags: readonly unknown[] | null | undefined): string[] {
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    if (typeof tag !== 'string') continue;
    const t = tag.trim().toLowerCase();
    if (t) seen.add(t);
  }
  return [...seen];
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((tag) => set.has(tag));
}

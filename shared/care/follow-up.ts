/**
 * A follow-up as recorded when its care task is solved (docs/rules.md#care-cadence): the method,
 * the customer's confirmation and the optional 1-10 scores on the five service dimensions, read
 * from the task's tags (Zendesk writes a tag for each drop-down option and checked checkbox of
 * the task's form: `<prefix>_method_phone`, `<prefix>_confirmed`, `<prefix>_score_timeliness_8`).
 * No free text: feedback and pending items stay on the ticket, in Zendesk. Pure.
 */
import { DIMENSIONS, type Dimension } from '../reports.ts';
import type { Settings } from '../settings.ts';
import { startOfDay } from './dates.ts';

/** The care tasks' ticket form, as `npm run zendesk:setup` names it; care tasks render with it when the account has it. */
export const FOLLOW_UP_FORM_NAME = 'Tierwise follow-up 回访记录';

export const FOLLOW_UP_METHODS = ['phone', 'visit', 'video', 'wechat', 'email'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];

export interface FollowUpRecord {
  method: FollowUpMethod | null;
  confirmed: boolean;
  /** Only the dimensions someone scored, each 1-10. */
  scores: Partial<Record<Dimension, number>>;
}

export function followUpTags(settings: Pick<Settings, 'tag_prefix'>) {
  const p = settings.tag_prefix;
  return {
    method: (m: FollowUpMethod) => `${p}_method_${m}`,
    confirmed: `${p}_confirmed`,
    score: (d: Dimension, n: number) => `${p}_score_${d}_${n}`,
  };
}

/** The record a solved task's tags hold; a tag outside the scheme (a score of 11) is not read. */
export function readFollowUp(tags: readonly string[], settings: Pick<Settings, 'tag_prefix'>): FollowUpRecord {
  const names = followUpTags(settings);
  const set = new Set(tags);
  const scores: Partial<Record<Dimension, number>> = {};
  for (const dimension of DIMENSIONS) {
    for (let n = 10; n >= 1; n--) {
      if (set.has(names.score(dimension, n))) {
        scores[dimension] = n;
        break;
      }
    }
  }
  return {
    method: FOLLOW_UP_METHODS.find((m) => set.has(names.method(m))) ?? null,
    confirmed: set.has(names.confirmed),
    scores,
  };
}

/** A customer's latest follow-up done: when, and the next date its record set (UTC midnight, or null). */
export interface LatestFollowUp {
  doneAt: number;
  nextDate: number | null;
}

/**
 * A customer as the planner sees them after their latest follow-up: it is their last interaction
 * (UTC midnight of its day, never moved back), and a next date it set is their next follow-up.
 */
export function withFollowUp<C extends { lastInteraction: number | null; nextFollowUp?: number | null }>(customer: C, latest: LatestFollowUp | undefined): C {
  if (latest === undefined) return customer;
  const day = startOfDay(latest.doneAt);
  const lastInteraction = customer.lastInteraction !== null && customer.lastInteraction >= day ? customer.lastInteraction : day;
  return { ...customer, lastInteraction, nextFollowUp: latest.nextDate === null ? null : startOfDay(latest.nextDate) };
}

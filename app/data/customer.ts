/**
 * What the agent should know about a customer (docs/rules.md#tiers, #customer-tags), as a pure function of
 * the user's and organization's data: tier + reason, tag groups, care dates, churn risk.
 */
import type { Locale } from '../../shared/domain.ts';
import { explainTier } from '../../shared/explain.ts';
import type { Settings } from '../../shared/settings.ts';
import { tagVocabulary } from '../../shared/tags.ts';
import { classifyTier, type TierResult } from '../../shared/tier.ts';
import { DAY_MS as DAY, daysUntilNext, readDate } from '../../shared/care/dates.ts';

export { daysUntilNext, readDate };

export interface CustomerInput {
  user?: { name?: string | null; tags?: readonly string[]; fields?: Readonly<Record<string, unknown>> } | null;
  organization?: { name?: string | null; tags?: readonly string[]; fields?: Readonly<Record<string, unknown>> } | null;
}

export interface TagGroups {
  preferences: string[];
  complaints: string[];
  feedback: string[];
  escalations: string[];
}

export type CareKind = 'birthday' | 'anniversary';

export interface CareDate {
  kind: CareKind;
  /** The stored date (UTC midnight). */
  date: number;
  /** Days until the next occurrence (0 = today). */
  daysUntil: number;
  /** Within `care_date_window_days`: greet or send a gift. */
  soon: boolean;
}

export interface ChurnReading {
  daysSince: number;
  atRisk: boolean;
}

export interface CustomerView {
  tier: TierResult;
  explanation: string;
  tags: TagGroups;
  careDates: CareDate[];
  churn: ChurnReading | null;
}

/** Customer tags, grouped; Tierwise's own tags are not the customer's. */
export function groupTags(tags: readonly string[], tagPrefix: string): TagGroups {
  const ours = tagVocabulary(tagPrefix);
  const groups: TagGroups = { preferences: [], complaints: [], feedback: [], escalations: [] };
  for (const tag of new Set(tags)) {
    if (ours.isOurs(tag)) continue;
    if (tag.startsWith('pref_')) groups.preferences.push(tag);
    else if (tag.startsWith('complaint')) groups.complaints.push(tag);
    else if (tag.startsWith('feedback')) groups.feedback.push(tag);
    else if (tag.startsWith('escalat')) groups.escalations.push(tag);
  }
  return groups;
}

/** "pref_video_call" -> "video call", "complaint_late_delivery" -> "late delivery", "complaint" -> "complaint". */
export function tagLabel(tag: string): string {
  const rest = tag.replace(/^(pref|complaints?|feedback|escalat\w*?|escalated|escalation)_/, '');
  return (rest || tag).replace(/_/g, ' ');
}

function field(input: CustomerInput, key: string): unknown {
  const fromUser = input.user?.fields?.[key];
  return fromUser !== undefined && fromUser !== null && fromUser !== '' ? fromUser : input.organization?.fields?.[key];
}

export function careDates(input: CustomerInput, settings: Settings, now: number): CareDate[] {
  const kinds: Array<[CareKind, string]> = [
    ['birthday', settings.birthday_field],
    ['anniversary', settings.anniversary_field],
  ];
  const dates: CareDate[] = [];
  for (const [kind, key] of kinds) {
    const date = readDate(field(input, key));
    if (date === null) continue;
    const daysUntil = daysUntilNext(date, now);
    dates.push({ kind, date, daysUntil, soon: daysUntil <= settings.care_date_window_days });
  }
  return dates;
}

export function churnReading(input: CustomerInput, settings: Settings, now: number): ChurnReading | null {
  const last = readDate(field(input, settings.last_interaction_field));
  if (last === null) return null;
  const daysSince = Math.max(0, Math.floor((now - last) / DAY));
  return { daysSince, atRisk: daysSince >= settings.churn_after_days };
}

export function buildCustomerView(input: CustomerInput, settings: Settings, locale: Locale, now: number): CustomerView {
  const tier = classifyTier(
    {
      user: input.user ? { name: input.user.name ?? null, fields: input.user.fields ?? null } : null,
      organization: input.organization ? { name: input.organization.name ?? null, fields: input.organization.fields ?? null } : null,
    },
    settings,
  );
  return {
    tier,
    explanation: explainTier(tier, locale),
    tags: groupTags([...(input.user?.tags ?? []), ...(input.organization?.tags ?? [])], settings.tag_prefix),
    careDates: careDates(input, settings, now),
    churn: churnReading(input, settings, now),
  };
}

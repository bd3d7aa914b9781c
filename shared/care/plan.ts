/**
 * The care cadence as follow-up tasks (docs/rules.md#care-cadence, #playbook): given the customers,
 * the settings and today, which follow-ups are due. Pure: the worker reads the customers, runs this
 * once a day and creates each task as a Zendesk task ticket whose external_id is the task's key, so
 * a rerun finds what it already created instead of creating it again.
 */
import type { Tier } from '../domain.ts';
import type { Settings } from '../settings.ts';
import { DAY_MS, daysBetween, isoDay, nextOccurrence, startOfDay } from './dates.ts';
import { parseHolidays } from './holidays.ts';

export type CustomerKind = 'user' | 'organization';

export interface CustomerRef {
  kind: CustomerKind;
  id: number;
}

export interface CareCustomer extends CustomerRef {
  tier: Tier;
  /** UTC midnight of the last interaction, or null when none is recorded. */
  lastInteraction: number | null;
  birthday: number | null;
  anniversary: number | null;
  /** The customer already carries the churn-risk tag. */
  churnTagged: boolean;
  accountManagerId: number | null;
  /** The next follow-up date the last follow-up's record set (UTC midnight): it replaces the cadence's. */
  nextFollowUp?: number | null;
  /**
   * A person of an organization customer: the organization is the customer (docs/rules.md#tiers),
   * so only the person's own care dates (a birthday) apply to them.
   */
  member?: boolean;
}

/** A satisfaction rating, as the CSAT pull delivers it; only `bad` asks for a return call. */
export interface CsatRating {
  id: number;
  ticketId: number;
  score: string;
  ratedAt: number;
  customer: CustomerRef;
}

export type CareRule = 'cadence' | 'survey' | 'birthday' | 'anniversary' | 'holiday' | 'winback' | 'csat';

export type CareAssignee = { kind: 'user'; id: number } | { kind: 'group'; name: string } | null;

export interface CareTask {
  /** Stable across runs: the Zendesk external_id of the task ticket. */
  key: string;
  rule: CareRule;
  customer: CustomerRef;
  tier: Tier | null;
  /** When the follow-up must be done by (ms). */
  dueAt: number;
  assignee: CareAssignee;
  /** The day the task is about (YYYY-MM-DD): the care date, the holiday, the cadence's due day. */
  day: string | null;
  holiday?: string;
  ticketId?: number;
  daysSinceContact?: number;
}

export interface ChurnTagChange {
  customer: CustomerRef;
  action: 'add' | 'remove';
}

export interface CarePlan {
  tasks: CareTask[];
  churnTags: ChurnTagChange[];
}

const HOLIDAY_TIERS: readonly Tier[] = ['core', 'potential'];

/** The prefix every care task key starts with, e.g. `tierwise-care:`. */
export function careKeyPrefix(settings: Pick<Settings, 'tag_prefix'>): string {
  return `${settings.tag_prefix}-care:`;
}

/** The key prefix of one customer's tasks, e.g. `tierwise-care:o12:`. */
export function customerKeyPrefix(customer: CustomerRef, settings: Pick<Settings, 'tag_prefix'>): string {
  return `${careKeyPrefix(settings)}${customer.kind === 'user' ? 'u' : 'o'}${customer.id}:`;
}

/**
 * A task's key, e.g. `tierwise-care:o12:cadence:2026-12-01`: one customer, one rule, one day (or
 * rating). Whoever creates a care task (the daily run, an agent in the sidebar) keys it with this,
 * so the other finds it by external_id instead of creating a second one.
 */
export function careTaskKey(customer: CustomerRef, rule: CareRule, keyTail: string, settings: Pick<Settings, 'tag_prefix'>): string {
  return `${customerKeyPrefix(customer, settings)}${rule}:${keyTail}`;
}

/** The tag on every care task ticket (`tierwise_care`), beside its rule's (`tierwise_care_cadence`). */
export function careTaskTag(settings: Pick<Settings, 'tag_prefix'>, rule?: CareRule): string {
  return rule === undefined ? `${settings.tag_prefix}_care` : `${settings.tag_prefix}_care_${rule}`;
}

/**
 * A care task is Tierwise's own follow-up with the customer, not the customer's request: the
 * ticket pipeline gives it no tier, priority, clock or service facts (the care run watches it).
 */
export function isCareTask(ticket: { tags: readonly string[] }, settings: Pick<Settings, 'tag_prefix'>): boolean {
  return ticket.tags.includes(careTaskTag(settings));
}

/** The tag marking a customer at risk of churn (docs/rules.md#customer-tags). */
export function churnTag(settings: Pick<Settings, 'tag_prefix'>): string {
  return `${settings.tag_prefix}_churn_risk`;
}

/** The end of a UTC day: a task due "on" a day is due by its last second. */
export const endOfDay = (day: number) => startOfDay(day) + DAY_MS - 1000;

function cadenceDays(tier: Tier, settings: Settings): number | null {
  if (tier === 'core') return settings.care_core_days;
  if (tier === 'potential') return settings.care_potential_days;
  return null;
}

function assigneeOf(customer: CareCustomer | undefined, settings: Settings): CareAssignee {
  if (customer?.accountManagerId) return { kind: 'user', id: customer.accountManagerId };
  return settings.care_group ? { kind: 'group', name: settings.care_group } : null;
}

export function planCare(customers: readonly CareCustomer[], ratings: readonly CsatRating[], settings: Settings, now: number): CarePlan {
  const today = startOfDay(now);
  const holidays = parseHolidays(settings.care_holidays).holidays;
  const tasks: CareTask[] = [];
  const churnTags: ChurnTagChange[] = [];

  for (const customer of customers) {
    const ref: CustomerRef = { kind: customer.kind, id: customer.id };
    const task = (rule: CareRule, keyTail: string, dueAt: number, day: string | null, extra: Partial<CareTask> = {}): CareTask => ({
      key: careTaskKey(ref, rule, keyTail, settings),
      rule,
      customer: ref,
      tier: customer.tier,
      dueAt,
      assignee: assigneeOf(customer, settings),
      day,
      ...extra,
    });

    if (customer.member) {
      tasks.push(...careDateTasks(customer, today, settings, task));
      continue;
    }
    const daysSince = customer.lastInteraction === null ? null : Math.max(0, daysBetween(customer.lastInteraction, today));
    const atRisk = daysSince !== null && daysSince >= settings.churn_after_days;
    if (atRisk) {
      tasks.push(task('winback', isoDay(customer.lastInteraction!), endOfDay(today), isoDay(today), { daysSinceContact: daysSince }));
      if (!customer.churnTagged) churnTags.push({ customer: ref, action: 'add' });
    } else if (customer.churnTagged) {
      churnTags.push({ customer: ref, action: 'remove' });
    }

    const cadence = cadenceDays(customer.tier, settings);
    const agreed = customer.nextFollowUp ?? null;
    if (agreed !== null && !atRisk) {
      // The date agreed at the last follow-up, for every tier: due that day, keyed by it.
      if (agreed <= today) tasks.push(task('cadence', isoDay(agreed), endOfDay(today), isoDay(agreed), { daysSinceContact: daysSince ?? 0 }));
    } else if (cadence !== null && !atRisk) {
      if (customer.lastInteraction === null) {
        tasks.push(task('cadence', 'first', endOfDay(today), isoDay(today)));
      } else if (daysSince! >= cadence) {
        const dueDay = customer.lastInteraction + cadence * DAY_MS;
        tasks.push(task('cadence', isoDay(dueDay), endOfDay(Math.max(dueDay, today)), isoDay(dueDay), { daysSinceContact: daysSince! }));
      }
    }

    if (customer.tier === 'basic') {
      const year = new Date(today).getUTCFullYear();
      const month = new Date(today).getUTCMonth() + 1;
      if (month >= settings.care_survey_month) {
        const monthEnd = Date.UTC(year, month, 0);
        tasks.push(task('survey', String(year), endOfDay(monthEnd), null));
      }
    }

    tasks.push(...careDateTasks(customer, today, settings, task));

    if (HOLIDAY_TIERS.includes(customer.tier)) {
      for (const holiday of holidays) {
        const ahead = daysBetween(today, holiday.date);
        if (ahead >= 0 && ahead <= settings.care_date_window_days) {
          tasks.push(task('holiday', isoDay(holiday.date), endOfDay(holiday.date), isoDay(holiday.date), { holiday: holiday.name }));
        }
      }
    }
  }

  const byRef = new Map(customers.map((c) => [`${c.kind}:${c.id}`, c]));
  for (const rating of ratings) {
    const call = returnCallTask(rating, byRef.get(`${rating.customer.kind}:${rating.customer.id}`), settings);
    if (call) tasks.push(call);
  }

  return { tasks: dedupe(tasks), churnTags };
}

/**
 * A bad rating asks for a return call within 24 hours of the rating, one per rating, assigned
 * like every care task (the customer's account manager, else the care group); other scores none.
 */
export function returnCallTask(rating: CsatRating, customer: CareCustomer | undefined, settings: Settings): CareTask | null {
  if (rating.score !== 'bad') return null;
  return {
    key: careTaskKey(rating.customer, 'csat', String(rating.id), settings),
    rule: 'csat',
    customer: { kind: rating.customer.kind, id: rating.customer.id },
    tier: customer?.tier ?? null,
    dueAt: rating.ratedAt + DAY_MS,
    assignee: assigneeOf(customer, settings),
    day: isoDay(rating.ratedAt),
    ticketId: rating.ticketId,
  };
}

type MakeTask = (rule: CareRule, keyTail: string, dueAt: number, day: string | null) => CareTask;

/** Birthday and anniversary greetings, `care_date_window_days` ahead, keyed by the day itself. */
function careDateTasks(customer: CareCustomer, today: number, settings: Settings, task: MakeTask): CareTask[] {
  const tasks: CareTask[] = [];
  for (const [rule, date] of [['birthday', customer.birthday], ['anniversary', customer.anniversary]] as const) {
    if (date === null) continue;
    const occurs = nextOccurrence(date, today);
    if (daysBetween(today, occurs) <= settings.care_date_window_days) tasks.push(task(rule, isoDay(occurs), endOfDay(occurs), isoDay(occurs)));
  }
  return tasks;
}

/** Two inputs can name the same task (a rating delivered twice): keep the first. */
function dedupe(tasks: CareTask[]): CareTask[] {
  const seen = new Set<string>();
  return tasks.filter((task) => (seen.has(task.key) ? false : (seen.add(task.key), true)));
}

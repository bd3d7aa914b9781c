import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings.ts';
import { DAY_MS } from './dates.ts';
import { planCare, type CareCustomer, type CareTask, type CsatRating } from './plan.ts';

const TODAY = Date.UTC(2026, 10, 29); // 2026-11-29
const NOW = TODAY + 9 * 3_600_000;
const daysAgo = (n: number) => TODAY - n * DAY_MS;
const END_OF_TODAY = TODAY + DAY_MS - 1000;

const customer = (over: Partial<CareCustomer> = {}): CareCustomer => ({
  kind: 'organization', id: 12, tier: 'core', lastInteraction: daysAgo(1), birthday: null, anniversary: null, churnTagged: false, accountManagerId: 501, ...over,
});
const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, care_survey_month: 12, ...over });
const plan = (customers: CareCustomer[], over: Partial<Settings> = {}, ratings: CsatRating[] = [], now = NOW) => planCare(customers, ratings, settings(over), now);
const rules = (tasks: CareTask[]) => tasks.map((t) => t.rule);

describe('care cadence: follow-ups by tier', () => {
  it('core: no task at 29 days since the last contact, a follow-up at 30, keyed by the day it fell due', () => {
    expect(plan([customer({ lastInteraction: daysAgo(29) })]).tasks).toEqual([]);
    expect(plan([customer({ lastInteraction: daysAgo(30) })]).tasks).toEqual([{
      key: 'tierwise-care:o12:cadence:2026-11-29', rule: 'cadence', customer: { kind: 'organization', id: 12 }, tier: 'core',
      dueAt: END_OF_TODAY, assignee: { kind: 'user', id: 501 }, day: '2026-11-29', daysSinceContact: 30,
    }]);
  });

  it('core: an overdue follow-up keeps its key from day to day and is due today', () => {
    const first = plan([customer({ lastInteraction: daysAgo(40) })]).tasks;
    const nextDay = plan([customer({ lastInteraction: daysAgo(40) })], {}, [], NOW + DAY_MS).tasks;
    expect(first.map((t) => t.key)).toEqual(['tierwise-care:o12:cadence:2026-11-19']);
    expect(nextDay.map((t) => t.key)).toEqual(first.map((t) => t.key));
    expect(first[0]!.dueAt).toBe(END_OF_TODAY);
  });

  it('potential: 13 days is early, 14 days is due; the cadence is a setting', () => {
    expect(plan([customer({ tier: 'potential', lastInteraction: daysAgo(13) })]).tasks).toEqual([]);
    expect(rules(plan([customer({ tier: 'potential', lastInteraction: daysAgo(14) })]).tasks)).toEqual(['cadence']);
    expect(plan([customer({ lastInteraction: daysAgo(30) })], { care_core_days: 31 }).tasks).toEqual([]);
  });

  it('a customer with no recorded contact gets a first follow-up once, under one key', () => {
    const tasks = plan([customer({ lastInteraction: null })]).tasks;
    expect(tasks.map((t) => t.key)).toEqual(['tierwise-care:o12:cadence:first']);
  });

  it('basic customers get no follow-up call, but this year\'s survey from the survey month on', () => {
    const basic = customer({ tier: 'basic', kind: 'user', id: 7, lastInteraction: daysAgo(100) });
    expect(plan([basic], { care_survey_month: 12 }).tasks).toEqual([]);
    const tasks = plan([basic], { care_survey_month: 11 }).tasks;
    expect(tasks).toMatchObject([{ key: 'tierwise-care:u7:survey:2026', rule: 'survey', dueAt: Date.UTC(2026, 10, 30) + DAY_MS - 1000 }]);
  });

  it('assigns to the account manager, else the care group, else nobody', () => {
    const due = { lastInteraction: daysAgo(30) };
    expect(plan([customer({ ...due, accountManagerId: null })], { care_group: 'Account care' }).tasks[0]!.assignee).toEqual({ kind: 'group', name: 'Account care' });
    expect(plan([customer({ ...due, accountManagerId: null })]).tasks[0]!.assignee).toBeNull();
  });
});

describe('care cadence: care dates and holidays', () => {
  it('birthday and anniversary: a greeting task 7 days ahead, none at 8, keyed by the day itself', () => {
    const born = (m: number, d: number) => Date.UTC(1980, m, d);
    expect(plan([customer({ birthday: born(11, 7) })]).tasks).toEqual([]); // 8 days ahead
    const tasks = plan([customer({ birthday: born(11, 6), anniversary: born(10, 29) })]).tasks;
    expect(tasks.map((t) => [t.key, t.dueAt])).toEqual([
      ['tierwise-care:o12:birthday:2026-12-06', Date.UTC(2026, 11, 6) + DAY_MS - 1000],
      ['tierwise-care:o12:anniversary:2026-11-29', END_OF_TODAY],
    ]);
  });

  it('a person of an organization customer gets their own birthday greeting and nothing else', () => {
    const person = customer({ kind: 'user', id: 8, member: true, lastInteraction: daysAgo(400), birthday: Date.UTC(1990, 11, 1) });
    const { tasks, churnTags } = plan([person], { care_holidays: '2026-12-01 Founders Day' });
    expect(tasks.map((t) => t.key)).toEqual(['tierwise-care:u8:birthday:2026-12-01']);
    expect(churnTags).toEqual([]);
  });

  it('holidays: core and potential get a greeting within the window; basic does not; past holidays are ignored', () => {
    const holidays = '2026-12-06 Founders Day\n2026-12-07 Too far\n2026-11-28 Yesterday';
    expect(plan([customer()], { care_holidays: holidays }).tasks).toMatchObject([{ key: 'tierwise-care:o12:holiday:2026-12-06', rule: 'holiday', holiday: 'Founders Day' }]);
    expect(rules(plan([customer({ tier: 'potential' })], { care_holidays: holidays }).tasks)).toEqual(['holiday']);
    expect(plan([customer({ tier: 'basic' })], { care_holidays: holidays }).tasks).toEqual([]);
  });
});

describe('care cadence: churn risk', () => {
  it('179 days is a late follow-up; 180 days is a win-back task and the churn tag instead', () => {
    const late = plan([customer({ lastInteraction: daysAgo(179) })]);
    expect(rules(late.tasks)).toEqual(['cadence']);
    expect(late.churnTags).toEqual([]);
    const gone = plan([customer({ lastInteraction: daysAgo(180) })]);
    expect(gone.tasks).toMatchObject([{ key: 'tierwise-care:o12:winback:2026-06-02', rule: 'winback', dueAt: END_OF_TODAY, daysSinceContact: 180 }]);
    expect(gone.churnTags).toEqual([{ customer: { kind: 'organization', id: 12 }, action: 'add' }]);
  });

  it('the tag is added once and removed once contact resumes', () => {
    expect(plan([customer({ lastInteraction: daysAgo(200), churnTagged: true })]).churnTags).toEqual([]);
    expect(plan([customer({ lastInteraction: daysAgo(2), churnTagged: true })]).churnTags).toEqual([{ customer: { kind: 'organization', id: 12 }, action: 'remove' }]);
  });

  it('a basic customer at risk gets the win-back task too', () => {
    expect(rules(plan([customer({ tier: 'basic', lastInteraction: daysAgo(365) })]).tasks)).toEqual(['winback']);
  });
});

describe('care cadence: the next date agreed at a follow-up', () => {
  it('replaces the cadence: no task before it (even when the cadence is due), one on the day, keyed by it', () => {
    expect(plan([customer({ lastInteraction: daysAgo(35), nextFollowUp: TODAY + DAY_MS })]).tasks).toEqual([]);
    expect(plan([customer({ lastInteraction: daysAgo(3), nextFollowUp: TODAY })]).tasks).toEqual([{
      key: 'tierwise-care:o12:cadence:2026-11-29', rule: 'cadence', customer: { kind: 'organization', id: 12 }, tier: 'core',
      dueAt: END_OF_TODAY, assignee: { kind: 'user', id: 501 }, day: '2026-11-29', daysSinceContact: 3,
    }]);
  });

  it('holds for a tier without a cadence, keeps its key while overdue, and gives way to a win-back', () => {
    expect(rules(plan([customer({ tier: 'basic', lastInteraction: daysAgo(5), nextFollowUp: daysAgo(2) })], { care_survey_month: 1 }).tasks)).toEqual(['cadence', 'survey']);
    expect(plan([customer({ lastInteraction: daysAgo(5), nextFollowUp: daysAgo(2) })]).tasks[0]!.key).toBe('tierwise-care:o12:cadence:2026-11-27');
    expect(rules(plan([customer({ lastInteraction: daysAgo(200), nextFollowUp: daysAgo(2) })]).tasks)).toEqual(['winback']);
  });
});

describe('care cadence: bad satisfaction ratings', () => {
  const rating = (over: Partial<CsatRating> = {}): CsatRating => ({ id: 9001, ticketId: 77, score: 'bad', ratedAt: NOW - 3_600_000, customer: { kind: 'organization', id: 12 }, ...over });

  it('a bad rating is a return call due 24 hours after it, for the account manager; good ratings are not', () => {
    const { tasks } = plan([customer()], {}, [rating(), rating({ id: 9002, score: 'good' }), rating({ id: 9003, score: 'offered' })]);
    expect(tasks).toEqual([{
      key: 'tierwise-care:o12:csat:9001', rule: 'csat', customer: { kind: 'organization', id: 12 }, tier: 'core',
      dueAt: NOW - 3_600_000 + DAY_MS, assignee: { kind: 'user', id: 501 }, day: '2026-11-29', ticketId: 77,
    }]);
  });

  it('a rating delivered twice is one task; a rating of an unknown customer goes to the care group', () => {
    expect(plan([customer()], {}, [rating(), rating()]).tasks).toHaveLength(1);
    const stranger = plan([], { care_group: 'Account care' }, [rating({ customer: { kind: 'user', id: 3 } })]).tasks;
    expect(stranger).toMatchObject([{ key: 'tierwise-care:u3:csat:9001', tier: null, assignee: { kind: 'group', name: 'Account care' } }]);
  });
});

describe('care cadence: keys', () => {
  it('follow the tag prefix, so two installations never share a task', () => {
    expect(plan([customer({ lastInteraction: daysAgo(30) })], { tag_prefix: 'acme' }).tasks[0]!.key).toBe('acme-care:o12:cadence:2026-11-29');
  });
});

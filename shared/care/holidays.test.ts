import { describe, expect, it } from 'vitest';
import { say } from '../i18n/index.ts';
import { parseSettings } from '../settings.ts';
import { parseHolidays } from './holidays.ts';

describe('care holidays', () => {
  it('reads one date and name a line, skipping blank lines', () => {
    expect(parseHolidays('2027-02-06 Spring Festival\n\n  2026-12-25   Christmas Day  \r\n')).toEqual({
      holidays: [{ date: Date.UTC(2027, 1, 6), name: 'Spring Festival' }, { date: Date.UTC(2026, 11, 25), name: 'Christmas Day' }],
      problems: [],
    });
  });

  it('names the line of every unusable entry and says why', () => {
    const { holidays, problems } = parseHolidays('2027-02-06 Spring Festival\n2027-02-30 Nothing\n06/02/2027 Spring\n2027-10-01\n2027-02-06 Again');
    expect(holidays).toHaveLength(1);
    expect(problems[0]).toEqual({ key: 'holidays.notDate', vars: { line: 2, text: '2027-02-30 Nothing', date: '2027-02-30' } });
    expect(problems.map((problem) => say('en', problem))).toEqual([
      'line 2 ("2027-02-30 Nothing"): 2027-02-30 is not a calendar date',
      'line 3 ("06/02/2027 Spring") must be a date and a name, such as "2027-02-06 Spring Festival"',
      'line 4 ("2027-10-01") must be a date and a name, such as "2027-02-06 Spring Festival"',
      'line 5 ("2027-02-06 Again"): 2027-02-06 is listed twice',
    ]);
  });

  it('as a setting: a bad line is reported naming the setting and the line, and no holidays apply', () => {
    const { settings, problems } = parseSettings({ care_holidays: '2027-02-06 Spring Festival\n2027-13-01 Oops' });
    expect(settings.care_holidays).toBe('');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^care_holidays: line 2 \("2027-13-01 Oops"\): 2027-13-01 is not a calendar date/);
    expect(parseSettings({ care_holidays: '2027-02-06 Spring Festival' }).problems).toEqual([]);
  });
});

/**
 * The holidays the care plan greets customers on (docs/rules.md#care-cadence): the `care_holidays`
 * setting, one `YYYY-MM-DD name` a line, e.g. `2027-02-06 Spring Festival`.
 */
import type { Phrase } from '../i18n/index.ts';

export interface Holiday {
  /** UTC midnight of the day. */
  date: number;
  name: string;
}

export interface HolidayList {
  holidays: Holiday[];
  /** One precise problem per unusable line, naming the line (catalogue key and vars). */
  problems: Phrase[];
}

const LINE = /^(\d{4})-(\d{2})-(\d{2})\s+(\S.*)$/;

export function parseHolidays(text: string): HolidayList {
  const holidays: Holiday[] = [];
  const problems: Phrase[] = [];
  const seen = new Set<number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = { line: index + 1, text: line.length > 40 ? `${line.slice(0, 40)}...` : line };
    const m = LINE.exec(line);
    if (!m) {
      problems.push({ key: 'holidays.shape', vars: where });
      return;
    }
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = Date.UTC(year, month - 1, day);
    const d = new Date(date);
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
      problems.push({ key: 'holidays.notDate', vars: { ...where, date: `${m[1]}-${m[2]}-${m[3]}` } });
      return;
    }
    const name = m[4]!.trim();
    if (name.length > 80) {
      problems.push({ key: 'holidays.nameTooLong', vars: { ...where, max: 80 } });
      return;
    }
    if (seen.has(date)) {
      problems.push({ key: 'holidays.twice', vars: { ...where, date: `${m[1]}-${m[2]}-${m[3]}` } });
      return;
    }
    seen.add(date);
    holidays.push({ date, name });
  });
  return { holidays, problems };
}

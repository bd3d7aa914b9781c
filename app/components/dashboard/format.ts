/** A report value in the agent's words: "83 %", "1 h 30 min", "620,000", "7.5 / 10", "–" for nothing. */
import type { Locale } from '../../../shared/domain.ts';
import { formatDuration, formatNumber, translate } from '../../../shared/i18n/index.ts';
import type { Value, ValueKind } from '../../data/reportTables.ts';
import '../../../shared/i18n/dashboard/index.ts';

const intlLocale = (locale: Locale) => (locale === 'zh-CN' ? 'zh-CN' : 'en-US');

export function formatValue(kind: ValueKind, value: Value, locale: Locale): string {
  if (value === null) return translate(locale, 'dash.none');
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'share':
      return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'shareDelta':
      return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value);
    case 'duration':
      return formatDuration(value, locale);
    case 'score':
      return translate(locale, 'dash.score', { score: new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(value) });
    case 'money':
    case 'count':
    case 'text':
      return formatNumber(value, locale);
  }
}

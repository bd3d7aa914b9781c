import { describe, expect, it } from 'vitest';
import { createTranslator, formatDuration, formatTarget, resolveLocale } from './i18n.ts';

describe('i18n', () => {
  it('falls back locale -> language -> en', () => {
    expect(resolveLocale('zh-CN')).toBe('zh-CN');
    expect(resolveLocale('zh-cn')).toBe('zh-CN');
    expect(resolveLocale('zh')).toBe('zh-CN');
    expect(resolveLocale('zh-TW')).toBe('zh-CN');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('fr')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('fills placeholders and formats durations', () => {
    const en = createTranslator('en');
    expect(en.t('care.inDays', { label: 'Birthday', days: 3 })).toBe('Birthday in 3 days');
    expect(formatDuration(59 * 60_000 + 7_000, en)).toBe('0:59:07');
    expect(formatDuration(-(2 * 86_400_000 + 3 * 3_600_000 + 5_000), en)).toBe('2 d 03:00:05');
    expect(formatDuration(26 * 3_600_000, createTranslator('zh-CN'))).toBe('1 天 02:00:00');
    expect(formatTarget(30 * 60_000, 'en')).toBe('30 min');
    expect(formatTarget(90 * 60_000, 'zh-CN')).toBe('1.5 小时');
  });
});

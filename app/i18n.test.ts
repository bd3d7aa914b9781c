import { describe, expect, it } from 'vitest';
import { createTranslator, formatClock, resolveLocale } from './i18n.ts';

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

  it('fills placeholders from the shared catalogue and reads a running clock', () => {
    const en = createTranslator('en');
    expect(en.t('care.inDays', { label: 'Birthday', days: 3 })).toBe('Birthday in 3 days');
    expect(formatClock(59 * 60_000 + 7_000, en)).toBe('0:59:07');
    expect(formatClock(-(2 * 86_400_000 + 3 * 3_600_000 + 5_000), en)).toBe('2 d 03:00:05');
    expect(formatClock(26 * 3_600_000, createTranslator('zh-CN'))).toBe('1 天 02:00:00');
  });
});

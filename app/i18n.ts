/**
 * The sidebar's words: the shared catalogues (shared/i18n, the same ones the worker's notes come
 * from) and the scaffold's fallback chain (the agent's locale -> its language -> en). Chinese
 * variants resolve to zh-CN, the only Chinese Tierwise speaks (shared `toLocale`).
 */
import { createContext, useContext } from 'react';
import { LOCALES, toLocale, type Locale } from '../shared/domain.ts';
import { translate, type MessageKey, type MessageVars } from '../shared/i18n/index.ts';

export type { MessageKey } from '../shared/i18n/index.ts';

export interface Translator {
  locale: Locale;
  t(key: MessageKey, vars?: MessageVars): string;
}

/** "zh-cn", "zh-Hans-CN", "zh" -> zh-CN; "en-GB", "fr", anything else -> en. */
export function resolveLocale(agentLocale: unknown): Locale {
  if (typeof agentLocale !== 'string' || agentLocale.trim() === '') return 'en';
  const candidates = [agentLocale.trim(), agentLocale.trim().replace(/[-_].*$/, '')];
  for (const candidate of candidates) {
    const exact = LOCALES.find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
  }
  return toLocale(agentLocale);
}

export function createTranslator(locale: Locale): Translator {
  return { locale, t: (key, vars) => translate(locale, key, vars) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A running clock's reading, not a length in words (that is shared `formatDuration`):
 * "0:59:07", "23:00:00", "2 d 03:00:00" (the sign is the caller's business).
 */
export function formatClock(ms: number, translator: Translator): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const rest = `${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? translator.t('clock.days', { d: days, hms: `${pad(hours)}:${rest}` }) : `${hours}:${rest}`;
}

export function formatDateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatDate(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}

export const I18nContext = createContext<Translator>(createTranslator('en'));

export function useI18n(): Translator {
  return useContext(I18nContext);
}

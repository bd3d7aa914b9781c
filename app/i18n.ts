/**
 * UI strings: flat JSON per locale, `{{name}}` placeholders, and the scaffold's fallback chain
 * (the agent's locale -> its language -> en). Chinese variants resolve to zh-CN, the only
 * Chinese Tierwise speaks (shared `toLocale`), so the UI and the tier explanation agree.
 */
import { createContext, useContext } from 'react';
import { toLocale, type Locale } from '../shared/domain.ts';
import en from './translations/en.json';
import zhCN from './translations/zh-CN.json';

export type MessageKey = keyof typeof en;
type Messages = Readonly<Record<string, string>>;

const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

export interface Translator {
  locale: Locale;
  t(key: MessageKey, vars?: Readonly<Record<string, string | number>>): string;
}

/** "zh-cn", "zh-Hans-CN", "zh" -> zh-CN; "en-GB", "fr", anything else -> en. */
export function resolveLocale(agentLocale: unknown): Locale {
  if (typeof agentLocale !== 'string' || agentLocale.trim() === '') return 'en';
  const candidates = [agentLocale.trim(), agentLocale.trim().replace(/[-_].*$/, '')];
  for (const candidate of candidates) {
    const exact = (Object.keys(MESSAGES) as Locale[]).find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
  }
  return toLocale(agentLocale);
}

export function createTranslator(locale: Locale): Translator {
  const messages = MESSAGES[locale];
  return {
    locale,
    t(key, vars = {}) {
      const template = messages[key] ?? MESSAGES.en[key] ?? key;
      return template.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(vars[name] ?? ''));
    },
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A countdown reading: "0:59:07", "23:00:00", "2 d 03:00:00" (sign is the caller's business). */
export function formatDuration(ms: number, translator: Translator): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const rest = `${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? translator.t('duration.days', { d: days, hms: `${pad(hours)}:${rest}` }) : `${hours}:${rest}`;
}

/** A target length in plain words: "30 min", "1 h", "1.5 h". */
export function formatTarget(ms: number, locale: Locale): string {
  const minutes = Math.round(ms / 60_000);
  const zh = locale === 'zh-CN';
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.round((minutes / 60) * 100) / 100;
  return zh ? `${hours} 小时` : `${hours} h`;
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

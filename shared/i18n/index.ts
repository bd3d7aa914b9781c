/**
 * The one wording channel: every sentence an agent or admin reads comes from these catalogues
 * (flat JSON per locale, `{{name}}` placeholders), whether the sidebar renders it or the worker
 * writes it into an internal note. Pure data and string work, so both sides import it.
 */
import type { Locale } from '../domain.ts';
import type dashboardEn from './dashboard/en.json';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Every key of the channel, including those of catalogues a location loads with its own code. */
export type MessageKey = keyof typeof en | keyof typeof dashboardEn;
export type MessageVars = Readonly<Record<string, string | number>>;
/** A sentence as data: its catalogue key and placeholder values, worded at the edge in the reader's language. */
export interface Phrase {
  key: MessageKey;
  vars: MessageVars;
}
export type Catalogues = Readonly<Record<Locale, Readonly<Record<string, string>>>>;

const CATALOGUES: Record<Locale, Record<string, string>> = { en: { ...en }, 'zh-CN': { ...zhCN } };

/**
 * Adds a location's own sentences to the channel. The dashboard's catalogue is loaded with the
 * dashboard's code (shared/i18n/dashboard/), so the sidebar's bundle does not carry it.
 */
export function addCatalogues(more: Catalogues): void {
  for (const locale of Object.keys(CATALOGUES) as Locale[]) Object.assign(CATALOGUES[locale], more[locale]);
}

/** The sentence for `key` in `locale` (English when the locale lacks it), placeholders filled. */
export function translate(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  const template = CATALOGUES[locale][key] ?? CATALOGUES.en[key] ?? key;
  return template.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** `translate` for a sentence carried as data. */
export function say(locale: Locale, phrase: Phrase): string {
  return translate(locale, phrase.key, phrase.vars);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 2 }).format(value);
}

/** Items joined the way the locale writes a list ("a, b" / "a，b"). */
export function formatList(items: readonly string[], locale: Locale): string {
  return items.join(translate(locale, 'list.join'));
}

/**
 * A length of time in words, from milliseconds: "45 s", "30 min", "24 h", "1 h 30 min"
 * (45 秒 / 30 分钟 / 24 小时 / 1 小时 30 分钟). Whole seconds; zero parts are left out.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const parts: Array<[MessageKey, number]> = [
    ['duration.h', Math.floor(total / 3600)],
    ['duration.min', Math.floor((total % 3600) / 60)],
    ['duration.s', total % 60],
  ];
  const said = parts.filter(([, n]) => n > 0).map(([key, n]) => translate(locale, key, { n: formatNumber(n, locale) }));
  return said.length > 0 ? said.join(translate(locale, 'duration.join')) : translate(locale, 'duration.s', { n: 0 });
}

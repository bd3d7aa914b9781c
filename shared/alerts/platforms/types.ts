/** What every platform adapter provides: its message format, its limits, and how to read its answer. */
import type { Destination, Platform } from '../destinations.ts';
import type { AlertMessage } from '../message.ts';

/** A platform's answer to one POST, as the sender saw it. */
export interface PlatformAnswer {
  status: number;
  /** The Retry-After header, when there was one. */
  retryAfter: string | null;
  /** The body as text (at most a few KB are kept). */
  text: string;
}

/**
 * What an answer means: `sent`; `retry` (the platform is down, busy or rate limiting: send the
 * same message later); `refused` (the message or the destination is wrong: sending it again
 * cannot help, so it is dropped with an audit row).
 */
export type SendOutcome =
  | { result: 'sent' }
  | { result: 'retry'; reason: string; retryAfterMs: number | null }
  | { result: 'refused'; reason: string };

export interface PlatformAdapter {
  platform: Platform;
  /** Messages a minute one robot / webhook takes before the platform throttles it. */
  perMinute: number;
  /** The largest JSON body the platform takes (bytes, UTF-8). */
  maxBodyBytes: number;
  /** The JSON body, unsigned (Feishu's signature is added to it by the sender). */
  body(message: AlertMessage, destination: Destination): Record<string, unknown>;
  classify(answer: PlatformAnswer): SendOutcome;
}

/** Retry-After in ms (seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The HTTP-level part every platform shares: 429 and 5xx (and 408) are worth another try. */
export function httpOutcome(answer: PlatformAnswer): SendOutcome | null {
  if (answer.status === 429) return { result: 'retry', reason: 'rate limited (429)', retryAfterMs: retryAfterMs(answer.retryAfter) };
  if (answer.status >= 500 || answer.status === 408) return { result: 'retry', reason: `platform answered ${answer.status}`, retryAfterMs: retryAfterMs(answer.retryAfter) };
  return null;
}

/** The JSON body of a 200 answer, or null. */
export function jsonOf(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** A short, log-safe excerpt of a platform's error text (no URLs, which may hold keys). */
export function excerpt(text: string): string {
  return text.replace(/https?:\/\/\S+/g, '<url>').replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** Markdown dialects without a reliable escape (WeCom, DingTalk): neutralise the marks in free text. */
export function plainMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<~|]/g, (c) => ({ '\\': '＼', '`': 'ˋ', '*': '＊', _: '＿', '[': '［', ']': '］', '<': '＜', '~': '～', '|': '｜' })[c] ?? c)
    .replace(/^[#>]/, (c) => (c === '#' ? '＃' : '＞'));
}

/** The message as markdown lines (title, summary, facts, link), for the markdown platforms. */
export function markdownLines(message: AlertMessage, escape: (text: string) => string, bold = (t: string) => `**${t}**`): string[] {
  return [
    escape(message.summary),
    '',
    ...message.facts.map((f) => `${bold(escape(f.label))}: ${escape(f.value)}`),
    '',
    `[${escape(message.link.label)}](${message.link.url})`,
  ];
}

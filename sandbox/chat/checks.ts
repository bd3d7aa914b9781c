/**
 * Each platform's checks and answers, as the real platform makes them: credentials in the URL
 * (WeCom key, DingTalk token, Slack path, Teams sig), signatures and their one-hour window
 * (DingTalk in the URL, in ms; Feishu in the body, in seconds), keywords, message shape and size,
 * the per-robot rate limit, and the error answer in the platform's own form.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../../shared/alerts/destinations.ts';
import type { SinkRobots } from './robots.ts';

export interface Answer {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export interface Verdict {
  /** The robot this request is for, or null (unknown credentials). */
  robot: string | null;
  /** The message was accepted (it would show in the group). */
  accepted: boolean;
  answer: Answer;
  /** What the accepted message says, as plain text (for the /chat page and tests). */
  text: string;
}

const HOUR_MS = 3_600_000;
const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({ status, body: JSON.stringify(value), contentType: 'application/json', ...(headers ? { headers } : {}) });
const plain = (status: number, text: string, headers?: Record<string, string>): Answer => ({ status, body: text, contentType: 'text/plain', ...(headers ? { headers } : {}) });

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Strings anywhere in a JSON value, joined: what a keyword check and the /chat page read. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).filter((t) => t !== '').join('\n');
  if (typeof value === 'object' && value !== null) return Object.entries(value).filter(([k]) => !['url', 'sign', 'timestamp', 'tag', 'type', 'msgtype', 'msg_type', 'contentType', '$schema', 'template', 'style', 'color', 'weight', 'size', 'version', 'width'].includes(k)).map(([, v]) => textOf(v)).filter((t) => t !== '').join('\n');
  return '';
}

export interface RateLimits {
  /** true when the robot may send one more now (and counts it). */
  take(robot: string, perMinute: number, now: number): boolean;
}

export function rateLimits(): RateLimits {
  const sent = new Map<string, number[]>();
  return {
    take(robot, perMinute, now) {
      const recent = (sent.get(robot) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= perMinute) return false;
      sent.set(robot, [...recent, now]);
      return true;
    },
  };
}

export function checkWecom(robots: SinkRobots, url: URL, body: string, limits: RateLimits, now: number): Verdict {
  const robot = 'wecom';
  if (url.searchParams.get('key') !== robots.wecom.key) return { robot: null, accepted: false, text: '', answer: json(200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [sandbox]' }) };
  const message = parse(body);
  if (!message) return { robot, accepted: false, text: '', answer: json(200, { errcode: 40058, errmsg: 'invalid parameter, hint: not json' }) };
  const type = message.msgtype;
  const part = type === 'markdown' || type === 'text' ? (message[type] as Record<string, unknown> | undefined) : undefined;
  if (!part) return { robot, accepted: false, text: '', answer: json(200, { errcode: 40008, errmsg: 'invalid message type' }) };
  const content = typeof part.content === 'string' ? part.content : '';
  if (content === '') return { robot, accepted: false, text: '', answer: json(200, { errcode: 44004, errmsg: 'empty content' }) };
  if (Buffer.byteLength(content) > (type === 'markdown' ? 4096 : 2048)) return { robot, accepted: false, text: '', answer: json(200, { errcode: 40058, errmsg: 'content exceed max length' }) };
  if (!limits.take(robot, 20, now)) return { robot, accepted: false, text: '', answer: json(200, { errcode: 45009, errmsg: 'api freq out of limit' }) };
  return { robot, accepted: true, text: content, answer: json(200, { errcode: 0, errmsg: 'ok' }) };
}

export function checkDingtalk(robots: SinkRobots, url: URL, body: string, limits: RateLimits, now: number): Verdict {
  const robot = 'dingtalk';
  const { token, secret, keywords } = robots.dingtalk;
  if (url.searchParams.get('access_token') !== token) return { robot: null, accepted: false, text: '', answer: json(200, { errcode: 300001, errmsg: 'token is not exist' }) };
  const timestamp = url.searchParams.get('timestamp');
  const sign = url.searchParams.get('sign');
  if (!timestamp || !sign || !/^\d{13}$/.test(timestamp)) return { robot, accepted: false, text: '', answer: json(200, { errcode: 310000, errmsg: 'sign not match, more: [missing or malformed timestamp/sign]' }) };
  if (Math.abs(now - Number(timestamp)) > HOUR_MS) return { robot, accepted: false, text: '', answer: json(200, { errcode: 310000, errmsg: 'sign not match, more: [timestamp is not within one hour]' }) };
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  if (!sameText(sign, expected)) return { robot, accepted: false, text: '', answer: json(200, { errcode: 310000, errmsg: 'sign not match' }) };
  const message = parse(body);
  if (!message) return { robot, accepted: false, text: '', answer: json(200, { errcode: 40035, errmsg: 'invalid parameter: not json' }) };
  const md = message.msgtype === 'markdown' ? (message.markdown as Record<string, unknown> | undefined) : message.msgtype === 'text' ? (message.text as Record<string, unknown> | undefined) : undefined;
  const text = md ? textOf(md) : '';
  if (!md || (message.msgtype === 'markdown' && (typeof md.title !== 'string' || typeof md.text !== 'string'))) return { robot, accepted: false, text: '', answer: json(200, { errcode: 40035, errmsg: 'invalid parameter: markdown needs title and text' }) };
  if (keywords.length > 0 && !keywords.some((k) => text.includes(k))) return { robot, accepted: false, text: '', answer: json(200, { errcode: 310000, errmsg: 'keywords not in content' }) };
  if (!limits.take(robot, 20, now)) return { robot, accepted: false, text: '', answer: json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }) };
  return { robot, accepted: true, text, answer: json(200, { errcode: 0, errmsg: 'ok' }) };
}

export function checkFeishu(robots: SinkRobots, token: string, body: string, limits: RateLimits, now: number): Verdict {
  const robot = 'feishu';
  if (token !== robots.feishu.token) return { robot: null, accepted: false, text: '', answer: json(200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} }) };
  if (Buffer.byteLength(body) > 20 * 1024) return { robot, accepted: false, text: '', answer: json(400, { code: 9499, msg: 'Bad Request', data: {} }) };
  const message = parse(body);
  if (!message) return { robot, accepted: false, text: '', answer: json(400, { code: 9499, msg: 'Bad Request', data: {} }) };
  const { secret } = robots.feishu;
  const timestamp = typeof message.timestamp === 'string' || typeof message.timestamp === 'number' ? String(message.timestamp) : '';
  const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  const signOk = /^\d{10}$/.test(timestamp) && Math.abs(now - Number(timestamp) * 1000) <= HOUR_MS && typeof message.sign === 'string' && sameText(message.sign, expected);
  if (!signOk) return { robot, accepted: false, text: '', answer: json(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} }) };
  const kind = message.msg_type;
  const content = kind === 'interactive' ? message.card : kind === 'post' || kind === 'text' ? message.content : undefined;
  if (typeof content !== 'object' || content === null) return { robot, accepted: false, text: '', answer: json(400, { code: 9499, msg: 'Bad Request', data: {} }) };
  if (!limits.take(robot, 100, now)) return { robot, accepted: false, text: '', answer: json(200, { code: 11232, msg: 'frequency limited psm', data: {} }) };
  return { robot, accepted: true, text: textOf(content), answer: json(200, { code: 0, msg: 'success', data: {}, StatusCode: 0, StatusMessage: 'success' }) };
}

export function checkSlack(robots: SinkRobots, path: string, body: string, limits: RateLimits, now: number): Verdict {
  const robot = 'slack';
  if (path !== robots.slack.path) return { robot: null, accepted: false, text: '', answer: plain(404, 'no_service') };
  const message = parse(body);
  if (!message) return { robot, accepted: false, text: '', answer: plain(400, 'invalid_payload') };
  if (typeof message.text !== 'string' && !Array.isArray(message.blocks)) return { robot, accepted: false, text: '', answer: plain(400, 'no_text') };
  if (Array.isArray(message.blocks) && message.blocks.length > 50) return { robot, accepted: false, text: '', answer: plain(400, 'invalid_blocks') };
  if (!limits.take(robot, 60, now)) return { robot, accepted: false, text: '', answer: plain(429, 'rate_limited', { 'Retry-After': '1' }) };
  return { robot, accepted: true, text: typeof message.text === 'string' ? `${message.text}\n${textOf(message.blocks)}` : textOf(message.blocks), answer: plain(200, 'ok') };
}

export function checkTeams(robots: SinkRobots, workflow: string, url: URL, body: string, limits: RateLimits, now: number): Verdict {
  const robot = 'teams';
  if (workflow !== robots.teams.workflow) return { robot: null, accepted: false, text: '', answer: json(404, { error: { code: 'WorkflowNotFound', message: 'The workflow could not be found.' } }) };
  const sig = url.searchParams.get('sig') ?? '';
  if (!sameText(sig, robots.teams.sig)) return { robot, accepted: false, text: '', answer: json(401, { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated only by Shared Access scheme.' } }) };
  const message = parse(body);
  const attachment = Array.isArray(message?.attachments) ? (message.attachments[0] as Record<string, unknown> | undefined) : undefined;
  const card = attachment?.content as Record<string, unknown> | undefined;
  if (message?.type !== 'message' || attachment?.contentType !== 'application/vnd.microsoft.card.adaptive' || card?.type !== 'AdaptiveCard') {
    return { robot, accepted: false, text: '', answer: json(400, { error: { code: 'InvalidRequestContent', message: 'The request content is not a message with an Adaptive Card attachment.' } }) };
  }
  if (Buffer.byteLength(body) > 28 * 1024) return { robot, accepted: false, text: '', answer: json(413, { error: { code: 'MessageTooLarge', message: 'The message is larger than 28 KB.' } }) };
  if (!limits.take(robot, 60, now)) return { robot, accepted: false, text: '', answer: json(429, { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded.' } }, { 'Retry-After': '5' }) };
  return { robot, accepted: true, text: textOf(card), answer: { status: 202, body: '', contentType: 'text/plain' } };
}

export const PLATFORM_OF_ROBOT: Record<string, Platform> = { wecom: 'wecom', dingtalk: 'dingtalk', feishu: 'feishu', slack: 'slack', teams: 'teams' };

/**
 * DingTalk (钉钉) custom robot: POST {"msgtype": "markdown", "markdown": {"title", "text"}} to
 * oapi.dingtalk.com/robot/send?access_token=...; with signing on, `timestamp` (ms) and `sign`
 * go in the URL (the sender adds them). A robot with custom keywords drops a message that
 * contains none: the first keyword is put in the title when the text lacks every one. At most
 * 20 messages a minute per robot (more and it is throttled for 10 minutes). Failure is HTTP 200
 * with `errcode != 0`: 130101 / 410100 (sending too fast) and -1 (busy) are worth another try;
 * 310000 (keyword, signature, timestamp or IP check failed), 300001 (bad token) and the others are permanent.
 */
import { excerpt, httpOutcome, jsonOf, markdownLines, plainMarkdown, type PlatformAdapter } from './types.ts';

const MAX_TEXT_CHARS = 5000;
const THROTTLED = new Set([130101, 410100]);

export const dingtalk: PlatformAdapter = {
  platform: 'dingtalk',
  perMinute: 20,
  maxBodyBytes: 20_000,
  body(message, destination) {
    const lines = [`### ${plainMarkdown(message.title)}`, ...markdownLines(message, plainMarkdown), `> ${plainMarkdown(message.footer)}`];
    let text = lines.join('\n\n');
    while ([...text].length > MAX_TEXT_CHARS && lines.length > 4) {
      lines.splice(lines.length - 4, 1);
      text = lines.join('\n\n');
    }
    const keyword = destination.keywords.length > 0 && !destination.keywords.some((k) => text.includes(k)) ? destination.keywords[0]! : null;
    const title = keyword ? `${keyword} ${message.title}` : message.title;
    return { msgtype: 'markdown', markdown: { title, text: keyword ? `${keyword}\n\n${text}` : text } };
  },
  classify(answer) {
    const http = httpOutcome(answer);
    if (http) return http;
    if (answer.status !== 200) return { result: 'refused', reason: `DingTalk answered ${answer.status}: ${excerpt(answer.text)}` };
    const body = jsonOf(answer.text);
    if (body === null || typeof body.errcode !== 'number') return { result: 'retry', reason: `DingTalk answered 200 without an errcode: ${excerpt(answer.text)}`, retryAfterMs: null };
    if (body.errcode === 0) return { result: 'sent' };
    const reason = `DingTalk errcode ${body.errcode}: ${excerpt(String(body.errmsg ?? ''))}`;
    if (THROTTLED.has(body.errcode)) return { result: 'retry', reason, retryAfterMs: 10 * 60_000 };
    if (body.errcode === -1) return { result: 'retry', reason, retryAfterMs: null };
    return { result: 'refused', reason };
  },
};

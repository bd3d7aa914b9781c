/**
 * WeCom (企业微信) group robot: POST {"msgtype": "markdown", "markdown": {"content"}} to
 * qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...; the key is the only credential (no signing).
 * Markdown content is at most 4096 bytes (UTF-8); about 20 messages a minute per robot. Failure
 * is HTTP 200 with `errcode != 0`: 45009 is the frequency limit, -1 "system busy"; the others
 * (93000 bad key, 40008 bad msgtype, 44004 empty content, 40058 bad parameter) are permanent.
 */
import { byteLength, excerpt, httpOutcome, jsonOf, markdownLines, plainMarkdown, type PlatformAdapter } from './types.ts';

const MAX_CONTENT_BYTES = 4096;
const TRANSIENT = new Set([-1, 45009, 45033]);

function content(lines: string[]): string {
  return lines.join('\n');
}

export const wecom: PlatformAdapter = {
  platform: 'wecom',
  perMinute: 20,
  maxBodyBytes: MAX_CONTENT_BYTES + 200,
  body(message) {
    // WeCom's markdown colours text with <font color="warning|comment|info">.
    const colour = message.severity === 'critical' ? 'warning' : 'comment';
    const lines = [`## <font color="${colour}">${plainMarkdown(message.title)}</font>`, ...markdownLines(message, plainMarkdown), `> ${plainMarkdown(message.footer)}`];
    let text = content(lines);
    // Too long (a long subject): leave out facts from the end until it fits.
    while (byteLength(text) > MAX_CONTENT_BYTES && lines.length > 4) {
      lines.splice(lines.length - 4, 1);
      text = content(lines);
    }
    return { msgtype: 'markdown', markdown: { content: text } };
  },
  classify(answer) {
    const http = httpOutcome(answer);
    if (http) return http;
    if (answer.status !== 200) return { result: 'refused', reason: `WeCom answered ${answer.status}: ${excerpt(answer.text)}` };
    const body = jsonOf(answer.text);
    if (body === null || typeof body.errcode !== 'number') return { result: 'retry', reason: `WeCom answered 200 without an errcode: ${excerpt(answer.text)}`, retryAfterMs: null };
    if (body.errcode === 0) return { result: 'sent' };
    const reason = `WeCom errcode ${body.errcode}: ${excerpt(String(body.errmsg ?? ''))}`;
    return TRANSIENT.has(body.errcode) ? { result: 'retry', reason, retryAfterMs: body.errcode === -1 ? null : 60_000 } : { result: 'refused', reason };
  },
};

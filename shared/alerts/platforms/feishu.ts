/**
 * Feishu / Lark (飞书) custom bot: POST {"msg_type": "interactive", "card": {...}} to
 * open.feishu.cn (Lark: open.larksuite.com) /open-apis/bot/v2/hook/<token>; with signing on,
 * `timestamp` (seconds) and `sign` go in the JSON body (the sender adds them). The body is at
 * most 20 KB; 100 messages a minute and 5 a second per bot. Failure is usually HTTP 200 (some
 * come as 4xx) with `code != 0`: 11232 (frequency limited) is worth another try; 19021
 * (signature or timestamp), 19022 (IP), 19024 (keywords), 9499 (bad request) are permanent.
 * Zendesk's free text goes in `plain_text` elements, so nothing in it is read as markdown.
 */
import { excerpt, httpOutcome, jsonOf, type PlatformAdapter } from './types.ts';

const THROTTLED = new Set([11232, 11233]);

export const feishu: PlatformAdapter = {
  platform: 'feishu',
  perMinute: 100,
  maxBodyBytes: 20_000,
  body(message, destination) {
    const keyword = destination.keywords.find(() => true);
    const needsKeyword = keyword !== undefined && !destination.keywords.some((k) => message.title.includes(k) || message.footer.includes(k));
    return {
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { template: message.severity === 'critical' ? 'red' : 'orange', title: { tag: 'plain_text', content: needsKeyword ? `${keyword} ${message.title}` : message.title } },
        elements: [
          { tag: 'div', text: { tag: 'plain_text', content: message.summary } },
          { tag: 'div', fields: message.facts.map((f) => ({ is_short: true, text: { tag: 'plain_text', content: `${f.label}: ${f.value}` } })) },
          { tag: 'action', actions: [{ tag: 'button', type: 'primary', text: { tag: 'plain_text', content: message.link.label }, url: message.link.url }] },
          { tag: 'note', elements: [{ tag: 'plain_text', content: message.footer }] },
        ],
      },
    };
  },
  classify(answer) {
    const http = httpOutcome(answer);
    if (http) return http;
    const body = jsonOf(answer.text);
    const code = body && typeof body.code === 'number' ? body.code : body && typeof body.StatusCode === 'number' ? body.StatusCode : null;
    if (code === null) {
      return answer.status === 200 ? { result: 'retry', reason: `Feishu answered 200 without a code: ${excerpt(answer.text)}`, retryAfterMs: null } : { result: 'refused', reason: `Feishu answered ${answer.status}: ${excerpt(answer.text)}` };
    }
    if (code === 0 && answer.status === 200) return { result: 'sent' };
    const reason = `Feishu code ${code}: ${excerpt(String(body?.msg ?? body?.StatusMessage ?? ''))}`;
    return THROTTLED.has(code) ? { result: 'retry', reason, retryAfterMs: 60_000 } : { result: 'refused', reason };
  },
};

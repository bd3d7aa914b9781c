/**
 * Slack incoming webhook: POST {"text", "blocks"} to hooks.slack.com/services/...; `text` is the
 * notification and screen-reader fallback for the Block Kit `blocks`. Header text at most 150
 * characters, a section's text 3000; about one message a second per webhook. Answers: 200 "ok";
 * 4xx with a plain-text reason (400 invalid_payload / no_text, 403 action_prohibited /
 * invalid_token, 404 no_service / channel_not_found, 410 channel_is_archived), all permanent;
 * 429 with Retry-After and 5xx are worth another try.
 */
import { clip } from '../message.ts';
import { excerpt, httpOutcome, type PlatformAdapter } from './types.ts';

/** Slack's mrkdwn needs only &, < and > escaped. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slack: PlatformAdapter = {
  platform: 'slack',
  perMinute: 60,
  maxBodyBytes: 40_000,
  body(message) {
    const facts = message.facts.map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}` }));
    return {
      text: `${message.title}: ${message.summary}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: clip(message.title, 150), emoji: false } },
        { type: 'section', text: { type: 'mrkdwn', text: slackEscape(message.summary) } },
        ...(facts.length > 0 ? [{ type: 'section', fields: facts.slice(0, 10) }] : []),
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: clip(message.link.label, 75) }, url: message.link.url, style: message.severity === 'critical' ? 'danger' : 'primary' }] },
        { type: 'context', elements: [{ type: 'plain_text', text: message.footer }] },
      ],
    };
  },
  classify(answer) {
    const http = httpOutcome(answer);
    if (http) return http;
    if (answer.status >= 200 && answer.status < 300) return { result: 'sent' };
    return { result: 'refused', reason: `Slack answered ${answer.status}: ${excerpt(answer.text)}` };
  },
};

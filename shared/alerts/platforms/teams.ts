/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received",
 * Power Automate; Office 365 connector webhooks are retired): POST {"type": "message",
 * "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": <Adaptive
 * Card>}]}. Adaptive Card text reads a small markdown subset, and backslash escapes are not part
 * of it, so marks in Zendesk's free text are replaced by look-alikes instead. A Teams message is at most about 28 KB. The flow answers 202 Accepted; 4xx (401/403
 * a bad `sig`, 404 a deleted flow, 400 a bad body) are permanent; 429 with Retry-After and 5xx
 * are worth another try.
 */
import { excerpt, httpOutcome, plainMarkdown, type PlatformAdapter } from './types.ts';

export const teams: PlatformAdapter = {
  platform: 'teams',
  perMinute: 60,
  maxBodyBytes: 28_000,
  body(message) {
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true, color: message.severity === 'critical' ? 'Attention' : 'Warning' },
              { type: 'TextBlock', text: message.summary, wrap: true },
              // Fact values carry Zendesk's free text (group, assignee, subject): no markdown in it takes effect.
              ...(message.facts.length > 0 ? [{ type: 'FactSet', facts: message.facts.map((f) => ({ title: f.label, value: plainMarkdown(f.value) })) }] : []),
              { type: 'TextBlock', text: message.footer, isSubtle: true, size: 'Small', wrap: true },
            ],
            actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }],
          },
        },
      ],
    };
  },
  classify(answer) {
    const http = httpOutcome(answer);
    if (http) return http;
    if (answer.status >= 200 && answer.status < 300) return { result: 'sent' };
    return { result: 'refused', reason: `Teams workflow answered ${answer.status}: ${excerpt(answer.text)}` };
  },
};

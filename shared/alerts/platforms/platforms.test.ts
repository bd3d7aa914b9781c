import { describe, expect, it } from 'vitest';
import type { Destination } from '../destinations.ts';
import type { AlertMessage } from '../message.ts';
import { ADAPTERS } from './index.ts';
import { byteLength } from './types.ts';

const message: AlertMessage = {
  kind: 'l1',
  severity: 'critical',
  title: 'Ticket #42 escalated to L1',
  summary: 'Not handled 24 h after creation.',
  facts: [{ label: 'Tier', value: 'Basic' }, { label: 'Held by', value: '*Sup* [ervisors](https://evil.example) <b> & co' }],
  link: { label: 'Open ticket #42 in Zendesk', url: 'https://acme.zendesk.com/agent/tickets/42' },
  footer: 'Tierwise escalation alert',
};
const dest = (platform: Destination['platform'], keywords: string[] = []): Destination => ({ name: 'x', platform, url: 'https://x', secret: null, keywords });
const answer = (status: number, text: string, retryAfter: string | null = null) => ({ status, text, retryAfter });

describe('each platform\'s format', () => {
  it('WeCom: markdown with the link, free text unable to make links or bold', () => {
    const body = ADAPTERS.wecom.body(message, dest('wecom')) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('[Open ticket #42 in Zendesk](https://acme.zendesk.com/agent/tickets/42)');
    expect(body.markdown.content).toContain('＊Sup＊ ［ervisors］(https://evil.example) ＜b> & co');
  });

  it('DingTalk: markdown with title and text, the robot\'s keyword added when the text lacks it', () => {
    const body = ADAPTERS.dingtalk.body(message, dest('dingtalk', ['告警'])) as { markdown: { title: string; text: string } };
    expect(body.markdown.title).toBe('告警 Ticket #42 escalated to L1');
    expect(body.markdown.text.startsWith('告警\n\n### Ticket #42')).toBe(true);
    expect((ADAPTERS.dingtalk.body(message, dest('dingtalk', ['Tierwise'])) as { markdown: { title: string } }).markdown.title).toBe('Ticket #42 escalated to L1');
  });

  it('Feishu/Lark: an interactive card, free text as plain_text, a button to the ticket', () => {
    const body = ADAPTERS.feishu.body(message, dest('feishu')) as { msg_type: string; card: { header: { template: string }; elements: Array<{ tag: string; actions?: Array<{ url: string }> }> } };
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.template).toBe('red');
    expect(body.card.elements.find((e) => e.tag === 'action')!.actions![0]!.url).toBe(message.link.url);
    expect(JSON.stringify(body)).not.toContain('lark_md');
  });

  it('Slack: Block Kit with a text fallback, mrkdwn escaped', () => {
    const body = ADAPTERS.slack.body(message, dest('slack')) as { text: string; blocks: Array<{ type: string; fields?: Array<{ text: string }> }> };
    expect(body.text).toBe('Ticket #42 escalated to L1: Not handled 24 h after creation.');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(body.blocks[2]!.fields![1]!.text).toBe('*Held by*\n*Sup* [ervisors](https://evil.example) &lt;b&gt; &amp; co');
  });

  it('Teams: an Adaptive Card in a message attachment, markdown marks in free text neutralised', () => {
    const body = ADAPTERS.teams.body(message, dest('teams')) as { type: string; attachments: Array<{ contentType: string; content: { type: string; body: Array<{ type: string; facts?: Array<{ value: string }> }>; actions: Array<{ url: string }> } }> };
    expect(body.type).toBe('message');
    expect(body.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(body.attachments[0]!.content.body.find((b) => b.type === 'FactSet')!.facts![1]!.value).toBe('＊Sup＊ ［ervisors］(https://evil.example) ＜b> & co');
    expect(body.attachments[0]!.content.actions[0]!.url).toBe(message.link.url);
  });

  it('every body stays within its platform\'s size, WeCom leaving out facts when it must', () => {
    const long = { ...message, facts: Array.from({ length: 40 }, (_, i) => ({ label: `Fact ${i}`, value: '很长的主题'.repeat(40) })) };
    const wecom = ADAPTERS.wecom.body(long, dest('wecom')) as { markdown: { content: string } };
    expect(byteLength(wecom.markdown.content)).toBeLessThanOrEqual(4096);
    expect(wecom.markdown.content).toContain(message.link.url);
    for (const adapter of Object.values(ADAPTERS)) expect(byteLength(JSON.stringify(adapter.body(message, dest(adapter.platform)))), adapter.platform).toBeLessThan(adapter.maxBodyBytes);
  });
});

describe('each platform\'s answer', () => {
  const result = (platform: keyof typeof ADAPTERS, a: ReturnType<typeof answer>) => {
    const outcome = ADAPTERS[platform].classify(a);
    return outcome.result === 'retry' ? [outcome.result, outcome.retryAfterMs] : [outcome.result];
  };

  it('WeCom and DingTalk: errcode in a 200 body; throttling and busy are transient, the rest permanent', () => {
    expect(result('wecom', answer(200, '{"errcode":0,"errmsg":"ok"}'))).toEqual(['sent']);
    expect(result('wecom', answer(200, '{"errcode":45009,"errmsg":"api freq out of limit"}'))).toEqual(['retry', 60_000]);
    expect(result('wecom', answer(200, '{"errcode":93000,"errmsg":"invalid webhook url"}'))).toEqual(['refused']);
    expect(result('wecom', answer(200, '<html>proxy</html>'))).toEqual(['retry', null]);
    expect(result('dingtalk', answer(200, '{"errcode":0,"errmsg":"ok"}'))).toEqual(['sent']);
    expect(result('dingtalk', answer(200, '{"errcode":130101,"errmsg":"send too fast"}'))).toEqual(['retry', 600_000]);
    expect(result('dingtalk', answer(200, '{"errcode":310000,"errmsg":"sign not match"}'))).toEqual(['refused']);
    expect(result('dingtalk', answer(503, ''))).toEqual(['retry', null]);
  });

  it('Feishu/Lark: code in the body (200 or 4xx); frequency limits are transient, signature and keywords permanent', () => {
    expect(result('feishu', answer(200, '{"code":0,"msg":"success","data":{}}'))).toEqual(['sent']);
    expect(result('feishu', answer(200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}'))).toEqual(['refused']);
    expect(result('feishu', answer(400, '{"code":9499,"msg":"Bad Request"}'))).toEqual(['refused']);
    expect(result('feishu', answer(200, '{"code":11232,"msg":"frequency limited psm"}'))).toEqual(['retry', 60_000]);
  });

  it('Slack and Teams: the HTTP status; 429 with Retry-After and 5xx are transient, other 4xx permanent', () => {
    expect(result('slack', answer(200, 'ok'))).toEqual(['sent']);
    expect(result('slack', answer(429, 'rate_limited', '30'))).toEqual(['retry', 30_000]);
    expect(ADAPTERS.slack.classify(answer(410, 'channel_is_archived'))).toEqual({ result: 'refused', reason: 'Slack answered 410: channel_is_archived' });
    expect(result('slack', answer(500, 'rollup_error'))).toEqual(['retry', null]);
    expect(result('teams', answer(202, ''))).toEqual(['sent']);
    expect(result('teams', answer(401, '{"error":{"code":"DirectApiAuthorizationRequired"}}'))).toEqual(['refused']);
    expect(result('teams', answer(429, '', '5'))).toEqual(['retry', 5_000]);
  });
});

/**
 * The chat sink is as strict as the platforms it stands in for: credentials in the URL, the
 * signatures with their one-hour window (DingTalk: ms in the URL; Feishu: seconds in the body),
 * DingTalk's keywords, the message shapes, the rate limits, each answered the platform's way.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ROBOTS, sinkDestinations } from './robots.ts';
import { startChatSink, type RunningChatSink } from './server.ts';

let sink: RunningChatSink;
let urls: Record<string, string>;
const robots = SANDBOX_ROBOTS;

beforeAll(async () => {
  sink = await startChatSink({ port: 0 });
  urls = Object.fromEntries(Object.values(sinkDestinations(sink.url)).map((d) => [String(d.platform), String(d.url)]));
});

afterAll(async () => {
  await sink.close();
});

const post = async (url: string, body: unknown) => {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
};

function dingtalkUrl(at: number, secret = robots.dingtalk.secret): string {
  const sign = createHmac('sha256', secret).update(`${at}\n${secret}`).digest('base64');
  return `${urls.dingtalk}&timestamp=${at}&sign=${encodeURIComponent(sign)}`;
}

function feishuSign(seconds: number, secret = robots.feishu.secret) {
  return { timestamp: String(seconds), sign: createHmac('sha256', `${seconds}\n${secret}`).update('').digest('base64') };
}

const markdown = { msgtype: 'markdown', markdown: { title: 'Tierwise', text: 'Tierwise: ticket #1' } };
const card = { msg_type: 'interactive', card: { elements: [] } };

describe('the chat sink checks what each platform checks', () => {
  it('DingTalk: a signed message within the hour is accepted; a stale, wrong or missing signature is errcode 310000 in a 200', async () => {
    const now = Date.now();
    expect(await post(dingtalkUrl(now), markdown)).toEqual({ status: 200, text: '{"errcode":0,"errmsg":"ok"}' });
    expect(JSON.parse((await post(dingtalkUrl(now - 2 * 3_600_000), markdown)).text)).toMatchObject({ errcode: 310000 });
    expect(JSON.parse((await post(dingtalkUrl(now, 'SECwrong'), markdown)).text)).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    expect(JSON.parse((await post(urls.dingtalk!, markdown)).text)).toMatchObject({ errcode: 310000 });
    expect(JSON.parse((await post(dingtalkUrl(now), { msgtype: 'markdown', markdown: { title: 'x', text: 'no keyword' } })).text)).toMatchObject({ errcode: 310000, errmsg: 'keywords not in content' });
  });

  it('Feishu: timestamp in seconds and sign in the body; otherwise code 19021', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    expect(JSON.parse((await post(urls.feishu!, { ...feishuSign(seconds), ...card })).text)).toMatchObject({ code: 0 });
    expect(JSON.parse((await post(urls.feishu!, { ...feishuSign(seconds * 1000), ...card })).text)).toMatchObject({ code: 19021 });
    expect(JSON.parse((await post(urls.feishu!, { ...feishuSign(seconds, 'wrong'), ...card })).text)).toMatchObject({ code: 19021 });
    expect(JSON.parse((await post(urls.feishu!, card)).text)).toMatchObject({ code: 19021 });
  });

  it('WeCom: a wrong key is 93000, an empty or too long markdown is refused, all in a 200', async () => {
    expect(JSON.parse((await post(urls.wecom!.replace(robots.wecom.key, 'wrong'), { msgtype: 'markdown', markdown: { content: 'x' } })).text)).toMatchObject({ errcode: 93000 });
    expect(JSON.parse((await post(urls.wecom!, { msgtype: 'markdown', markdown: { content: '' } })).text)).toMatchObject({ errcode: 44004 });
    expect(JSON.parse((await post(urls.wecom!, { msgtype: 'markdown', markdown: { content: '字'.repeat(1400) } })).text)).toMatchObject({ errcode: 40058 });
  });

  it('Slack and Teams: plain-text 4xx reasons from Slack, JSON errors and 202 from Teams', async () => {
    expect(await post(urls.slack!, 'not json')).toEqual({ status: 400, text: 'invalid_payload' });
    expect(await post(urls.slack!, { attachments: [] })).toEqual({ status: 400, text: 'no_text' });
    expect(await post(urls.slack!.replace('sandboxSlackSecret', 'x'), { text: 'hi' })).toEqual({ status: 404, text: 'no_service' });
    const adaptive = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [] } }] };
    expect((await post(urls.teams!, adaptive)).status).toBe(202);
    expect((await post(urls.teams!.replace(/sig=[^&]+/, 'sig=wrong'), adaptive)).status).toBe(401);
    expect(JSON.parse((await post(urls.teams!, { text: 'old connector card' })).text)).toMatchObject({ error: { code: 'InvalidRequestContent' } });
  });

  it('throttles a WeCom robot at 20 messages a minute with errcode 45009', async () => {
    const fresh = await startChatSink({ port: 0 });
    const url = String(sinkDestinations(fresh.url)['sandbox-wecom']!.url);
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(JSON.parse((await post(url, { msgtype: 'markdown', markdown: { content: `#${i}` } })).text).errcode);
    await fresh.close();
    expect(answers.filter((c) => c === 0)).toHaveLength(20);
    expect(answers[20]).toBe(45009);
  });

  it('fails on request, in each platform\'s way, and lists what arrived', async () => {
    const fail = (plan: unknown) => fetch(`${sink.url}/__admin/fail`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) });
    expect((await fail({ answer: 'explode', times: 1 })).status).toBe(400);
    await fail({ platform: 'slack', answer: 'rate_limited', times: 1, retryAfter: 7 });
    const response = await fetch(urls.slack!, { method: 'POST', body: JSON.stringify({ text: 'hi' }) });
    expect([response.status, response.headers.get('Retry-After'), await response.text()]).toEqual([429, '7', 'rate_limited']);
    expect((await post(urls.slack!, { text: 'hi again' })).status).toBe(200);
    const { messages } = (await (await fetch(`${sink.url}/__admin/messages`)).json()) as { messages: Array<{ platform: string; accepted: boolean; text: string }> };
    expect(messages.filter((m) => m.platform === 'slack' && m.accepted).map((m) => m.text)).toContain('hi again\n');
  });
});

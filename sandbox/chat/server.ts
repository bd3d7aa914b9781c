/**
 * The local chat sink: a real HTTP server that stands in for the five platforms' incoming
 * webhooks, at paths shaped like theirs, checking what they check (sandbox/chat/checks.ts) and
 * answering their way. Tests and the agent view read what arrived at `/__admin/messages`, and
 * `/__admin/fail` makes it fail the next requests like a platform in trouble.
 *
 *   POST /cgi-bin/webhook/send?key=               WeCom group robot
 *   POST /robot/send?access_token=&timestamp=&sign= DingTalk custom robot
 *   POST /open-apis/bot/v2/hook/:token            Feishu / Lark custom bot
 *   POST /services/:T/:B/:secret                  Slack incoming webhook
 *   POST /workflows/:id/triggers/manual/paths/invoke?sig=  Teams Workflows webhook
 *   GET|DELETE /__admin/messages   POST|DELETE /__admin/fail   POST /__admin/release
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { PLATFORMS, type Platform } from '../../shared/alerts/destinations.ts';
import { checkDingtalk, checkFeishu, checkSlack, checkTeams, checkWecom, rateLimits, type Answer, type Verdict } from './checks.ts';
import { SANDBOX_ROBOTS, type SinkRobots } from './robots.ts';

export interface ReceivedMessage {
  seq: number;
  platform: Platform;
  /** ISO time it arrived. */
  at: string;
  /** Shown in the group (the platform accepted it). */
  accepted: boolean;
  /** The HTTP status it was answered with (null: held, never answered). */
  status: number | null;
  /** The platform's error answer, when refused. */
  error: string | null;
  text: string;
  body: unknown;
}

/** A failure the sink plays for the next `times` requests (of one platform, or any). */
export interface FailurePlan {
  platform?: Platform;
  /** server_error: 500/503; rate_limited: 429 or the platform's throttle errcode; refuse: a permanent error; hold: take the message, never answer. */
  answer: 'server_error' | 'rate_limited' | 'refuse' | 'hold';
  times: number;
  /** Seconds for Retry-After on rate_limited (default 1). */
  retryAfter?: number;
}

export interface ChatSinkOptions {
  port?: number;
  host?: string;
  robots?: SinkRobots;
  now?: () => number;
}

export interface RunningChatSink {
  url: string;
  port: number;
  messages(): ReceivedMessage[];
  close(): Promise<void>;
}

function failureAnswer(platform: Platform, plan: FailurePlan): Answer {
  const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({ status, body: JSON.stringify(value), contentType: 'application/json', ...(headers ? { headers } : {}) });
  const retryAfter = { 'Retry-After': String(plan.retryAfter ?? 1) };
  if (plan.answer === 'server_error') return platform === 'slack' ? { status: 500, body: 'rollup_error', contentType: 'text/plain' } : json(503, { errcode: -1, errmsg: 'system busy' });
  if (plan.answer === 'rate_limited') {
    if (platform === 'wecom') return json(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    if (platform === 'dingtalk') return json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    if (platform === 'feishu') return json(200, { code: 11232, msg: 'frequency limited psm', data: {} });
    return platform === 'slack' ? { status: 429, body: 'rate_limited', contentType: 'text/plain', headers: retryAfter } : json(429, { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded.' } }, retryAfter);
  }
  if (platform === 'wecom') return json(200, { errcode: 40058, errmsg: 'invalid parameter' });
  if (platform === 'dingtalk') return json(200, { errcode: 310000, errmsg: 'keywords not in content' });
  if (platform === 'feishu') return json(200, { code: 19024, msg: 'Key Words Not Found', data: {} });
  return platform === 'slack' ? { status: 410, body: 'channel_is_archived', contentType: 'text/plain' } : json(400, { error: { code: 'InvalidRequestContent', message: 'refused' } });
}

export async function startChatSink(options: ChatSinkOptions = {}): Promise<RunningChatSink> {
  const robots = options.robots ?? SANDBOX_ROBOTS;
  const now = options.now ?? Date.now;
  const limits = rateLimits();
  const received: ReceivedMessage[] = [];
  let failures: FailurePlan[] = [];
  const held: Array<() => void> = [];
  let seq = 0;

  const respond = (_c: Context, answer: Answer) => {
    return new Response(answer.body === '' ? null : answer.body, { status: answer.status, headers: { 'Content-Type': answer.contentType, ...(answer.headers ?? {}) } });
  };

  const handle = async (c: Context, platform: Platform, check: (body: string) => Verdict) => {
    const body = await c.req.text();
    const plan = failures.find((f) => (f.platform === undefined || f.platform === platform) && f.times > 0);
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      /* kept as null */
    }
    if (plan) {
      plan.times -= 1;
      failures = failures.filter((f) => f.times > 0);
      if (plan.answer === 'hold') {
        received.push({ seq: ++seq, platform, at: new Date(now()).toISOString(), accepted: true, status: null, error: null, text: check(body).text, body: parsed });
        await new Promise<void>((resolve) => held.push(resolve));
        return respond(c, { status: 503, body: 'released', contentType: 'text/plain' });
      }
      const answer = failureAnswer(platform, plan);
      received.push({ seq: ++seq, platform, at: new Date(now()).toISOString(), accepted: false, status: answer.status, error: answer.body, text: '', body: parsed });
      return respond(c, answer);
    }
    const verdict = check(body);
    received.push({ seq: ++seq, platform, at: new Date(now()).toISOString(), accepted: verdict.accepted, status: verdict.answer.status, error: verdict.accepted ? null : verdict.answer.body, text: verdict.text, body: parsed });
    return respond(c, verdict.answer);
  };

  const app = new Hono();
  app.post('/cgi-bin/webhook/send', (c) => handle(c, 'wecom', (body) => checkWecom(robots, new URL(c.req.url), body, limits, now())));
  app.post('/robot/send', (c) => handle(c, 'dingtalk', (body) => checkDingtalk(robots, new URL(c.req.url), body, limits, now())));
  app.post('/open-apis/bot/v2/hook/:token', (c) => handle(c, 'feishu', (body) => checkFeishu(robots, c.req.param('token'), body, limits, now())));
  app.post('/services/:t/:b/:secret', (c) => handle(c, 'slack', (body) => checkSlack(robots, `${c.req.param('t')}/${c.req.param('b')}/${c.req.param('secret')}`, body, limits, now())));
  app.post('/workflows/:id/triggers/manual/paths/invoke', (c) => handle(c, 'teams', (body) => checkTeams(robots, c.req.param('id'), new URL(c.req.url), body, limits, now())));

  app.get('/__admin/messages', (c) => c.json({ messages: received }));
  app.delete('/__admin/messages', (c) => {
    received.length = 0;
    return c.json({ ok: true });
  });
  app.post('/__admin/fail', async (c) => {
    const plan = (await c.req.json().catch(() => null)) as FailurePlan | null;
    const answers = ['server_error', 'rate_limited', 'refuse', 'hold'];
    if (!plan || !answers.includes(plan.answer) || !Number.isInteger(plan.times) || plan.times < 1 || (plan.platform !== undefined && !(PLATFORMS as readonly string[]).includes(plan.platform))) {
      return c.json({ error: `body must be {"answer": ${answers.join('|')}, "times": n >= 1, "platform"?: ${PLATFORMS.join('|')}, "retryAfter"?: seconds}` }, 400);
    }
    failures.push({ ...plan });
    return c.json({ ok: true, pending: failures });
  });
  app.delete('/__admin/fail', (c) => {
    failures = [];
    return c.json({ ok: true });
  });
  app.post('/__admin/release', (c) => {
    const count = held.length;
    held.splice(0).forEach((release) => release());
    return c.json({ released: count });
  });
  app.notFound((c) => c.text('not found', 404));

  const hostname = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${hostname}:${port}`,
    port,
    messages: () => [...received],
    close: () =>
      new Promise<void>((resolve) => {
        held.splice(0).forEach((release) => release());
        const s = server as unknown as { close(cb: () => void): void; closeAllConnections?: () => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}

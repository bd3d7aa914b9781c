import { describe, expect, it } from 'vitest';
import { parseDestinations } from './destinations.ts';

const good = {
  w: { platform: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' },
  d: { platform: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECxyz', keywords: ['Tierwise'] },
  f: { platform: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc-123', secret: 's' },
  l: { platform: 'feishu', url: 'https://open.larksuite.com/open-apis/bot/v2/hook/abc' },
  s: { platform: 'slack', url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
  t: { platform: 'teams', url: 'https://default123.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=abc' },
  t2: { platform: 'teams', url: 'https://prod-01.westeurope.logic.azure.com:443/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc' },
};

const problems = (value: unknown, allowLoopback = false) => {
  const parsed = parseDestinations(JSON.stringify(value), { allowLoopback });
  return parsed.ok ? [] : parsed.problems;
};

describe('ALERT_DESTINATIONS', () => {
  it('accepts each platform on its own hosts (Feishu and Lark; Teams Workflows on Logic Apps and Power Platform)', () => {
    const parsed = parseDestinations(JSON.stringify(good), { allowLoopback: false });
    expect(parsed.ok && [...parsed.destinations.values()].map((d) => [d.name, d.platform, d.secret !== null])).toEqual([
      ['w', 'wecom', false], ['d', 'dingtalk', true], ['f', 'feishu', true], ['l', 'feishu', false], ['s', 'slack', false], ['t', 'teams', false], ['t2', 'teams', false],
    ]);
    expect(parseDestinations(undefined, { allowLoopback: false })).toEqual({ ok: true, destinations: new Map() });
  });

  it('refuses http, another host, a lookalike host, a wrong path or a missing key, without repeating the URL', () => {
    expect(problems({ s: { platform: 'slack', url: 'http://hooks.slack.com/services/T/B/X' } })).toEqual(['s: url must be https (got http)']);
    expect(problems({ s: { platform: 'slack', url: 'https://hooks.slack.com.evil.io/services/T/B/X' } })).toEqual(['s: a slack url must be on hooks.slack.com (got hooks.slack.com.evil.io); it should look like https://hooks.slack.com/services/T.../B.../...']);
    expect(problems({ t: { platform: 'teams', url: 'https://logic.azure.com.evil.io/x?sig=1' } })[0]).toContain('a teams url must be on *.logic.azure.com or *.api.powerplatform.com');
    expect(problems({ w: { platform: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' } })).toEqual(['w: the url has no key= parameter; it should look like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...']);
    expect(problems({ d: { platform: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/other?access_token=SECRETTOKEN' } }).join()).not.toContain('SECRETTOKEN');
  });

  it('allows loopback URLs (the sandbox chat sink) only with the sandbox flag', () => {
    const sink = { s: { platform: 'slack', url: 'http://127.0.0.1:4030/services/T/B/X' } };
    expect(problems(sink)).toEqual(['s: url points at this machine (127.0.0.1); only the sandbox may do that (ALERT_ALLOW_LOOPBACK=true)']);
    expect(problems(sink, true)).toEqual([]);
  });

  it('names each bad field: platform, secret where none signs, keywords, unknown fields, names, JSON', () => {
    expect(problems({ x: { platform: 'line', url: 'https://x' } })).toEqual(['x: platform must be one of wecom, dingtalk, feishu, slack, teams']);
    expect(problems({ s: { ...good.s, secret: 'k' } })).toEqual(['s: slack does not sign requests; remove secret (the url itself is the credential)']);
    expect(problems({ w: { ...good.w, keywords: ['x'] } })).toEqual(['w: only dingtalk and feishu robots have custom keywords']);
    expect(problems({ d: { ...good.d, keyword: 'x' } })).toEqual(['d: unknown field keyword (fields: platform, url, secret, keywords)']);
    expect(problems({ 'Big Name': good.s })).toEqual(['"Big Name" is not a destination name (lower-case letters, digits, - and _, at most 40)']);
    expect(parseDestinations('{nope', { allowLoopback: false })).toEqual({ ok: false, problems: ['ALERT_DESTINATIONS is not JSON: it must be an object of destination name -> {"platform", "url", ...}'] });
  });
});

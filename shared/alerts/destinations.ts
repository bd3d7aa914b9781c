/**
 * The chat destinations: the worker's ALERT_DESTINATIONS secret, one JSON object naming each
 * destination with its platform, incoming-webhook URL and, where the platform signs, its secret:
 *
 *   {"team-wecom":   {"platform": "wecom",    "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=..."},
 *    "heads-ding":   {"platform": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=...", "secret": "SEC...", "keywords": ["Tierwise"]},
 *    "vip-feishu":   {"platform": "feishu",   "url": "https://open.feishu.cn/open-apis/bot/v2/hook/...", "secret": "..."},
 *    "oncall-slack": {"platform": "slack",    "url": "https://hooks.slack.com/services/..."},
 *    "ops-teams":    {"platform": "teams",    "url": "https://<env>.environment.api.powerplatform.com/powerautomate/..."}}
 *
 * A URL must be https on the platform's own host (a typo must not send a ticket link elsewhere);
 * loopback http is accepted only with `allowLoopback` (the sandbox's ALERT_ALLOW_LOOPBACK=true).
 * Messages never repeat a URL's path or query, nor a secret: they are the credentials.
 */
import { DESTINATION_NAME } from './routes.ts';

export const PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Destination {
  name: string;
  platform: Platform;
  url: string;
  /** DingTalk and Feishu/Lark signing secret ("加签" / "签名校验"), when the robot has signing on. */
  secret: string | null;
  /** DingTalk and Feishu/Lark custom keywords: the robot drops a message that contains none of them. */
  keywords: string[];
}

interface HostRule {
  /** Exact hosts, or suffixes starting with a dot (any subdomain). */
  hosts: string[];
  path: RegExp;
  /** The query parameter that carries the robot's key, when the platform puts it there. */
  query?: string;
  example: string;
  signs: boolean;
}

export const HOST_RULES: Record<Platform, HostRule> = {
  wecom: { hosts: ['qyapi.weixin.qq.com'], path: /^\/cgi-bin\/webhook\/send$/, query: 'key', example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...', signs: false },
  dingtalk: { hosts: ['oapi.dingtalk.com'], path: /^\/robot\/send$/, query: 'access_token', example: 'https://oapi.dingtalk.com/robot/send?access_token=...', signs: true },
  feishu: { hosts: ['open.feishu.cn', 'open.larksuite.com'], path: /^\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9_-]+$/, example: 'https://open.feishu.cn/open-apis/bot/v2/hook/... (Lark: open.larksuite.com)', signs: true },
  slack: { hosts: ['hooks.slack.com'], path: /^\/services\/[A-Za-z0-9/]+$/, example: 'https://hooks.slack.com/services/T.../B.../...', signs: false },
  // Teams Workflows ("When a Teams webhook request is received"): Logic Apps hosts for older
  // flows, Power Platform environment hosts for newer ones; the URL's `sig` authorises the call.
  teams: { hosts: ['.logic.azure.com', '.api.powerplatform.com'], path: /^\/.+/, query: 'sig', example: 'https://<env>.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/...?...&sig=...', signs: false },
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type DestinationsResult = { ok: true; destinations: Map<string, Destination> } | { ok: false; problems: string[] };

function hostMatches(host: string, rule: HostRule): boolean {
  return rule.hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) && host.length > h.length : host === h));
}

/** Problems with one destination's URL for its platform; empty when it is fine. */
export function urlProblems(name: string, platform: Platform, raw: string, allowLoopback: boolean): string[] {
  const rule = HOST_RULES[platform];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [`${name}: url is not a URL; it should look like ${rule.example}`];
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK.has(host);
  if (loopback && !allowLoopback) return [`${name}: url points at this machine (${host}); only the sandbox may do that (ALERT_ALLOW_LOOPBACK=true)`];
  if (!loopback && url.protocol !== 'https:') return [`${name}: url must be https (got ${url.protocol.replace(':', '')})`];
  if (loopback && url.protocol !== 'http:' && url.protocol !== 'https:') return [`${name}: url must be http(s)`];
  if (!loopback && !hostMatches(host, rule)) return [`${name}: a ${platform} url must be on ${rule.hosts.map((h) => (h.startsWith('.') ? `*${h}` : h)).join(' or ')} (got ${host}); it should look like ${rule.example}`];
  if (url.username !== '' || url.password !== '') return [`${name}: url must not carry a user name or password`];
  const problems: string[] = [];
  if (!rule.path.test(url.pathname)) problems.push(`${name}: the url's path is not a ${platform} incoming-webhook path; it should look like ${rule.example}`);
  if (rule.query && !url.searchParams.get(rule.query)) problems.push(`${name}: the url has no ${rule.query}= parameter; it should look like ${rule.example}`);
  return problems;
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '') ? value.map((v: string) => v.trim()) : null;
}

/** Parse and check the ALERT_DESTINATIONS secret; every problem names the destination and field. */
export function parseDestinations(text: string | undefined, options: { allowLoopback: boolean }): DestinationsResult {
  if (text === undefined || text.trim() === '') return { ok: true, destinations: new Map() };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['ALERT_DESTINATIONS is not JSON: it must be an object of destination name -> {"platform", "url", ...}'] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: ['ALERT_DESTINATIONS must be a JSON object of destination name -> {"platform", "url", ...}'] };
  const problems: string[] = [];
  const destinations = new Map<string, Destination>();
  for (const [name, value] of Object.entries(raw)) {
    if (!DESTINATION_NAME.test(name)) {
      problems.push(`"${name.slice(0, 40)}" is not a destination name (lower-case letters, digits, - and _, at most 40)`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${name}: must be an object {"platform", "url", ...}`);
      continue;
    }
    const entry = value as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((k) => !['platform', 'url', 'secret', 'keywords'].includes(k));
    if (unknown.length > 0) problems.push(`${name}: unknown field ${unknown.join(', ')} (fields: platform, url, secret, keywords)`);
    const platform = entry.platform;
    if (typeof platform !== 'string' || !(PLATFORMS as readonly string[]).includes(platform)) {
      problems.push(`${name}: platform must be one of ${PLATFORMS.join(', ')}`);
      continue;
    }
    const p = platform as Platform;
    if (typeof entry.url !== 'string') {
      problems.push(`${name}: url is missing; it should look like ${HOST_RULES[p].example}`);
      continue;
    }
    problems.push(...urlProblems(name, p, entry.url, options.allowLoopback));
    const secret = entry.secret === undefined ? null : entry.secret;
    if (secret !== null && (typeof secret !== 'string' || secret.trim() === '')) problems.push(`${name}: secret must be a non-empty string`);
    if (secret !== null && !HOST_RULES[p].signs) problems.push(`${name}: ${p} does not sign requests; remove secret (the url itself is the credential)`);
    const keywords = entry.keywords === undefined ? [] : stringList(entry.keywords);
    if (keywords === null) problems.push(`${name}: keywords must be a list of words`);
    if (keywords !== null && keywords.length > 0 && p !== 'dingtalk' && p !== 'feishu') problems.push(`${name}: only dingtalk and feishu robots have custom keywords`);
    destinations.set(name, { name, platform: p, url: entry.url, secret: typeof secret === 'string' ? secret.trim() : null, keywords: keywords ?? [] });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, destinations };
}

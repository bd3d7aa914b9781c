/**
 * The chat sink's robots: one per platform, each with the credentials the real platform would
 * issue (a WeCom key, a DingTalk token + signing secret + keyword, a Feishu token + signing
 * secret, a Slack webhook path, a Teams workflow id + sig), and the ALERT_DESTINATIONS secret
 * that points the worker at them.
 */
import type { Platform } from '../../shared/alerts/destinations.ts';

export interface SinkRobots {
  wecom: { key: string };
  dingtalk: { token: string; secret: string; keywords: string[] };
  feishu: { token: string; secret: string };
  slack: { path: string };
  teams: { workflow: string; sig: string };
}

export const SANDBOX_ROBOTS: SinkRobots = {
  wecom: { key: 'sandbox-wecom-key' },
  dingtalk: { token: 'sandbox-dingtalk-token', secret: 'SECsandbox-dingtalk-secret', keywords: ['Tierwise'] },
  feishu: { token: 'sandbox-feishu-token', secret: 'sandbox-feishu-secret' },
  slack: { path: 'T0SANDBOX/B0SANDBOX/sandboxSlackSecret' },
  teams: { workflow: 'sandbox-teams-workflow', sig: 'sandbox-teams-sig' },
};

/** The destination name the sandbox gives each platform's robot. */
export const SANDBOX_DESTINATION_NAMES: Record<Platform, string> = {
  wecom: 'sandbox-wecom',
  dingtalk: 'sandbox-dingtalk',
  feishu: 'sandbox-feishu',
  slack: 'sandbox-slack',
  teams: 'sandbox-teams',
};

/** ALERT_DESTINATIONS for a sink at `url` (the worker needs ALERT_ALLOW_LOOPBACK=true for it). */
export function sinkDestinations(url: string, robots: SinkRobots = SANDBOX_ROBOTS): Record<string, Record<string, unknown>> {
  const n = SANDBOX_DESTINATION_NAMES;
  return {
    [n.wecom]: { platform: 'wecom', url: `${url}/cgi-bin/webhook/send?key=${robots.wecom.key}` },
    [n.dingtalk]: { platform: 'dingtalk', url: `${url}/robot/send?access_token=${robots.dingtalk.token}`, secret: robots.dingtalk.secret, keywords: robots.dingtalk.keywords },
    [n.feishu]: { platform: 'feishu', url: `${url}/open-apis/bot/v2/hook/${robots.feishu.token}`, secret: robots.feishu.secret },
    [n.slack]: { platform: 'slack', url: `${url}/services/${robots.slack.path}` },
    [n.teams]: { platform: 'teams', url: `${url}/workflows/${robots.teams.workflow}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${robots.teams.sig}` },
  };
}
